"""Builders of a wellbeing services county, one thing at a time and through the services where
there is one, so that a test makes what it needs in a line and the demo reads as a story:

    county = a_county(session)
    provider = a_provider(session, county, "Aurinko Kotiapu Oy", offers={ServiceKind.HOME_CARE: 4600})
    client = a_client(session, county, "Aino", "Virtanen")
    plan = an_accepted_plan(session, client, {ServiceKind.HOME_CARE: 20}, start=date(2026, 1, 1))
    choice = a_choice(session, the_line(plan, ServiceKind.HOME_CARE), provider, date(2026, 1, 1))
    services_recorded(session, choice, [(date(2026, 1, 5), 2)])

Every builder takes the rows it builds on (never their ids), flushes what it adds, and returns it.
The defaults are the demo county's (`portal/vocabulary.py`).
"""

# Longer than 400 lines: one builder for each thing of a county, in the order a story needs them, so that a test
# and the demo find every one in one place.

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.db.models import (
    AccessibilityFeedback,
    AgreementHistory,
    CaseManager,
    Client,
    County,
    Mandate,
    Message,
    Municipality,
    Plan,
    PlanGoal,
    PlanLine,
    Provider,
    ProviderChoice,
    ProviderLanguage,
    ProviderOffering,
    ProviderOffice,
    ProviderQuality,
    ProviderRating,
    ProviderSpecialism,
    ServiceAgreement,
    ServiceDispute,
    ServiceEvent,
    ServiceType,
    SupervisionFinding,
    User,
)
from portal.domain.agreements import AgreementStatus, AgreementStep, Party, ProposedTerms
from portal.domain.charges import split_charge
from portal.domain.confirmations import DisputeReason
from portal.domain.budget import Band
from portal.domain.feedback import FeedbackKind, FeedbackStatus
from portal.domain.mandates import MandateSource, MandateStatus, RequestedBy, Scope
from portal.domain.plans import PlanStatus
from portal.domain.providers import ChoiceStatus, Chooser, Specialism, choice_in_force
from portal.domain.quality import FindingKind, OfficeAccess, QualityReport, QualityStatus
from portal.domain.roles import Role
from portal.domain.service_types import UNIT_OF, ServiceKind
from portal.services import agreements, disputes, feedback, plans, provider_work, quality, ratings
from portal.services.prices import approved_price
from portal import vocabulary
from portal.services.auth import hash_password
from portal.vocabulary import (
    ADVICE,
    CASE_MANAGERS,
    CONTACTS,
    COUNTY_NAME,
    GOALS_FI,
    GOALS_SV,
    MUNICIPALITIES,
    PRICE_RULES,
    PRICES_APPROVED_ON,
    PRICES_VALID_FROM,
    VOUCHER_VALUES,
    business_id,
    months_back,
    year_from,
)

PASSWORD = "demo-password"


@dataclass
class WellbeingCounty:
    """A county with its municipalities, its case managers and the catalogue of services."""

    county: County
    municipalities: list[Municipality]
    case_managers: list[CaseManager]
    service_types: dict[ServiceKind, ServiceType]


def a_county(
    session: Session,
    name: tuple[str, str] = COUNTY_NAME,
    municipalities: Iterable[tuple[str, str]] = MUNICIPALITIES,
    case_managers: Iterable[tuple[str, str, str]] = CASE_MANAGERS[:1],
    advice: tuple[str, str] = ADVICE,
    contacts: dict[str, str] = CONTACTS,
) -> WellbeingCounty:
    """A county (names in Finnish and Swedish) with its municipalities and case managers (name,
    phone, email), its contacts for decisions (`County`'s registry_*, review_body_*, ombudsman_*), and the
    catalogue of services at the county's voucher values, unless there is one."""
    county = County(name_fi=name[0], name_sv=name[1], advice_phone=advice[0], advice_email=advice[1], **contacts)
    towns = [Municipality(county=county, name_fi=fi, name_sv=sv) for fi, sv in municipalities]
    session.add_all([county, *towns])
    session.flush()
    managers = [CaseManager(county_id=county.id, name=n, phone=p, email=e) for n, p, e in case_managers]
    catalogue = {ServiceKind(t.code): t for t in session.scalars(select(ServiceType))}
    missing = {
        kind: ServiceType(code=kind.value, unit=UNIT_OF[kind].value, reference_price_cents=VOUCHER_VALUES[kind],
                          **PRICE_RULES.get(kind, {}))
        for kind in ServiceKind if kind not in catalogue
    }
    session.add_all([*managers, *missing.values()])
    session.flush()
    return WellbeingCounty(county, towns, managers, {kind: (catalogue | missing)[kind] for kind in ServiceKind})


def a_provider(
    session: Session,
    county: WellbeingCounty,
    name: str,
    offers: dict[ServiceKind, int],
    languages: Iterable[str] = ("fi",),
    serves: Iterable[Municipality] | None = None,
    office: tuple[str, str, Municipality] | None = None,
    specialisms: Iterable[Specialism] = (),
    not_yet_approved: dict[ServiceKind, int] | None = None,
    **details,
) -> Provider:
    """A service provider with its approved price for each kind it offers (cents a unit), serving
    the municipalities given (all of the county's by default), with an office (street, postal code,
    municipality) and prices the county has not yet approved, if given. `details` are the
    provider's own columns (business_id, phone, email, website, description_fi, accepts_new_clients…)."""
    if "business_id" not in details:
        details["business_id"] = business_id(random.Random(name))
    details.setdefault("phone", "06 555 0000")
    details.setdefault("email", "info@provider.example.fi")
    provider = Provider(name=name, municipalities=list(county.municipalities if serves is None else serves), **details)
    provider.languages = [ProviderLanguage(language=code) for code in languages]
    provider.specialisms = [ProviderSpecialism(code=code.value) for code in specialisms]
    if office is not None:
        street, postal_code, municipality = office
        provider.offices = [ProviderOffice(street=street, postal_code=postal_code, municipality_id=municipality.id)]
    session.add(provider)
    for kind, price in offers.items():
        session.add(ProviderOffering(provider=provider, service_type=county.service_types[kind], unit_price_cents=price,
                                     valid_from=PRICES_VALID_FROM, approved_on=PRICES_APPROVED_ON))
    for kind, price in (not_yet_approved or {}).items():
        session.add(ProviderOffering(provider=provider, service_type=county.service_types[kind], unit_price_cents=price,
                                     valid_from=PRICES_VALID_FROM))
    session.flush()
    return provider


def a_client(
    session: Session,
    county: WellbeingCounty,
    first_name: str,
    last_name: str,
    language: str = "fi",
    municipality: Municipality | None = None,
    case_manager: CaseManager | None = None,
) -> Client:
    """A client of the county's first municipality and case manager unless others are given,
    with the next client number and an address in the municipality."""
    number = session.scalar(select(func.count()).select_from(Client)) + 1
    municipality = municipality or county.municipalities[0]
    swedish = language == "sv"
    street = vocabulary.STREETS[number % len(vocabulary.STREETS)][swedish]
    client = Client(client_number=f"A{number:07d}", first_name=first_name, last_name=last_name, language=language,
                    municipality_id=municipality.id, case_manager_id=(case_manager or county.case_managers[0]).id,
                    street_address=f"{street} {number % 40 + 1}",
                    postal_code=vocabulary.POSTAL_CODES.get(municipality.name_fi, "65100"),
                    post_office=(municipality.name_sv if swedish else municipality.name_fi).upper())
    session.add(client)
    session.flush()
    return client


def an_accepted_plan(
    session: Session,
    client: Client,
    quantities: dict[ServiceKind, int],
    start: date,
    goals: Iterable[str] | None = None,
) -> Plan:
    """The client's next plan for a year from `start`, with a line of each kind (units a month on
    weekdays), drawn up by their case manager, proposed and accepted 12 days before it starts:
    its vouchers are issued by the plans service."""
    if goals is None:
        goals = (GOALS_SV if client.language == "sv" else GOALS_FI)[:1]
    version = (session.scalar(select(func.max(Plan.version)).where(Plan.client_id == client.id)) or 0) + 1
    plan = Plan(client_id=client.id, version=version, status=PlanStatus.DRAFT.value, period_start=start,
                period_end=year_from(start), review_date=months_back(start, -7) + timedelta(days=14),
                case_manager_id=client.case_manager_id)
    plan.goals = [PlanGoal(position=i, text=text) for i, text in enumerate(goals)]
    session.add(plan)
    session.flush()
    service_types = {ServiceKind(t.code): t for t in session.scalars(select(ServiceType))}
    for kind, quantity in quantities.items():
        plans.add_line(session, plan, service_types[kind], {Band.WEEKDAY: quantity}, travel=False, county_units=0)
    accepted_on = start - timedelta(days=12)
    plans.propose(plan, accepted_on)
    session.flush()
    return plans.accept(session, client.id, plan.id, accepted_on)


def the_line(plan: Plan, kind: ServiceKind) -> PlanLine:
    """The plan's line of this kind of service."""
    return next(line for line in plan.lines if line.service_type.code == kind.value)


def a_proposed_version(
    session: Session,
    client: Client,
    proposed_on: date,
    lines: dict[ServiceKind, dict[Band, int]],
    county_units: int = 0,
    more_goals: Iterable[str] = (),
) -> Plan:
    """The case manager's next version of the client's plan, proposed to the client: a copy of the
    plan in force whose lines of the kinds given are replaced by these units (by band)."""
    session.refresh(client, ["plans"])
    draft = plans.new_version(session, client, client.case_manager_id, proposed_on)
    draft.goals.extend(PlanGoal(position=len(draft.goals) + i, text=text) for i, text in enumerate(more_goals))
    service_types = {ServiceKind(t.code): t for t in session.scalars(select(ServiceType))}
    for kind, units in lines.items():
        replaced = next((line for line in draft.lines if line.service_type.code == kind.value), None)
        if replaced is not None:
            plans.remove_line(session, draft, replaced.id)
        plans.add_line(session, draft, service_types[kind], units, travel=False, county_units=county_units)
    plans.propose(draft, proposed_on)
    session.flush()
    return draft


def a_choice(
    session: Session,
    line: PlanLine,
    provider: Provider,
    valid_from: date,
    valid_to: date | None = None,
    chosen_by: Chooser = Chooser.CLIENT,
    status: ChoiceStatus = ChoiceStatus.ACCEPTED,
    chosen_on: date | None = None,
    reason: str = "",
    agreed: bool = True,
) -> ProviderChoice:
    """The provider chosen for the plan line from `valid_from` (to `valid_to`), accepted by the
    provider unless another status is given. It was chosen on `chosen_on` (a week before it starts unless
    given), and the provider accepted or declined (with `reason`) the day after. An accepted choice comes with
    its service agreement accepted by the client, unless `agreed` is False."""
    chosen_on = chosen_on or valid_from - timedelta(days=7)
    decided = status in (ChoiceStatus.ACCEPTED, ChoiceStatus.DECLINED)
    choice = ProviderChoice(plan_line_id=line.id, provider_id=provider.id, valid_from=valid_from, valid_to=valid_to,
                            status=status.value, chosen_by=chosen_by.value, created_at=_noon(chosen_on),
                            decided_at=_noon(chosen_on + timedelta(days=1)) if decided else None,
                            decline_reason=reason)
    session.add(choice)
    session.flush()
    if status is ChoiceStatus.ACCEPTED and agreed:
        an_agreement(session, choice, accepted_on=chosen_on + timedelta(days=2), ends_on=valid_to, ended_by=Party.PORTAL)
    return choice


def an_agreement(
    session: Session,
    choice: ProviderChoice,
    status: AgreementStatus = AgreementStatus.ACCEPTED,
    starts_on: date | None = None,
    ends_on: date | None = None,
    accepted_on: date | None = None,
    notice_days: int = 14,
    ended_by: Party = Party.CLIENT,
    changes_asked: str = "",
    proposed_on: date | None = None,
) -> ServiceAgreement:
    """The terms the provider proposed on `proposed_on` (five days before the choice's first day unless given) for
    the choice (from its first day unless `starts_on` is given), at
    its approved price, and the client's answer: accepted on `accepted_on` (the choice's first day unless
    given) unless another status is given (with CHANGES_ASKED, the client's message `changes_asked`); notice given
    by `ended_by` to end on `ends_on`, if given (the portal's, when the choice ends)."""
    line = choice.plan_line
    starts_on = starts_on or choice.valid_from
    offering = approved_price(session, choice.provider_id, line.service_type_id, starts_on)
    price = offering.unit_price_cents if offering else None
    own_share = split_charge(1, price, line.voucher_value_cents).self_pay_cents if price is not None else None
    proposed_at = _noon(proposed_on or choice.valid_from - timedelta(days=5))
    agreement = ServiceAgreement(
        choice_id=choice.id, provider_id=choice.provider_id, client_id=line.plan.client_id, status=status.value,
        starts_on=starts_on, usual_times="Maanantaisin ja torstaisin aamupäivällä", contact_person="Liisa Laine",
        contact_phone="040 123 4567", cancellation_terms="Peruutus viimeistään edellisenä päivänä kello 12.",
        notice_days=notice_days, unit_price_cents=price, own_share_cents=own_share, proposed_at=proposed_at,
        ends_on=ends_on,
    )
    session.add(agreement)
    session.flush()
    terms = dict(starts_on=starts_on.isoformat(), usual_times=agreement.usual_times,
                 contact_person=agreement.contact_person, contact_phone=agreement.contact_phone,
                 cancellation_terms=agreement.cancellation_terms, notice_days=notice_days,
                 unit_price_cents=price, own_share_cents=own_share)
    steps = [AgreementHistory(agreement_id=agreement.id, step=AgreementStep.PROPOSED, version=1, party=Party.PROVIDER,
                              at=proposed_at, terms=terms)]
    if status is AgreementStatus.ACCEPTED:
        agreement.accepted_at = _noon(accepted_on or choice.valid_from)
        steps.append(AgreementHistory(agreement_id=agreement.id, step=AgreementStep.ACCEPTED, version=1,
                                      party=Party.CLIENT, at=agreement.accepted_at))
    if status is AgreementStatus.CHANGES_ASKED:
        steps.append(AgreementHistory(agreement_id=agreement.id, step=AgreementStep.CHANGES_ASKED, version=1,
                                      party=Party.CLIENT, at=proposed_at + timedelta(hours=3), message=changes_asked))
    if ends_on is not None and status is AgreementStatus.ACCEPTED:
        steps.append(AgreementHistory(agreement_id=agreement.id, step=AgreementStep.NOTICE_GIVEN, version=1,
                                      party=ended_by, at=agreement.accepted_at, last_day=ends_on))
    session.add_all(steps)
    session.flush()
    return agreement


def a_switch(session: Session, line: PlanLine, provider: Provider, valid_from: date, chosen_on: date,
             chosen_by: Chooser = Chooser.CLIENT) -> ProviderChoice:
    """The client chose another provider for the line on `chosen_on`, from `valid_from`: the choice in force
    then ends the day before, and its agreement with it (by the portal, as `providers.choose` ends them). The new
    provider accepted the day after; no terms are proposed yet."""
    session.refresh(line, ["choices"])
    current = choice_in_force(line.choices, chosen_on)
    current.valid_to = valid_from - timedelta(days=1)
    agreements.end_with_choice(session, current, current.valid_to)
    return a_choice(session, line, provider, valid_from, chosen_by=chosen_by, chosen_on=chosen_on, agreed=False)


def terms_proposed(session: Session, choice: ProviderChoice, today: date, usual_times: str, contact_person: str,
                   contact_phone: str, cancellation_terms: str, notice_days: int = 14) -> ServiceAgreement:
    """The provider proposes terms for the choice today, from the choice's first day, through the agreements
    service: the client and those acting for them are alerted."""
    terms = ProposedTerms(choice.valid_from, usual_times, contact_person, contact_phone, cancellation_terms,
                          notice_days)
    return agreements.propose(session, choice, None, terms, today)


def services_recorded(
    session: Session, choice: ProviderChoice, visits: Iterable[tuple[date, int]], today: date | None = None
) -> list[ServiceEvent]:
    """The chosen provider records each (day, units) through the recording rules, on the day itself
    unless `today` is given: the voucher is charged."""
    return [provider_work.record(session, choice.provider_id, None, choice.id, day, units, today or day).event
            for day, units in visits]


def a_disputed_service(session: Session, client: Client, user: User, provider: Provider, month: date, today: date,
                       reason: DisputeReason = DisputeReason.WRONG_UNITS, note: str = "") -> ServiceDispute | None:
    """The client disputes the latest of the provider's services of the month that still waits for confirmation
    (none if no service waits): its amount is held out of the provider's settlement."""
    rows = [row for row in disputes.services_to_confirm(session, client.id, month, today).waiting
            if row.event.provider_id == provider.id]
    if not rows:
        return None
    return disputes.dispute(session, client.id, user, Party.CLIENT, rows[-1].event.id, reason, note, today)


def a_rating(session: Session, client: Client, line: PlanLine, provider: Provider, score: int,
             comment: str = "", today: date | None = None, answer: str | None = None) -> ProviderRating:
    """The client rates a provider whose accepted agreement with them ran a month by `today` (the real today
    unless given); the provider answers the rating, if an `answer` is given."""
    rating = ratings.rate(session, client.id, line, provider.id, score, comment, today or date.today())
    if answer is not None:
        ratings.answer(session, provider.id, rating.id, answer, None, _noon(today or date.today()))
    return rating


def a_quality(session: Session, provider: Provider, on: date, status: QualityStatus = QualityStatus.APPROVED,
              step_free: bool | None = True, parking: bool | None = None, message: str = "",
              **told) -> ProviderQuality:
    """The quality information the provider sent on `on` (`told`: QualityReport's fields; its offices with the
    step-free entrance and parking given), approved by the county the same day unless another status is given."""
    offices = tuple(OfficeAccess(office.id, step_free, parking) for office in provider.offices)
    version = quality.submit(session, provider.id, None, QualityReport(offices=offices, **told), _noon(on))
    if status is not QualityStatus.SUBMITTED:
        quality.decide(session, version, status is QualityStatus.APPROVED, message, None, _noon(on))
    return version


def a_finding(session: Session, provider: Provider, found_on: date, kind: FindingKind = FindingKind.NO_REMARKS,
              summary_fi: str = "", summary_sv: str = "", put_right_by: date | None = None) -> SupervisionFinding:
    """What the county's supervision of the provider found on `found_on`."""
    return quality.record_finding(session, provider.id, kind, found_on, put_right_by, summary_fi or "Tarkastus tehty.",
                                  summary_sv, None, found_on)


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), UTC)


@lru_cache
def _hashed(password: str) -> str:
    return hash_password(password)


def an_account(
    session: Session,
    role: Role,
    username: str,
    display_name: str | None = None,
    client: Client | None = None,
    case_manager: CaseManager | None = None,
    provider: Provider | None = None,
    password: str = PASSWORD,
) -> User:
    """A user who signs in with `password`: a client's own account, a case manager's, a provider's…"""
    if display_name is None:
        display_name = client.full_name if client else case_manager.name if case_manager else username
    user = User(username=username, password_hash=_hashed(password), role=role, display_name=display_name,
                client_id=client.id if client else None, case_manager_id=case_manager.id if case_manager else None,
                provider_id=provider.id if provider else None)
    session.add(user)
    session.flush()
    return user


def a_mandate(
    session: Session,
    client: Client,
    holder: User,
    valid_until: date,
    scope: Scope = Scope.ACT,
    status: MandateStatus = MandateStatus.ACTIVE,
    requested_by: RequestedBy = RequestedBy.CLIENT,
    paper_signed_on: date | None = None,
    recorded_by: User | None = None,
    source: MandateSource = MandateSource.PORTAL,
) -> Mandate:
    """The client's mandate to `holder`, as it stands (active, revoked…): given on paper and
    recorded by a case manager when `paper_signed_on` is given; read from Suomi.fi with `source`."""
    mandate = Mandate(client_id=client.id, holder_user_id=holder.id, scope=scope.value, status=status.value,
                      valid_until=valid_until, requested_by=requested_by.value, paper_signed_on=paper_signed_on,
                      recorded_by_user_id=recorded_by.id if recorded_by else None, source=source)
    session.add(mandate)
    session.flush()
    return mandate


def a_message(session: Session, author: User, client: Client, body: str, asks_for_review: bool = False) -> Message:
    """A message in the client's conversation with their case manager."""
    return plans.send_message(session, author, client.id, body, asks_for_review=asks_for_review)


def a_feedback(
    session: Session,
    message: str,
    received_at: datetime | None = None,
    kind: FeedbackKind = FeedbackKind.ACCESSIBILITY,
    page: str = "",
    reply_to: str = "",
    status: FeedbackStatus = FeedbackStatus.NEW,
    reply: str = "",
    replied_by: User | None = None,
) -> AccessibilityFeedback:
    """Feedback received through the portal (now unless `received_at` is given), as it stands: new, in
    progress, or answered by `replied_by` with `reply` the day after it was received."""
    given = feedback.receive(session, kind, page, message, reply_to)
    given.received_at = received_at or datetime.now(UTC)
    given.status, given.reply = status, reply
    if status is FeedbackStatus.ANSWERED:
        given.replied_at = given.received_at + timedelta(days=1)
        given.replied_by_user_id = replied_by.id if replied_by else None
    session.flush()
    return given
