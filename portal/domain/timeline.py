"""A client plan's timeline: what has happened to the plan and to each of its services, in order, and what is
still to come.

For the plan: proposed → accepted → (in force, when that is a later day) → review due. For each service line:
provider chosen → provider confirmed (or declined, with the reason) → the service agreement proposed (changes
asked, proposed again) and accepted → first service → each month's settlement paid → notice given → the agreement's
last day. A service line is followed across the versions of the plan by its voucher: a revised plan's line of the
same kind continues on it, and the provider choices copied onto the new line are the same choices, not new ones.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from portal.domain.agreements import AgreementStep, Party
from portal.domain.providers import ChoiceStatus

FINNISH_TIME = ZoneInfo("Europe/Helsinki")


class StepKind(StrEnum):
    """The kinds of step, in their natural order when two fall on the same day."""

    PLAN_PROPOSED = "plan_proposed"
    PLAN_ACCEPTED = "plan_accepted"
    PLAN_IN_FORCE = "plan_in_force"  # when the plan takes effect on a later day than it was accepted
    PROVIDER_CHOSEN = "provider_chosen"
    PROVIDER_CONFIRMED = "provider_confirmed"
    PROVIDER_DECLINED = "provider_declined"
    AGREEMENT_PROPOSED = "agreement_proposed"
    AGREEMENT_CHANGES_ASKED = "agreement_changes_asked"
    AGREEMENT_ACCEPTED = "agreement_accepted"
    FIRST_SERVICE = "first_service"
    SETTLEMENT_PAID = "settlement_paid"
    AGREEMENT_NOTICE_GIVEN = "agreement_notice_given"
    AGREEMENT_ENDS = "agreement_ends"  # its last day: services may still be given on it
    REVIEW_DUE = "review_due"


NATURAL_ORDER = {kind: place for place, kind in enumerate(StepKind)}
# A date by which something is to be done, or the last day of something: on the day itself it is still to come.
DUE_DATES = {StepKind.REVIEW_DUE, StepKind.AGREEMENT_ENDS}
AGREEMENT_STEPS = {AgreementStep.PROPOSED: StepKind.AGREEMENT_PROPOSED,
                   AgreementStep.CHANGES_ASKED: StepKind.AGREEMENT_CHANGES_ASKED,
                   AgreementStep.ACCEPTED: StepKind.AGREEMENT_ACCEPTED,
                   AgreementStep.NOTICE_GIVEN: StepKind.AGREEMENT_NOTICE_GIVEN}


@dataclass(frozen=True)
class Step:
    """One thing that happened (or is to happen) on a day, with what a sentence about it names."""

    day: date
    kind: StepKind
    version: int | None = None  # the plan's version (steps of the plan), or the agreement's (its proposals)
    service: str = ""  # the kind of service (steps of a service line)
    line: int = 0  # the service line's place in the plan: steps of one day keep the plan's order of services
    provider: str = ""  # the provider's name
    starts: date | None = None  # a choice: the day the provider takes over, when later than the day chosen
    month: date | None = None  # a settlement: the month paid for
    reason: str = ""  # a decline: the reason the provider gave
    last_day: date | None = None  # a notice: the agreement's last day
    by_provider: bool = False  # a notice: given by the provider (else by the client's side)


def order_key(step: Step) -> tuple:
    """By day; on one day by the natural order of the kinds, then the plan's order of services."""
    return step.day, NATURAL_ORDER[step.kind], step.line, step.month or date.min, step.provider


def is_upcoming(step: Step, today: date) -> bool:
    """A step after today is still to come; so is a date due today."""
    return step.day > today or (step.kind in DUE_DATES and step.day == today)


@dataclass(frozen=True)
class Timeline:
    happened: list[Step]  # oldest first
    upcoming: list[Step]  # soonest first

    @property
    def is_empty(self) -> bool:
        return not self.happened and not self.upcoming


def timeline(steps: Iterable[Step], today: date) -> Timeline:
    """The steps in order, what has happened apart from what is still to come."""
    ordered = sorted(steps, key=order_key)
    return Timeline([step for step in ordered if not is_upcoming(step, today)],
                    [step for step in ordered if is_upcoming(step, today)])


def local_day(moment: datetime | None) -> date | None:
    """The day in Finland of a moment stored in UTC (a moment without a zone is UTC)."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(FINNISH_TIME).date()


@dataclass(frozen=True)
class PlanFacts:
    """What happened to one version of the client plan."""

    version: int
    proposed_on: date | None
    accepted_on: date | None
    in_force_from: date | None
    review_date: date | None = None  # given for the plan in force only: an earlier version's review is past


def plan_steps(plan: PlanFacts) -> list[Step]:
    steps = []
    if plan.proposed_on is not None:
        steps.append(Step(plan.proposed_on, StepKind.PLAN_PROPOSED, plan.version))
    if plan.accepted_on is not None:
        steps.append(Step(plan.accepted_on, StepKind.PLAN_ACCEPTED, plan.version))
        if plan.in_force_from is not None and plan.in_force_from != plan.accepted_on:
            steps.append(Step(plan.in_force_from, StepKind.PLAN_IN_FORCE, plan.version))
    if plan.review_date is not None:
        steps.append(Step(plan.review_date, StepKind.REVIEW_DUE, plan.version))
    return steps


@dataclass(frozen=True)
class ChoiceFacts:
    """A choice of provider for a service line, on the line of one version of the plan."""

    version: int  # of the plan whose line it is on
    provider_id: int
    provider: str
    chosen_on: date
    starts: date  # valid_from
    ends: date | None  # valid_to
    status: ChoiceStatus
    decided_on: date | None = None
    reason: str = ""


def _continues(later: ChoiceFacts, earlier: ChoiceFacts) -> bool:
    """Whether `later` is `earlier` copied onto a revised plan's line: the same provider from the day the
    revision took effect (or from the same day, when the choice had not started yet), with the same answer or
    the answer the provider gave once the copy was made."""
    return (later.version > earlier.version and later.provider_id == earlier.provider_id
            and (later.starts == earlier.starts
                 or earlier.ends is not None and earlier.ends + timedelta(days=1) == later.starts)
            and (earlier.decided_on is None or (later.status, later.decided_on) == (earlier.status, earlier.decided_on)))


def choices_made(choices: Iterable[ChoiceFacts]) -> list[ChoiceFacts]:
    """The choices as they were made: a choice carried on to a revised plan is told once, on the day it was
    made, with the provider's answer as it stands now."""
    made: list[ChoiceFacts] = []
    for choice in sorted(choices, key=lambda c: (c.version, c.starts, c.chosen_on)):
        earlier = next((c for c in made if _continues(choice, c)), None)
        if earlier is None:
            made.append(choice)
        else:
            made[made.index(earlier)] = replace(choice, chosen_on=earlier.chosen_on, starts=earlier.starts)
    return made


@dataclass(frozen=True)
class Settled:
    """A month's settlement with a provider, paid on a day, for a month the line had services from them."""

    provider_id: int
    month: date
    paid_on: date


@dataclass(frozen=True)
class AgreementFacts:
    """A service agreement with a provider on the line: its history's steps (step, version, who, day, last day
    of a notice) in order, and its last day once it is accepted and ending."""

    provider_id: int
    history: list[tuple[AgreementStep, int, Party, date, date | None]]
    ends_on: date | None = None


def agreement_steps(agreement: AgreementFacts, at: dict) -> list[Step]:
    """Each proposal, answer and notice, and the last day. A notice by the portal (the client chose another
    provider) and a withdrawal are told by the new choice; their last day is still told."""
    steps = []
    for step, version, party, day, last_day in agreement.history:
        if step in AGREEMENT_STEPS and party != Party.PORTAL:
            steps.append(Step(day, AGREEMENT_STEPS[step], version, last_day=last_day,
                              by_provider=party == Party.PROVIDER, **at))
    if agreement.ends_on is not None:
        steps.append(Step(agreement.ends_on, StepKind.AGREEMENT_ENDS, **at))
    return steps


@dataclass(frozen=True)
class LineFacts:
    """One service of the client plan, followed across the plan's versions (by its voucher)."""

    service: str
    position: int
    choices: list[ChoiceFacts]
    first_service: dict[int, date]  # provider id → the first day they served the line
    settled: list[Settled]
    agreements: tuple[AgreementFacts, ...] = ()


def line_steps(line: LineFacts) -> list[Step]:
    names = {choice.provider_id: choice.provider for choice in line.choices}
    at = {"service": line.service, "line": line.position}
    steps = []
    for choice in choices_made(line.choices):
        later_start = choice.starts if choice.starts > choice.chosen_on else None
        steps.append(Step(choice.chosen_on, StepKind.PROVIDER_CHOSEN, provider=choice.provider, starts=later_start,
                          **at))
        if choice.decided_on is not None and choice.status == ChoiceStatus.ACCEPTED:
            steps.append(Step(choice.decided_on, StepKind.PROVIDER_CONFIRMED, provider=choice.provider, **at))
        elif choice.decided_on is not None and choice.status == ChoiceStatus.DECLINED:
            steps.append(Step(choice.decided_on, StepKind.PROVIDER_DECLINED, provider=choice.provider,
                              reason=choice.reason, **at))
    for provider_id, day in line.first_service.items():
        steps.append(Step(day, StepKind.FIRST_SERVICE, provider=names.get(provider_id, ""), **at))
    for paid in line.settled:
        steps.append(Step(paid.paid_on, StepKind.SETTLEMENT_PAID, provider=names.get(paid.provider_id, ""),
                          month=paid.month, **at))
    for agreement in line.agreements:
        steps += agreement_steps(agreement, at | {"provider": names.get(agreement.provider_id, "")})
    return steps


def plan_timeline(plans: Iterable[PlanFacts], lines: Iterable[LineFacts], today: date) -> Timeline:
    """The timeline of the plan's versions and of its services."""
    return timeline([step for plan in plans for step in plan_steps(plan)]
                    + [step for line in lines for step in line_steps(line)], today)
