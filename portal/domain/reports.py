"""The county's reports: each row is a group of clients (a municipality, a kind of service, a
month or a year) with its budget figures, beside the same group a year earlier."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from portal.domain.ledger import Balance
from portal.domain.providers import Chooser


class ReportBy(StrEnum):
    MUNICIPALITY = "municipality"
    SERVICE = "service"
    MONTH = "month"
    YEAR = "year"


class Span(StrEnum):
    MONTH = "month"
    YEAR = "year"


ANY_SERVICE = 0  # the kind of service of a count of clients whatever their services
Cell = tuple[str, date, int, int]  # span, first day of the period, municipality, kind of service


def client_cells(municipality_id: int, vouchers: Iterable[tuple[int, date, date]]) -> set[Cell]:
    """Where a client counts: each month and year that a voucher with budget granted meets, for its
    kind of service and for any kind, in the client's municipality."""
    cells = set()
    for service_type_id, start, end in vouchers:
        month = date(start.year, start.month, 1)
        while month <= end:
            for kind in (service_type_id, ANY_SERVICE):
                cells.add((Span.MONTH.value, month, municipality_id, kind))
                cells.add((Span.YEAR.value, date(month.year, 1, 1), municipality_id, kind))
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return cells


def percent_of(part_cents: int, whole_cents: int) -> Decimal | None:
    """A share in per cent, to one decimal; none of nothing."""
    if whole_cents <= 0:
        return None
    return (Decimal(100) * part_cents / whole_cents).quantize(Decimal("0.1"), ROUND_HALF_UP)


def change_percent(now_cents: int, before_cents: int) -> Decimal | None:
    """How much a figure grew (or, below zero, fell) from a year earlier; none when there was nothing then."""
    if before_cents <= 0:
        return None
    return (Decimal(100) * (now_cents - before_cents) / before_cents).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class ReportRow:
    key: int | date  # a municipality's or kind of service's id, the first day of a month, or a year
    clients: int | None  # none where clients cannot be counted once (the total of all years)
    figures: Balance
    earlier_clients: int
    earlier: Balance  # the same group a year earlier
    used_by_chooser: dict[Chooser, int] = field(default_factory=dict)  # cents used, by who chose the provider

    def chosen_percent(self, chooser: Chooser) -> Decimal | None:
        """The share of what was used that went to providers chosen by the client, or by a relative."""
        return percent_of(self.used_by_chooser.get(chooser, 0), self.figures.used_cents)

    @property
    def used_percent(self) -> Decimal | None:
        """The share of the budget granted that was used."""
        return percent_of(self.figures.used_cents, self.figures.granted_cents)

    @property
    def used_change_percent(self) -> Decimal | None:
        return change_percent(self.figures.used_cents, self.earlier.used_cents)


def added(rows: list[ReportRow], key, clients: int | None, earlier_clients: int) -> ReportRow:
    """The total of rows; clients are counted once however many rows they appear in, so they are given."""
    by_chooser = {chooser: sum(row.used_by_chooser.get(chooser, 0) for row in rows) for chooser in Chooser}
    return ReportRow(key, clients, sum((row.figures for row in rows), Balance()), earlier_clients,
                     sum((row.earlier for row in rows), Balance()), by_chooser)
