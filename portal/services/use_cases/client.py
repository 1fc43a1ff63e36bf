"""What the client's pages ask of the services, for the client or a relative acting for them: the
overview, the client plan and its proposals, the transactions, providers, mandates and messages."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from portal.db.models import (Mandate, Message, Municipality, Plan, PlanLine, Provider, ProviderChoice, ProviderRating,
                              ServiceAgreement, User)
from portal.domain.access_log import AccessAction
from portal.domain.agreements import AgreementStatus
from portal.domain.confirmations import MonthToConfirm
from portal.domain.mandates import MandateStatus, Scope, expires_soon
from portal.domain.plans import PlanStatus, iso_month
from portal.domain.providers import ChoiceError, choice_in_force, next_choice
from portal.domain.forecast import Forecast
from portal.services import (access_log, agreements, client_pages, decisions, disputes, mandates, plans, providers,
                             quality, ratings)
from portal.domain.timeline import Timeline
from portal.services import sharing
from portal.services.paging import Page, Where
from portal.services.timeline import timeline_of
from portal.services.work import use_case


@dataclass(frozen=True)
class ClientOverview:
    summary: client_pages.Overview | None  # None: no plan in force yet
    ending: list[Mandate]  # the client's own mandates that end soon (shown to the client only)
    proposed: Plan | None  # a plan waiting for the client's answer
    to_answer: list[ServiceAgreement]  # service agreements a provider proposed, waiting for the client's answer
    to_confirm: list[MonthToConfirm]  # ended months whose recorded services wait for the client's confirmation


@use_case
def client_overview(db: Session, client_id: int, for_self: bool, today: date) -> ClientOverview:
    """This month's budget of each service, mandates that end soon, and what waits for the client's answer: a
    proposed plan, proposed service agreements, and the services of ended months to confirm."""
    ending = [m for m in mandates.given_by(db, client_id)
              if m.status == MandateStatus.ACTIVE and expires_soon(m.valid_until, today)] if for_self else []
    to_answer = [agreement for agreement in agreements.agreements_of_client(db, client_id)
                 if agreement.status == AgreementStatus.PROPOSED]
    return ClientOverview(client_pages.overview(db, client_id, today), ending, plans.proposed_plan(db, client_id),
                          to_answer, disputes.waiting_months(db, client_id, today))


def _plan_shown(db: Session, client_id: int, plan_id: int | None) -> Plan | None:
    """The plan asked for, or the one in force when none is asked for."""
    return client_pages.current_plan(db, client_id) if plan_id is None else client_pages.plan_of_client(db, client_id, plan_id)


@dataclass(frozen=True)
class ClientPlan:
    plan: Plan | None  # None: no plan in force yet
    versions: list[Plan]  # every version the client has seen, newest first
    figures: plans.PlanFigures | None
    forecasts: dict[int, Forecast | None]  # by line, for the plan in force: how long its budget lasts


@use_case
def client_plan(db: Session, client_id: int, today: date, plan_id: int | None = None) -> ClientPlan | None:
    """The client plan in force, or the version asked for (None when the client has no such plan)."""
    shown = _plan_shown(db, client_id, plan_id)
    if shown is None:
        return None if plan_id is not None else ClientPlan(None, [], None, {})
    return ClientPlan(shown, client_pages.plan_versions(db, client_id), plans.figures_of(shown),
                      client_pages.forecasts_of(db, shown, today))


@use_case
def plan_timeline(db: Session, client_id: int, today: date) -> Timeline:
    """What has happened to the client plan and each of its services, in order, and what is still to come."""
    return timeline_of(db, client_id, today)


@use_case
def providers_sharing(db: Session, client_id: int, today: date) -> list[sharing.Sharing]:
    """Each provider the client has chosen, with what it sees of the client now."""
    return sharing.sharing_of(db, client_id, today)


@use_case
def plan_transactions(db: Session, client_id: int, plan_id: int | None, month: str | None, today: date,
                      where: Where) -> client_pages.Transactions | None:
    """The services charged to the plan's vouchers in a month (the newest unless `month`, 2026-03, names
    another); none for a month the plan does not have. None when there is no such plan, or no plan in force."""
    shown = _plan_shown(db, client_id, plan_id)
    if shown is None:
        return None
    months = client_pages.months_of_plan(shown, today)
    if month is None:
        return client_pages.transactions(db, shown, months[0], months, where)
    asked = next((m for m in months if iso_month(m) == month), None)
    if asked is None:
        return client_pages.no_transactions(shown, months[0], months)
    return client_pages.transactions(db, shown, asked, months, where)


@dataclass(frozen=True)
class ProposalAnswer:
    proposal: plans.Proposal | None  # None: no plan is waiting for an answer
    accepted_before: bool = False  # the plan the form named was accepted already (another window, a relative)
    accepted: bool = False  # accepted now: in force, its vouchers issued
    sent_back: bool = False  # sent back to the case manager with the client's message


@use_case
def plan_proposal(db: Session, author: User, client_id: int, today: date, sent_for_plan_id: int,
                  accept: bool = False, changes_asked: str | None = None) -> ProposalAnswer:
    """The proposed plan and what it changes; accepted, or sent back with a message asking for changes
    (PlanError when it was accepted meanwhile)."""
    proposal = plans.proposal_of(db, client_id, today)
    if proposal is None:
        sent_for = plans.plan_of_client(db, client_id, sent_for_plan_id)
        return ProposalAnswer(None, accepted_before=sent_for is not None and sent_for.status == PlanStatus.ACCEPTED)
    if accept:
        plans.accept(db, client_id, proposal.plan.id, today)
        return ProposalAnswer(proposal, accepted=True)
    if changes_asked is not None:
        plans.send_back(db, client_id, proposal.plan.id)
        plans.send_message(db, author, client_id, changes_asked)
        return ProposalAnswer(proposal, sent_back=True)
    return ProposalAnswer(proposal)


@use_case
def messages(db: Session, client_id: int) -> list[Message]:
    """The client's messages with the case manager, oldest first."""
    return plans.messages_of(db, client_id)


@use_case
def send_message(db: Session, author: User, client_id: int, body: str, asks_for_review: bool) -> None:
    """The message reaches the client's case manager (asking for a review of the plan, if so)."""
    plans.send_message(db, author, client_id, body, asks_for_review=asks_for_review)


@dataclass(frozen=True)
class ProviderList:
    line: PlanLine
    municipalities: list[Municipality]  # where a provider may have an office
    page: Page | None  # of providers.Row; None when the filters were wrong
    quality: dict[int, quality.Shown]  # by provider on the page: the approved quality information (easy language)


@use_case
def providers_for_line(db: Session, client_id: int, line_id: int, today: date, where: Where,
                       filters_of: Callable[[list[Municipality]], providers.Filters | None],
                       with_quality: bool = False) -> ProviderList | None:
    """The providers approved for a service of the client plan, compared, a page at a time. `filters_of`
    reads the filters asked for once it knows the municipalities (None: wrong ones, no list). None: no such line.
    `with_quality`: also each listed provider's approved quality information (the easy list tells it)."""
    line = providers.line_of_client(db, client_id, line_id)
    if line is None:
        return None
    municipalities = client_pages.municipalities(db)
    filters = filters_of(municipalities)
    page = providers.compare(db, line, filters, today, where) if filters is not None else None
    listed = [row.provider.id for row in page.rows] if page else []
    shown = quality.shown_for(db, listed, today) if with_quality and listed else {}
    return ProviderList(line, municipalities, page, shown)


@dataclass(frozen=True)
class ProvidersCompared:
    line: PlanLine
    rows: list[providers.Row]  # in the order asked for
    quality: dict[int, quality.Shown]  # by provider: the approved quality information, findings and offices


@use_case
def providers_compared(db: Session, client_id: int, line_id: int, provider_ids: list[int],
                       today: date) -> ProvidersCompared | None:
    """Two or three providers side by side for a service; None unless the line and each of them is found."""
    line = providers.line_of_client(db, client_id, line_id)
    if line is None:
        return None
    rows = providers.rows_for(db, line, provider_ids, today)
    if len(rows) != len(provider_ids):
        return None
    return ProvidersCompared(line, rows, quality.shown_for(db, provider_ids, today))


@dataclass(frozen=True)
class ProviderPage:
    line: PlanLine
    details: providers.ProviderDetails
    can_rate: bool  # the client's accepted agreement with the provider has run a month
    rating_from: date | None  # the first day the client may rate the provider; None: no agreement runs a month
    quality: quality.Shown  # the approved quality information, findings and offices


@use_case
def provider_page(db: Session, client_id: int, line_id: int, provider_id: int, today: date) -> ProviderPage | None:
    """A provider approved for a service of the client plan: prices, offices, ratings; None if not found."""
    line = providers.line_of_client(db, client_id, line_id)
    details = providers.details(db, line, provider_id, today) if line is not None else None
    if details is None:
        return None
    rating_from = ratings.opening_days(db, client_id, [provider_id])[provider_id]
    return ProviderPage(line, details, rating_from is not None and rating_from <= today, rating_from,
                        quality.shown_for(db, [provider_id], today)[provider_id])


@dataclass(frozen=True)
class ProviderChoosing:
    line: PlanLine
    row: providers.Row | None  # None: the provider is not approved for the line (nothing was saved)
    current: ProviderChoice | None  # the choice in force, or the next one
    first_start: date  # when a first choice takes effect
    already_chosen: bool  # the provider is the one in force, or the next one
    chosen: bool = False  # the choice is saved
    problem: str | None = None  # why the start date was refused ("no_date", or ChoiceError's); nothing was saved


@use_case
def choose_provider(db: Session, chooser: User, client_id: int, line_id: int, provider_id: int, today: date,
                    choose: bool = False, typed_start: date | None = None) -> ProviderChoosing | None:
    """The provider for a service of the client plan, and the choice in force; with `choose`, the new
    choice from `typed_start` (when it replaces one) or from the first day possible. None: no such line."""
    line = providers.line_of_client(db, client_id, line_id)
    if line is None:
        return None
    rows = providers.rows_for(db, line, [provider_id], today)
    current = choice_in_force(line.choices, today) or next_choice(line.choices, today)
    page = ProviderChoosing(line, rows[0] if rows else None, current, providers.first_start(line, today),
                            already_chosen=current is not None and current.provider_id == provider_id)
    if not choose or page.row is None or page.already_chosen:
        return page
    start = typed_start if current is not None else page.first_start
    if start is None:
        return replace(page, problem="no_date")
    try:
        providers.choose(db, line, provider_id, start, chooser, today)
    except providers.NotApproved:  # refused before anything was written
        return replace(page, row=None)
    except ChoiceError as problem:
        return replace(page, problem=str(problem))
    return replace(page, chosen=True)


@dataclass(frozen=True)
class ProviderRatingPage:
    line: PlanLine
    provider: Provider
    existing: ProviderRating | None  # the client's earlier rating of the provider (one per client and provider)
    opens_on: date | None  # the first day the client may rate; None: no accepted agreement that runs a month
    may_rate: bool  # today is that day or later
    rated: bool = False  # the rating is saved


@use_case
def rate_provider(db: Session, client_id: int, line_id: int, provider_id: int, today: date,
                  score: int | None = None, comment: str = "") -> ProviderRatingPage | None:
    """The client's rating of a provider chosen for a service of the plan, possible once their accepted
    agreement ran a month; saved when `score` is given and it is. None: no such line, or no such choice."""
    line = providers.line_of_client(db, client_id, line_id)
    provider = next((c.provider for c in line.choices if c.provider_id == provider_id), None) if line else None
    if provider is None:
        return None
    opens_on = ratings.opening_days(db, client_id, [provider_id])[provider_id]
    page = ProviderRatingPage(line, provider, ratings.rating_of(db, client_id, provider_id), opens_on,
                              opens_on is not None and opens_on <= today)
    if score is None or not page.may_rate:
        return page
    ratings.rate(db, client_id, line, provider_id, score, comment, today)
    return replace(page, rated=True)


@use_case
def given_mandates(db: Session, client_id: int) -> list[Mandate]:
    """Every mandate the client has given or been asked for, newest first."""
    return mandates.given_by(db, client_id)


@dataclass(frozen=True)
class MandateToGive:
    holder: User  # the person who gets it
    mandate: Mandate | None = None  # given now; None while the client checks their answers


@use_case
def give_mandate(db: Session, client: User, client_id: int, holder_username: str, scope: Scope,
                 valid_until: date | None, today: date, confirmed: bool) -> MandateToGive:
    """The person a mandate would go to, or, once confirmed, the mandate: valid at once, and in the
    client's access log (MandateError when it cannot be given)."""
    if not confirmed:
        return MandateToGive(mandates.check_grant(db, client_id, holder_username, valid_until, today))
    mandate = mandates.grant(db, client_id, holder_username, scope, valid_until, today)
    access_log.record(db, client, client_id, AccessAction.GRANT_MANDATE, mandate.id)
    return MandateToGive(mandate.holder, mandate)


DECISION_LOGGED_AS = {
    MandateStatus.ACTIVE: AccessAction.CONFIRM_MANDATE,
    MandateStatus.DECLINED: AccessAction.DECLINE_MANDATE,
    MandateStatus.REVOKED: AccessAction.REVOKE_MANDATE,
}


@dataclass(frozen=True)
class MandateDecision:
    mandate: Mandate
    decided_before: bool = False  # confirmed, declined or revoked already: nothing to decide, nothing changed
    decided: bool = False  # decided now


@use_case
def decide_mandate(db: Session, client: User, client_id: int, mandate_id: int, today: date,
                   new_status: MandateStatus | None = None) -> MandateDecision | None:
    """A mandate the client was asked for or gave; confirmed, declined or revoked with `new_status`, and
    logged (MandateError when it was decided meanwhile). None: no such mandate of the client's."""
    mandate = mandates.of_client(db, client_id, mandate_id)
    if mandate is None:
        return None
    if mandate.status not in (MandateStatus.REQUESTED, MandateStatus.ACTIVE):
        return MandateDecision(mandate, decided_before=True)
    if new_status is None:
        return MandateDecision(mandate)
    mandates.decide(db, mandate, new_status, today)
    access_log.record(db, client, mandate.client_id, DECISION_LOGGED_AS[new_status], mandate.id)
    return MandateDecision(mandate, decided=True)


@use_case
def client_access_log(db: Session, client_id: int, where: Where) -> Page:
    """A page of who has read or changed the client's information, newest first."""
    return access_log.entries_for(db, client_id, where)


@use_case
def client_decisions(db: Session, client_id: int, where: Where) -> Page:
    """A page of the county's decisions on the client's vouchers (decisions.DecisionRow), newest first."""
    return decisions.decisions_of(db, client_id, where)


@use_case
def client_decision(db: Session, client_id: int, decision_id: int) -> decisions.DecisionShown | None:
    """One of the client's decisions, as it was made; None for any other (another client's is not found)."""
    return decisions.decision_of(db, client_id, decision_id)
