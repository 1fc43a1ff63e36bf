"""Service agreements between a client and a provider, and what a provider sees of the client.

After a provider accepts a client's choice, the provider proposes the terms; the client (or a relative
acting for them) accepts them or asks for changes with a message, and the provider proposes again.
Services are recorded only under an accepted agreement, on the days it is in force. Either side ends
it by giving notice: the last day is at least the agreement's notice period away.
"""

from collections.abc import Iterable
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


def proposal_problem(choice_accepted: bool, choice_ends: date | None, agreement_status: str | None,
                     today: date) -> str | None:
    """Why the provider cannot propose terms for the choice now, as a code; None when it can."""
    if not choice_accepted:
        return "choice_not_accepted"
    if choice_ends is not None and choice_ends < today:
        return "choice_ended"
    if agreement_status is not None and not AGREEMENT_LIFECYCLE.allows(agreement_status, AgreementStatus.PROPOSED):
        return "answered"  # accepted (end it with notice instead) or withdrawn
    return None


def changes_problem(message: str) -> str | None:
    """Asking for changes says which: a message is required."""
    text = message.strip()
    if not text:
        return "no_message"
    return "too_long" if len(text) > MAX_TEXT else None


def in_force(status: str, starts_on: date, ends_on: date | None, day: date) -> bool:
    """Whether services may be recorded under the agreement on the day."""
    return status == AgreementStatus.ACCEPTED and starts_on <= day and (ends_on is None or day <= ends_on)


def carries_to(status: str, ends_on: date | None, choice_starts_on: date) -> bool:
    """Whether an agreement made under an earlier version of the plan goes on under the choice the revised plan
    carries: terms in the making (proposed, or changes asked) always; accepted ones unless they ended before."""
    if status in (AgreementStatus.PROPOSED, AgreementStatus.CHANGES_ASKED):
        return True
    return status == AgreementStatus.ACCEPTED and (ends_on is None or ends_on >= choice_starts_on)


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


SEES_MOST_FIRST = (Sees.AGREEMENT, Sees.TO_DECIDE, Sees.RECORDED_ONLY, Sees.NOTHING)


def provider_sees(choice_counts: bool, agreement_status: str | None, ends_on: date | None, today: date) -> Sees:
    """The client's consent is the accepted agreement: contact details and the plan's goals show only while it runs."""
    if agreement_status == AgreementStatus.ACCEPTED:
        return Sees.AGREEMENT if runs(agreement_status, ends_on, today) else Sees.RECORDED_ONLY
    return Sees.TO_DECIDE if choice_counts else Sees.NOTHING


def provider_sees_client(choice_counts: bool, agreements: Iterable[tuple[str, date | None]], today: date) -> Sees:
    """What a provider sees of a client, from all their agreements (status and last day): the consent is the
    client's agreement with the provider, so one that runs shows the contact details on every choice of theirs
    (a revised plan carries the choice, not its agreement); else a choice that counts shows what the provider
    needs to decide; else an agreement that ended leaves only what the provider recorded."""
    seen = {provider_sees(choice_counts, status, ends_on, today) for status, ends_on in agreements}
    seen.add(provider_sees(choice_counts, None, None, today))
    return next(sees for sees in SEES_MOST_FIRST if sees in seen)


def ran_long_enough_to_rate(starts_on: date, ends_on: date | None, today: date) -> bool:
    """A client rates a provider only after an accepted agreement ran at least a month."""
    opens_on = rating_opens_on(starts_on, ends_on)
    return opens_on is not None and opens_on <= today


def rating_opens_on(starts_on: date, ends_on: date | None) -> date | None:
    """The first day the client may rate the provider under an accepted agreement: a month after its first day;
    None when it ends (or ended) before it ran a month."""
    month_on = _add_months(starts_on, RATING_AFTER_MONTHS)
    return month_on if ends_on is None or ends_on >= month_on else None


def first_day_to_rate(agreements: Iterable[tuple[str, date, date | None]]) -> date | None:
    """The first day the client may rate the provider under any of their agreements (status, first day, last
    day): only accepted ones count. None: no agreement runs long enough."""
    days = [rating_opens_on(starts_on, ends_on) for status, starts_on, ends_on in agreements
            if status == AgreementStatus.ACCEPTED]
    return min((day for day in days if day is not None), default=None)


def _add_months(day: date, months: int) -> date:
    """The same day of the month `months` on, or that month's last day."""
    year, month = divmod(day.month - 1 + months, 12)
    first = date(day.year + year, month + 1, 1)
    last_day = (date(first.year + first.month // 12, first.month % 12 + 1, 1) - timedelta(days=1)).day
    return first.replace(day=min(day.day, last_day))
