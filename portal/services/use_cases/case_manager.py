"""What the case manager's pages ask of the services: their caseload, a client's page and messages,
the client plan being drafted, the follow-up, and mandates given on paper."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from portal.db.models import (Client, County, Decision, DecisionCode, Mandate, Message, Municipality, Plan, ServiceType,
                              User)
from portal.domain.access_log import AccessAction
from portal.domain.budget import Band
from portal.domain.mandates import Scope
from portal.domain.plans import FollowUpReason
from portal.services import access_log, caseload, client_pages, county, decision_codes, decisions, mandates, plans
from portal.services.follow_up import FollowUpList, follow_up_list
from portal.services import inbox as inbox_service
from portal.services.follow_up_lines import LinesFollowUp, lines_follow_up
from portal.services.inbox import InboxMessage
from portal.domain.timeline import Timeline
from portal.services.paging import Page, Where
from portal.services.timeline import timeline_of
from portal.services.work import use_case

REVIEW_DUE_WITHIN = timedelta(days=30)


@use_case
def municipalities(db: Session) -> list[Municipality]:
    """The municipalities a search of the caseload may be narrowed to."""
    return client_pages.municipalities(db)


@dataclass(frozen=True)
class Caseload:
    municipalities: list[Municipality]
    page: Page  # of the case manager's own clients


@use_case
def caseload_search(db: Session, case_manager_id: int, where: Where, text: str, municipality_id: int | None,
                    review_due: bool, today: date) -> Caseload:
    """A page of the case manager's clients found by name or client number, municipality, and a review due
    within 30 days (or overdue)."""
    page = caseload.clients_page(db, case_manager_id, where, text, municipality_id,
                                 today + REVIEW_DUE_WITHIN if review_due else None)
    return Caseload(client_pages.municipalities(db), page)


@dataclass(frozen=True)
class ClientPage:
    client: Client
    summary: client_pages.Overview | None  # this month's budget, when a plan is in force
    versions: list[Plan]  # the client plan's versions, newest first
    given: list[Mandate]
    messages: list[Message]
    decisions: Page  # of decisions.DecisionRow, the newest first
    code_letters: decision_codes.CodeLetters


@use_case
def client_page(db: Session, case_manager_id: int, client_id: int, today: date) -> ClientPage | None:
    """One of the case manager's own clients: plan versions, this month's budget, mandates, messages and decisions."""
    found = caseload.client_of(db, case_manager_id, client_id)
    if found is None:
        return None
    return ClientPage(found, client_pages.overview(db, found.id, today),
                      sorted(found.plans, key=lambda plan: plan.version, reverse=True),
                      mandates.given_by(db, found.id), plans.messages_of(db, found.id),
                      decisions.decisions_of(db, found.id, Where()), decision_codes.letters_of(db, found.id))


@use_case
def client_decision(db: Session, case_manager_id: int, client_id: int,
                    decision_id: int) -> decisions.DecisionShown | None:
    """A decision on the vouchers of one of the case manager's own clients; None when either is not theirs."""
    if caseload.own_client(db, case_manager_id, client_id) is None:
        return None
    return decisions.decision_of(db, client_id, decision_id)


@dataclass(frozen=True)
class ClientTimeline:
    client: Client
    timeline: Timeline


@use_case
def client_timeline(db: Session, case_manager_id: int, client_id: int, today: date) -> ClientTimeline | None:
    """What has happened to the client plan of one of the case manager's own clients and to each of its services,
    and what is still to come; None when the client is not theirs."""
    found = caseload.own_client(db, case_manager_id, client_id)
    if found is None:
        return None
    return ClientTimeline(found, timeline_of(db, found.id, today))


@use_case
def send_message(db: Session, case_manager: User, client_id: int, body: str | None) -> bool:
    """The message is sent to the case manager's own client (nothing is sent without one), and what the
    client and their relatives wrote before it is marked read: it answers them. False when the client is
    not theirs."""
    if caseload.own_client(db, case_manager.case_manager_id, client_id) is None:
        return False
    if body is not None:
        sent = plans.send_message(db, case_manager, client_id, body)
        inbox_service.mark_thread_read(db, case_manager.case_manager_id, client_id, sent.sent_at)
        access_log.record(db, case_manager, client_id, AccessAction.SEND_MESSAGE)
    return True


@use_case
def unread_messages(db: Session, case_manager_id: int) -> int:
    """How many messages from the case manager's clients and their relatives she has not read."""
    return inbox_service.unread_count(db, case_manager_id)


@use_case
def inbox(db: Session, case_manager_id: int, where: Where) -> Page:
    """A page of the messages the case manager's clients and their relatives wrote (InboxMessage), the
    unread first, then the newest."""
    return inbox_service.inbox_page(db, case_manager_id, where)


@use_case
def inbox_message(db: Session, case_manager_id: int, message_id: int) -> InboxMessage | None:
    """One message from one of the case manager's clients or their relatives; None when it is not hers."""
    return inbox_service.message_of(db, case_manager_id, message_id)


@use_case
def mark_message(db: Session, case_manager_id: int, message_id: int, read: bool) -> InboxMessage | None:
    """The message marked read or unread (marking it again changes nothing); None when it is not hers."""
    return inbox_service.mark(db, case_manager_id, message_id, read)


@use_case
def new_plan_version(db: Session, case_manager: User, client_id: int, today: date) -> Plan | None:
    """A new draft of the client plan, copied from the one in force (PlanError when one is already
    drafted or proposed); None when the client is not theirs."""
    found = caseload.client_of(db, case_manager.case_manager_id, client_id)
    if found is None:
        return None
    draft = plans.new_version(db, found, case_manager.case_manager_id, today)
    access_log.record(db, case_manager, found.id, AccessAction.EDIT_PLAN, detail=f"v{draft.version}")
    return draft


@dataclass(frozen=True)
class PlanEditor:
    plan: Plan
    catalogue: list[ServiceType]  # the services a line may be for
    figures: plans.PlanFigures


@use_case
def plan_editor(db: Session, case_manager_id: int, plan_id: int) -> PlanEditor | None:
    """A client plan of one of the case manager's clients, with its calculated budget and the services it may
    include; None when the client is not theirs."""
    found = plans.plan_of(db, case_manager_id, plan_id)
    if found is None:
        return None
    return PlanEditor(found, plans.catalogue(db), plans.figures_of(found))


def _plan_changed(db: Session, case_manager: User, plan_id: int, change: Callable[[Plan], object],
                  action: AccessAction = AccessAction.EDIT_PLAN) -> Plan | None:
    """A plan of one of the case manager's clients, changed, and the change in the client's access log;
    None when the client is not theirs."""
    found = plans.plan_of(db, case_manager.case_manager_id, plan_id)
    if found is None:
        return None
    change(found)
    access_log.record(db, case_manager, found.client_id, action, detail=f"v{found.version}")
    return found


@use_case
def save_plan_basics(db: Session, case_manager: User, plan_id: int, goals: list[str], start: date | None,
                     end: date | None, review: date | None) -> Plan | None:
    """The draft's goals, period and review date saved (PlanError when they do not fit); None when the
    client is not theirs."""
    return _plan_changed(db, case_manager, plan_id, lambda plan: plans.save_basics(plan, goals, start, end, review))


@use_case
def add_plan_line(db: Session, case_manager: User, plan_id: int, service_type_id: int, units: dict[Band, int],
                  travel: bool, county_units: int) -> Plan | None:
    """A service added to the draft, its budget calculated by the county's rules (BudgetError or PlanError
    when it cannot be); None when the client is not theirs."""
    return _plan_changed(db, case_manager, plan_id, lambda plan: plans.add_line(
        db, plan, county.service_type(db, service_type_id), units, travel, county_units))


@use_case
def remove_plan_line(db: Session, case_manager: User, plan_id: int, line_id: int) -> Plan | None:
    """A service taken out of the draft (PlanError when it is not there or the plan is no longer a draft);
    None when the client is not theirs."""
    return _plan_changed(db, case_manager, plan_id, lambda plan: plans.remove_line(db, plan, line_id))


@use_case
def propose_plan(db: Session, case_manager: User, plan_id: int, today: date) -> Plan | None:
    """The draft proposed to the client, who may now read and accept it (PlanError when it is not ready);
    None when the client is not theirs."""
    return _plan_changed(db, case_manager, plan_id, lambda plan: plans.propose(plan, today),
                         AccessAction.PROPOSE_PLAN)


@use_case
def follow_up(db: Session, case_manager_id: int, today: date, reason: FollowUpReason | None,
              where: Where) -> FollowUpList:
    """A page of the case manager's clients whose budget use or review needs a look, for one reason or all."""
    return follow_up_list(db, case_manager_id, today, reason, where)


@use_case
def follow_up_by_line(db: Session, case_manager_id: int, month: date, today: date, use: FollowUpReason | None,
                      where: Where) -> LinesFollowUp:
    """A page of the service lines of the case manager's clients in one month, each with its units used against
    the month's quantity, for much less or much more use than planned, or all."""
    return lines_follow_up(db, case_manager_id, month, today, use, where)


@dataclass(frozen=True)
class ClientMandates:
    client: Client
    given: list[Mandate]  # by the client, on paper or online


@use_case
def client_mandates(db: Session, case_manager_id: int, client_id: int) -> ClientMandates | None:
    """The mandates one of the case manager's own clients has given; None when the client is not theirs."""
    found = caseload.own_client(db, case_manager_id, client_id)
    if found is None:
        return None
    return ClientMandates(found, mandates.given_by(db, found.id))


@use_case
def record_paper_mandate(db: Session, case_manager: User, client_id: int, holder_username: str, scope: Scope,
                         valid_until: date | None, signed_on: date | None, today: date) -> Mandate | None:
    """A mandate the client signed on paper, valid at once (MandateError when it cannot be); None when
    the client is not theirs."""
    if caseload.own_client(db, case_manager.case_manager_id, client_id) is None:
        return None
    mandate = mandates.record_paper(db, case_manager, client_id, holder_username, scope, valid_until, signed_on,
                                    today)
    access_log.record(db, case_manager, client_id, AccessAction.RECORD_PAPER_MANDATE, mandate.id)
    return mandate


@dataclass(frozen=True)
class CodeLetter:
    client: Client
    decision: Decision | None  # None: the client has no decision yet, and no code was made
    made: decision_codes.MadeCode | None  # the plain code, for this one letter
    county: County | None = None  # the letter's sender


@use_case
def make_sign_in_code(db: Session, case_manager: User, client_id: int, now: datetime, days: int) -> CodeLetter | None:
    """A one-time code for a letter to one of the case manager's own clients, for the client's latest decision;
    the client's earlier unused codes stop working. None when the client is not theirs."""
    client = caseload.own_client(db, case_manager.case_manager_id, client_id)
    if client is None:
        return None
    decision = decision_codes.latest_decision(db, client.id)
    if decision is None:
        return CodeLetter(client, None, None)
    made = decision_codes.make_code(db, decision, case_manager, now, days)
    access_log.record(db, case_manager, client.id, AccessAction.MAKE_SIGN_IN_CODE, detail=decision.number)
    return CodeLetter(client, decision, made, county.the_county.within(db))


@use_case
def sign_in_code(db: Session, case_manager_id: int, client_id: int, code_id: int) -> DecisionCode | None:
    """A code made earlier for one of the case manager's own clients (never the code itself, only its story)."""
    if caseload.own_client(db, case_manager_id, client_id) is None:
        return None
    return decision_codes.code_of(db, client_id, code_id)
