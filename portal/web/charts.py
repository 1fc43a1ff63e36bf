"""A bar chart drawn on the server as SVG: for each row of a report, the budget granted and used, as
shares of the widest bar. The table beside it is its text alternative."""

from dataclasses import dataclass

from portal.domain.reports import ReportRow, percent_of

ROW_HEIGHT = 64  # a label line and two bars, in pixels: text keeps its size whatever the width
TOP = 8


@dataclass(frozen=True)
class Bar:
    row: ReportRow
    label_y: int
    granted_y: int
    used_y: int
    granted_width: str  # a share of the chart's width, like "73.4%"
    used_width: str


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    height: int


def _width(part: int, widest: int) -> str:
    share = percent_of(max(part, 0), widest)
    return f"{share or 0}%"


def bars(rows: list[ReportRow]) -> Chart:
    widest = max([max(row.figures.granted_cents, row.figures.used_cents) for row in rows] or [0])
    drawn = []
    for index, row in enumerate(rows):
        top = TOP + index * ROW_HEIGHT
        drawn.append(Bar(row, top + 16, top + 24, top + 42, _width(row.figures.granted_cents, widest),
                         _width(row.figures.used_cents, widest)))
    return Chart(drawn, TOP + len(rows) * ROW_HEIGHT)
