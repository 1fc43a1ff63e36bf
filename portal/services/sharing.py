"""What a provider sees of a client, and the client's view of it: the rule is `domain.agreements.provider_sees_client`.

Before an accepted agreement a provider sees only what it needs to decide (the service, its quantity a month, the
client's municipality and language) and tells its clients apart by the choice's number; while the client's
agreement with it runs, also the client's name, address and the plan's goals; after it ended, only the services it
recorded (named by the client number, as its settlement needs). Each page reads the agreements of all its clients in
one query, and the goals of those it may see in one more.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from portal.db.models import Municipality, Plan, PlanGoal, PlanLine, Provider, ProviderChoice, ServiceAgreement
from portal.domain.agreements import SEES_MOST_FIRST, Sees, provider_sees_client
from portal.domain.plans import PlanStatus
from portal.services.agreements import pick_for
from portal.domain.providers import ChoiceStatus

COUNTING = (ChoiceStatus.PENDING, ChoiceStatus.ACCEPTED)


@dataclass(frozen=True)
class ClientSeen:
    """One of a provider's choices as the provider may see its client."""

    choice: ProviderChoice
    sees: Sees
    municipality: Municipality
    language: str
    agreement: ServiceAgreement | None  # the choice's service agreement, or none proposed yet
    name: str | None = None  # only while an agreement runs
    address: str | None = None
    goals: tuple[str, ...] = ()

    @property
    def reference(self) -> int:
        """The choice's number: tells clients apart without naming them."""
        return self.choice.id


def _agreements(session: Session, provider_id: int, client_ids) -> dict[int, list[tuple[ServiceAgreement, int]]]:
    """Each client's agreements with the provider, newest first, with the service each is for."""
    found = defaultdict(list)
    if client_ids:
        for agreement, service_type_id in session.execute(
            select(ServiceAgreement, PlanLine.service_type_id)
            .join(ProviderChoice, ServiceAgreement.choice_id == ProviderChoice.id)
            .join(PlanLine, ProviderChoice.plan_line_id == PlanLine.id)
            .where(ServiceAgreement.provider_id == provider_id, ServiceAgreement.client_id.in_(set(client_ids)))
            .order_by(ServiceAgreement.id.desc())
        ):
            found[agreement.client_id].append((agreement, service_type_id))
    return found


def _terms(agreements: list[tuple[ServiceAgreement, int]]) -> list[tuple[str, date | None]]:
    return [(agreement.status, agreement.ends_on) for agreement, _service_type_id in agreements]


def _goals(session: Session, plan_ids: set[int]) -> dict[int, tuple[str, ...]]:
    found = defaultdict(list)
    if plan_ids:
        for plan_id, text in session.execute(select(PlanGoal.plan_id, PlanGoal.text)
                                             .where(PlanGoal.plan_id.in_(plan_ids))
                                             .order_by(PlanGoal.plan_id, PlanGoal.position)):
            found[plan_id].append(text)
    return {plan_id: tuple(texts) for plan_id, texts in found.items()}


def as_seen(session: Session, provider_id: int, choices: list[ProviderChoice], today: date) -> list[ClientSeen]:
    """The provider's choices (with their lines, plans and clients loaded), each as the provider may see it."""
    agreements = _agreements(session, provider_id, [choice.plan_line.plan.client_id for choice in choices])
    sees = {choice.id: provider_sees_client(choice.status in COUNTING,
                                            _terms(agreements[choice.plan_line.plan.client_id]), today)
            for choice in choices}
    goals = _goals(session, {choice.plan_line.plan_id for choice in choices if sees[choice.id] is Sees.AGREEMENT})
    shown = []
    for choice in choices:
        plan = choice.plan_line.plan
        client = plan.client
        agreement = pick_for(choice, [agreement for agreement, service_type_id in agreements[client.id]
                                      if service_type_id == choice.plan_line.service_type_id])
        seen = ClientSeen(choice, sees[choice.id], client.municipality, client.language, agreement)
        if seen.sees is Sees.AGREEMENT:
            address = ", ".join(part for part in (client.street_address,
                                                  f"{client.postal_code} {client.post_office}".strip()) if part)
            seen = ClientSeen(choice, seen.sees, client.municipality, client.language, agreement, client.full_name,
                              address, goals.get(plan.id, ()))
        shown.append(seen)
    return shown


def names_seen(session: Session, provider_id: int, client_ids, today: date) -> dict[int, bool]:
    """Whether the provider may see each client's name now (on its lists of recorded services)."""
    agreements = _agreements(session, provider_id, client_ids)
    return {client_id: provider_sees_client(False, _terms(agreements[client_id]), today) is Sees.AGREEMENT
            for client_id in client_ids}


@dataclass(frozen=True)
class Sharing:
    """What one provider the client chose sees of them now; `until`: the last day of the agreement that runs."""

    provider: Provider
    sees: Sees
    until: date | None
    service_codes: tuple[str, ...]  # the services the client chose it for


def sharing_of(session: Session, client_id: int, today: date) -> list[Sharing]:
    """Each provider the client has chosen, with what it sees of them now: those that see most first."""
    choices = session.scalars(
        select(ProviderChoice).join(PlanLine, ProviderChoice.plan_line_id == PlanLine.id)
        .join(Plan, PlanLine.plan_id == Plan.id)
        .where(Plan.client_id == client_id, Plan.status.in_((PlanStatus.ACCEPTED, PlanStatus.SUPERSEDED)))
        .options(joinedload(ProviderChoice.provider), joinedload(ProviderChoice.plan_line).joinedload(PlanLine.plan),
                 joinedload(ProviderChoice.plan_line).joinedload(PlanLine.service_type))
    ).unique().all()
    agreements = session.execute(
        select(ServiceAgreement.provider_id, ServiceAgreement.status, ServiceAgreement.ends_on)
        .where(ServiceAgreement.client_id == client_id)
    ).all()
    by_provider = defaultdict(list)
    for choice in choices:
        by_provider[choice.provider_id].append(choice)
    shown = []
    for provider_id, chosen in by_provider.items():
        theirs = [(status, ends_on) for provider, status, ends_on in agreements if provider == provider_id]
        current = any(_counts_now(choice, today) for choice in chosen)
        sees = provider_sees_client(current, theirs, today)
        until = _last_day(theirs, today) if sees is Sees.AGREEMENT else None
        codes = tuple(dict.fromkeys(choice.plan_line.service_type.code for choice in chosen))
        shown.append(Sharing(chosen[0].provider, sees, until, codes))
    return sorted(shown, key=lambda item: (SEES_MOST_FIRST.index(item.sees), item.provider.name))


def _counts_now(choice: ProviderChoice, today: date) -> bool:
    """As the provider's list of clients shows it: in a plan in force, waiting or accepted, not ended."""
    return (choice.plan_line.plan.status == PlanStatus.ACCEPTED and choice.status in COUNTING
            and (choice.valid_to is None or choice.valid_to >= today))


def _last_day(agreements: list[tuple[str, date | None]], today: date) -> date | None:
    """The last day of the agreements that run: None when one runs with no end given."""
    ends = [ends_on for status, ends_on in agreements if provider_sees_client(False, [(status, ends_on)], today)
            is Sees.AGREEMENT]
    return None if None in ends else max(ends, default=None)
