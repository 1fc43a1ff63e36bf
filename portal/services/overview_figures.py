"""The county's overview in figures: the year's clients, budget granted and used, providers and
their clients' satisfaction, from the county's month totals; and each figure as a small CSV."""

import csv
import io
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.db.models import CountyMonth, Plan, ProviderOffering, ProviderRating
from portal.domain.ledger import Balance
from portal.domain.plans import PlanStatus
from portal.domain.providers import Rating
from portal.services.settlements import CsvStyle


@dataclass(frozen=True)
class CountyFigures:
    clients: int
    granted_cents: int
    used_cents: int
    providers: int
    rating_total: int
    rating_count: int


def county_figures(session: Session, year: int) -> CountyFigures:
    """The year's budget granted and used, by the months of the budget, from the county's month totals."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    clients = session.scalar(select(func.count(func.distinct(Plan.client_id))).where(Plan.status == PlanStatus.ACCEPTED))
    granted, charged, credited = session.execute(
        select(func.sum(CountyMonth.granted_cents), func.sum(CountyMonth.charged_cents),
               func.sum(CountyMonth.credited_cents))
        .where(CountyMonth.month >= start, CountyMonth.month < end)
    ).one()
    used = Balance(int(granted or 0), int(charged or 0), int(credited or 0))
    providers = session.scalar(
        select(func.count(func.distinct(ProviderOffering.provider_id))).where(ProviderOffering.approved_on.is_not(None))
    )
    total, count = session.execute(select(func.sum(ProviderRating.score), func.count(ProviderRating.id))).one()
    return CountyFigures(int(clients or 0), used.granted_cents, used.used_cents, int(providers or 0),
                         int(total or 0), int(count or 0))


def figure_csv(figures: CountyFigures, figure: str, year: int, style: CsvStyle) -> str:
    """One figure of the county's overview as a two-line CSV: the header (`style.header`, the year's
    and the figure's name) and the year's value, in the reader's format; the average rating as the page shows it
    (none from fewer than five ratings)."""
    average = Rating(figures.rating_total, figures.rating_count).average
    values = {
        "clients": [figures.clients],
        "granted": [style.euros(figures.granted_cents)],
        "used": [style.euros(figures.used_cents)],
        "providers": [figures.providers],
        "satisfaction": [figures.rating_count, "" if average is None else str(average).replace(".", style.decimal)],
    }[figure]
    out = io.StringIO()
    csv.writer(out, delimiter=style.delimiter, lineterminator="\r\n").writerows([style.header, [year, *values]])
    return out.getvalue()
