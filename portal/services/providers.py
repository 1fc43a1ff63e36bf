"""Providers for a client's service line: comparing and choosing them (rating them: services/ratings.py).

Only offerings the county has approved, valid on the day, for the line's kind of
service, from providers that serve the client's municipality, are ever offered.
"""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, contains_eager, joinedload, selectinload

from portal.db.models import (
    Client,
    Municipality,
    Plan,
    PlanLine,
    Provider,
    ProviderChoice,
    ProviderLanguage,
    ProviderOffering,
    ProviderOffice,
    ProviderRating,
    ProviderSpecialism,
    User,
)
from portal.domain.plans import PlanStatus
from portal.domain.providers import (
    CHOICE_LIFECYCLE,
    ChoiceError,
    ChoiceStatus,
    Offer,
    Rating,
    SortOrder,
    choice_in_force,
    chooser_of,
    next_choice,
    sort_offers,
    switch_date_problem,
)
from portal.services import agreements
from portal.services.paging import Page, Where, page_in_order
from portal.services.prices import approved_on


PROVIDERS_PER_PAGE = 25  # each a card with its facts


class NotApproved(ChoiceError):
    """The provider is not approved for this kind of service in the client's municipality."""


@dataclass(frozen=True)
class Filters:
    languages: tuple[str, ...] = ()
    office_municipality_id: int | None = None
    specialisms: tuple[str, ...] = ()
    new_clients_only: bool = False
    order: SortOrder = SortOrder.OWN_SHARE


@dataclass(frozen=True)
class Row:
    """One provider in the comparison, with its price and what it costs the client."""

    provider: Provider
    offering: ProviderOffering
    offer: Offer


def line_of_client(session: Session, client_id: int, line_id: int) -> PlanLine | None:
    """The line, if it is in the client's accepted plan; otherwise nothing."""
    return session.scalar(
        select(PlanLine)
        .join(Plan, PlanLine.plan_id == Plan.id)
        .where(PlanLine.id == line_id, Plan.client_id == client_id, Plan.status == PlanStatus.ACCEPTED)
        .options(
            contains_eager(PlanLine.plan).joinedload(Plan.client).joinedload(Client.municipality),
            joinedload(PlanLine.service_type),
            selectinload(PlanLine.choices).joinedload(ProviderChoice.provider),
        )
    )


def _approved_for(line: PlanLine, day: date) -> tuple:
    """The conditions on an offering (joined with its provider) that the line may be offered."""
    return (
        ProviderOffering.service_type_id == line.service_type_id,
        *approved_on(day),
        Provider.municipalities.any(Municipality.id == line.plan.client.municipality_id),
    )


def _approved(line: PlanLine, day: date, *more_provider_options):
    return (
        select(ProviderOffering)
        .join(Provider, ProviderOffering.provider_id == Provider.id)
        .where(*_approved_for(line, day))
        .options(
            contains_eager(ProviderOffering.provider).options(
                selectinload(Provider.languages),
                selectinload(Provider.specialisms),
                selectinload(Provider.municipalities),
                *more_provider_options,
            )
        )
    )


def ratings_of(session: Session, provider_ids: list[int]) -> dict[int, Rating]:
    rows = session.execute(
        select(ProviderRating.provider_id, func.sum(ProviderRating.score), func.count())
        .where(ProviderRating.provider_id.in_(provider_ids))
        .group_by(ProviderRating.provider_id)
    )
    return {provider_id: Rating(int(total), count) for provider_id, total, count in rows}


def _rows(session: Session, line: PlanLine, offerings: list[ProviderOffering], order: SortOrder,
          ratings: dict[int, Rating] | None = None) -> list[Row]:
    if ratings is None:
        ratings = ratings_of(session, [offering.provider_id for offering in offerings])
    rows = {
        offering.provider_id: Row(
            offering.provider,
            offering,
            _offer(line, offering.provider_id, offering.provider.name, offering.unit_price_cents, ratings),
        )
        for offering in offerings
    }
    return [rows[offer.provider_id] for offer in sort_offers((row.offer for row in rows.values()), order)]


def _offer(line: PlanLine, provider_id: int, name: str, unit_price_cents: int, ratings: dict[int, Rating]) -> Offer:
    return Offer(provider_id, name, unit_price_cents, line.voucher_value_cents, line.quantity_per_month,
                 ratings.get(provider_id, Rating()))


def compare(session: Session, line: PlanLine, filters: Filters, day: date, where: Where = Where(),
            size: int = PROVIDERS_PER_PAGE) -> Page:
    """The providers approved for the line that the filters let through, in the order asked for, a page at a time.

    The order is worked out from the offers' prices, names and ratings alone; only the page's
    providers are loaded with their facts."""
    query = (select(ProviderOffering.provider_id, Provider.name, ProviderOffering.unit_price_cents)
             .join(Provider, ProviderOffering.provider_id == Provider.id).where(*_approved_for(line, day)))
    if filters.languages:
        query = query.where(Provider.languages.any(ProviderLanguage.language.in_(filters.languages)))
    if filters.office_municipality_id is not None:
        query = query.where(Provider.offices.any(ProviderOffice.municipality_id == filters.office_municipality_id))
    for code in filters.specialisms:
        query = query.where(Provider.specialisms.any(ProviderSpecialism.code == code))
    if filters.new_clients_only:
        query = query.where(Provider.accepts_new_clients.is_(True))
    prices = {provider_id: (name, price) for provider_id, name, price in session.execute(query)}
    ratings = ratings_of(session, list(prices))
    offers = sort_offers((_offer(line, provider_id, name, price, ratings)
                          for provider_id, (name, price) in prices.items()), filters.order)
    page = page_in_order(offers, lambda offer: (offer.provider_id,), where, size)
    return replace(page, rows=rows_for(session, line, [offer.provider_id for offer in page.rows], day, ratings=ratings))


def rows_for(
    session: Session, line: PlanLine, provider_ids: list[int], day: date, with_offices: bool = False,
    ratings: dict[int, Rating] | None = None,
) -> list[Row]:
    """The named providers, in the order asked for; those not approved for the line are left out.
    Their ratings are read unless the caller has them already."""
    options = [selectinload(Provider.offices).joinedload(ProviderOffice.municipality)] if with_offices else []
    query = _approved(line, day, *options).where(Provider.id.in_(provider_ids))
    offerings = list(session.scalars(query).unique())
    by_id = {row.provider.id: row for row in _rows(session, line, offerings, SortOrder.NAME, ratings)}
    return [by_id[provider_id] for provider_id in provider_ids if provider_id in by_id]


@dataclass(frozen=True)
class ProviderDetails:
    row: Row
    price_list: list[ProviderOffering]
    comments: list[ProviderRating] = field(default_factory=list)


def details(session: Session, line: PlanLine, provider_id: int, day: date) -> ProviderDetails | None:
    rows = rows_for(session, line, [provider_id], day, with_offices=True)
    if not rows:
        return None
    price_list = session.scalars(
        select(ProviderOffering)
        .where(
            ProviderOffering.provider_id == provider_id,
            *approved_on(day),
        )
        .options(joinedload(ProviderOffering.service_type))
        .order_by(ProviderOffering.service_type_id)
    ).all()
    comments = session.scalars(
        select(ProviderRating)
        .where(ProviderRating.provider_id == provider_id, ProviderRating.comment != "")
        .order_by(ProviderRating.updated_at.desc())
        .limit(20)
    ).all()
    return ProviderDetails(rows[0], list(price_list), list(comments))


def first_start(line: PlanLine, today: date) -> date:
    """When a first choice of provider takes effect: today, or the plan's first day."""
    return max(today, line.plan.period_start)


def choose(
    session: Session,
    line: PlanLine,
    provider_id: int,
    start: date,
    chosen_by: User,
    today: date,
) -> ProviderChoice:
    """Record the choice of the client or of a relative acting for them, from the start date; the
    choice it replaces ends the day before. A choice still waiting for the provider's answer is withdrawn."""
    if not rows_for(session, line, [provider_id], today):
        raise NotApproved(provider_id)
    current = choice_in_force(line.choices, today) or next_choice(line.choices, today)
    if current is not None and current.provider_id == provider_id:
        return current
    problem = switch_date_problem(start, today, line.plan.period_end, current.valid_from if current else None)
    if problem:
        raise ChoiceError(problem)
    if current is not None:
        current.valid_to = start - timedelta(days=1)
        agreements.end_with_choice(session, current, current.valid_to)
        if CHOICE_LIFECYCLE.allows(current.status, ChoiceStatus.WITHDRAWN):
            current.status = ChoiceStatus.WITHDRAWN.value
    choice = ProviderChoice(plan_line_id=line.id, provider_id=provider_id, valid_from=start,
                            chosen_by_user_id=chosen_by.id, chosen_by=chooser_of(chosen_by.role).value)
    session.add(choice)
    session.flush()
    return choice
