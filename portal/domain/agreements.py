"""Service agreements between a client and a provider, and what a provider sees of the client.

After a provider accepts a client's choice, the provider proposes the terms; the client (or a relative
acting for them) accepts them or asks for changes with a message, and the provider proposes again.
Services are recorded only under an accepted agreement, on the days it is in force. Either side ends
it by giving notice: the last day is at least the agreement's notice period away.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from portal.domain.states import Lifecycle

MAX_NOTICE_DAYS = 90
MAX_TEXT = 2000
MAX_NAME = 200
MAX_PHONE = 40
LONGEST_NOTICE_AHEAD = 366  # an end given more than a year ahead is a typing mistake
RATING_AFTER_MONTHS = 1


class AgreementStatus(StrEnum):
    PROPOSED = "proposed"  # the provider proposed terms; the client answers
    CHANGES_ASKED = "changes_asked"  # the client asked for changes with a message; the provider proposes again
    ACCEPTED = "accepted"  # in force from its first day, until its last day once notice is given
    WITHDRAWN = "withdrawn"  # the choice ended before the terms were accepted


AGREEMENT_LIFECYCLE = Lifecycle(AgreementStatus, {AgreementStatus.PROPOSED}, {
    (AgreementStatus.PROPOSED, AgreementStatus.PROPOSED),  # the provider proposes again before an answer
    (AgreementStatus.PROPOSED, AgreementStatus.CHANGES_ASKED),
    (AgreementStatus.CHANGES_ASKED, AgreementStatus.PROPOSED),
    (AgreementStatus.PROPOSED, AgreementStatus.ACCEPTED),
    (AgreementStatus.PROPOSED, AgreementStatus.WITHDRAWN),
    (AgreementStatus.CHANGES_ASKED, AgreementStatus.WITHDRAWN),
})


class AgreementStep(StrEnum):
    """One step in an agreement's history, kept append-only and shown on the plan's timeline."""

    PROPOSED = "proposed"
    CHANGES_ASKED = "changes_asked"
    ACCEPTED = "accepted"
    NOTICE_GIVEN = "notice_given"  # either side ends the agreement from a day
    WITHDRAWN = "withdrawn"


class Party(StrEnum):
    """Who took a step: the client, a relative acting for them, the provider, or the portal itself (a
    client who chose another provider ends the agreement with the earlier one on the choice's last day)."""

    CLIENT = "client"
    RELATIVE = "relative"
    PROVIDER = "provider"
    PORTAL = "portal"


class AgreementError(ValueError):
    """A step that cannot be taken; the message is a code the web layer words."""

    def __init__(self, code: str, **details):
        super().__init__(code)
        self.code = code
        self.details = details


@dataclass(frozen=True)
class ProposedTerms:
    """What the provider writes; the price and the client's own share per unit come from the approved
    price and the voucher, never from the form."""

    starts_on: date | None
    usual_times: str
    contact_person: str
    contact_phone: str
    cancellation_terms: str
    notice_days: int | None


def terms_problems(terms: ProposedTerms, today: date, choice_from: date, choice_to: date | None) -> dict[str, str]:
    """Each field's problem as a code, for the proposal's form; empty when the terms can be proposed."""
    problems = {}
    if terms.starts_on is None:
        problems["starts_on"] = "no_date"
    elif terms.starts_on < max(today, choice_from):
        problems["starts_on"] = "before_choice"
    elif choice_to is not None and terms.starts_on > choice_to:
        problems["starts_on"] = "after_choice"
    for field, longest in (("usual_times", MAX_TEXT), ("contact_person", MAX_NAME), ("contact_phone", MAX_PHONE),
                           ("cancellation_terms", MAX_TEXT)):
        text = getattr(terms, field).strip()
        if not text:
            problems[field] = "empty"
        elif len(text) > longest:
            problems[field] = "too_long"
    if terms.notice_days is None or not 0 <= terms.notice_days <= MAX_NOTICE_DAYS:
        problems["notice_days"] = "notice_range"
    return problems


def in_force(status: str, starts_on: date, ends_on: date | None, day: date) -> bool:
    """Whether services may be recorded under the agreement on the day."""
    return status == AgreementStatus.ACCEPTED and starts_on <= day and (ends_on is None or day <= ends_on)


def runs(status: str, ends_on: date | None, today: date) -> bool:
    """Accepted and not yet past its last day: from acceptance, even before its first day of service."""
    return status == AgreementStatus.ACCEPTED and (ends_on is None or today <= ends_on)


def earliest_end(today: date, starts_on: date, notice_days: int) -> date:
    """The first day notice given today can make the last: the notice period on, and never before the start."""
    return max(today + timedelta(days=notice_days), starts_on)


def end_problem(last_day: date | None, today: date, starts_on: date, notice_days: int, status: str,
                current_last_day: date | None, reason: str) -> str | None:
    """Why notice cannot end the agreement on this day, as a code; None when it can."""
    if status != AgreementStatus.ACCEPTED:
        return "not_accepted"
    if current_last_day is not None and current_last_day < today:
        return "ended"
    if last_day is None:
        return "no_date"
    if last_day < earliest_end(today, starts_on, notice_days):
        return "before_notice"
    if last_day > today + timedelta(days=LONGEST_NOTICE_AHEAD):
        return "too_far"
    if current_last_day is not None and last_day >= current_last_day:
        return "already_ending"
    if len(reason.strip()) > MAX_TEXT:
        return "too_long"
    return None


class Sees(StrEnum):
    """What a provider sees of a client."""

    TO_DECIDE = "to_decide"  # before an accepted agreement: the service, its quantity, the municipality, the language
    AGREEMENT = "agreement"  # while an accepted agreement runs: also the name, the address and the plan's goals
    RECORDED_ONLY = "recorded_only"  # after it ended: only the services it recorded, for its settlements
    NOTHING = "nothing"  # no choice of this provider, or one declined or withdrawn


def provider_sees(choice_counts: bool, agreement_status: str | None, ends_on: date | None, today: date) -> Sees:
    """The client's consent is the accepted agreement: contact details and the plan's goals show only while it runs."""
    if agreement_status == AgreementStatus.ACCEPTED:
        return Sees.AGREEMENT if runs(agreement_status, ends_on, today) else Sees.RECORDED_ONLY
    return Sees.TO_DECIDE if choice_counts else Sees.NOTHING


def ran_long_enough_to_rate(starts_on: date, ends_on: date | None, today: date) -> bool:
    """A client rates a provider only after an accepted agreement ran at least a month."""
    last = today if ends_on is None else min(ends_on, today)
    month_on = _add_months(starts_on, RATING_AFTER_MONTHS)
    return last >= month_on


def _add_months(day: date, months: int) -> date:
    """The same day of the month `months` on, or that month's last day."""
    year, month = divmod(day.month - 1 + months, 12)
    first = date(day.year + year, month + 1, 1)
    last_day = (date(first.year + first.month // 12, first.month % 12 + 1, 1) - timedelta(days=1)).day
    return first.replace(day=min(day.day, last_day))
