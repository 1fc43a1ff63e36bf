"""Comparing providers for one service line: the client's own share, ratings, order."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from portal.domain.charges import split_charge
from portal.domain.quality import MIN_RATINGS_FOR_AVERAGE
from portal.domain.roles import Role
from portal.domain.states import Lifecycle


class Specialism(StrEnum):
    MEMORY_DISORDERS = "memory_disorders"
    DISABILITIES = "disabilities"
    FAMILY_CAREGIVER_RESPITE = "family_caregiver_respite"
    MENTAL_HEALTH = "mental_health"
    PALLIATIVE_CARE = "palliative_care"


class SortOrder(StrEnum):
    OWN_SHARE = "own_share"
    RATING = "rating"
    NAME = "name"


@dataclass(frozen=True)
class Rating:
    """The clients' rating of a provider: an average of scores 1–5 and how many gave one."""

    total: int = 0
    count: int = 0

    @property
    def average(self) -> Decimal | None:
        """The average to one decimal, shown only from MIN_RATINGS_FOR_AVERAGE ratings on; None below."""
        if self.count < MIN_RATINGS_FOR_AVERAGE:
            return None
        return (Decimal(self.total) / self.count).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def valid_score(score: int) -> bool:
    return isinstance(score, int) and not isinstance(score, bool) and 1 <= score <= 5


MAX_COMMENT = 1000  # a client's comment, and the provider's answer to it


def answer_problem(text: str) -> str | None:
    """Why a provider's answer to a rating cannot be saved, as a code; None when it can."""
    text = text.strip()
    if not text:
        return "empty"
    return "too_long" if len(text) > MAX_COMMENT else None


@dataclass(frozen=True)
class Offer:
    """One provider's offer for one service line, as the comparison shows it."""

    provider_id: int
    name: str
    unit_price_cents: int
    voucher_value_cents: int
    quantity_per_month: int
    rating: Rating

    @property
    def own_share_per_unit_cents(self) -> int:
        return split_charge(1, self.unit_price_cents, self.voucher_value_cents).self_pay_cents

    @property
    def own_share_per_month_cents(self) -> int:
        return split_charge(self.quantity_per_month, self.unit_price_cents, self.voucher_value_cents).self_pay_cents

    @property
    def covered_per_unit_cents(self) -> int:
        return split_charge(1, self.unit_price_cents, self.voucher_value_cents).to_budget_cents

    @property
    def covered_per_month_cents(self) -> int:
        return split_charge(self.quantity_per_month, self.unit_price_cents, self.voucher_value_cents).to_budget_cents


# Finnish and Swedish both put å, ä and ö after z; {, | and } sort after z.
_ALPHABET_END = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


def name_key(name: str) -> str:
    return name.casefold().translate(_ALPHABET_END)


def sort_offers(offers: Iterable[Offer], order: SortOrder) -> list[Offer]:
    """Own share: cheapest first; rating: best first, those with no average shown last; name: alphabetical."""
    offers = list(offers)
    match order:
        case SortOrder.OWN_SHARE:
            return sorted(offers, key=lambda o: (o.own_share_per_unit_cents, o.unit_price_cents, name_key(o.name)))
        case SortOrder.RATING:
            return sorted(
                offers,
                key=lambda o: (
                    o.rating.average is None,
                    -(o.rating.average or 0),
                    -o.rating.count,
                    name_key(o.name),
                ),
            )
        case SortOrder.NAME:
            return sorted(offers, key=lambda o: name_key(o.name))
    raise ValueError(f"unknown order {order!r}")


class ChoiceStatus(StrEnum):
    PENDING = "pending"  # waiting for the provider to accept or decline
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"  # the client chose another provider before this one answered


# A provider answers a pending choice once; a choice still pending ends when the client chooses another.
CHOICE_LIFECYCLE = Lifecycle(ChoiceStatus, {ChoiceStatus.PENDING}, {
    (ChoiceStatus.PENDING, ChoiceStatus.ACCEPTED),
    (ChoiceStatus.PENDING, ChoiceStatus.DECLINED),
    (ChoiceStatus.PENDING, ChoiceStatus.WITHDRAWN),
})

class Chooser(StrEnum):
    """Who chose a provider; the county's reports tell the budget used by each."""

    CLIENT = "client"  # the client themself
    RELATIVE = "relative"  # a relative acting for the client
    UNRECORDED = "unrecorded"  # no one recorded, as for a choice made before the portal


def chooser_of(role: str | None) -> Chooser:
    """A choice made by the client's own account, or with the code of a letter sent to the client, is the client's
    own; one made by a relative's account, the relative's."""
    return {Role.CLIENT: Chooser.CLIENT, Role.DECISION_CODE: Chooser.CLIENT,
            Role.RELATIVE: Chooser.RELATIVE}.get(role, Chooser.UNRECORDED)


def counts_as_provider(status: str) -> bool:
    """A declined or withdrawn choice never makes anyone the client's provider."""
    return status in (ChoiceStatus.PENDING, ChoiceStatus.ACCEPTED)


def may_record(status: str) -> bool:
    """Only a provider who has accepted the client records services for them."""
    return status == ChoiceStatus.ACCEPTED


def _covers(choice, day: date) -> bool:
    return choice.valid_from <= day and (choice.valid_to is None or day <= choice.valid_to)


def choice_in_force(choices: Iterable, day: date):
    """The provider chosen for the day, if any (choices have status, valid_from and valid_to)."""
    return next((c for c in choices if counts_as_provider(c.status) and _covers(c, day)), None)


def declined_choice(choices: Iterable, day: date):
    """A choice the provider declined, for the day, so that the client can be told why."""
    return next((c for c in choices if c.status == ChoiceStatus.DECLINED and _covers(c, day)), None)


def next_choice(choices: Iterable, day: date):
    """A choice that starts after the day, if one has been made."""
    upcoming = [c for c in choices if counts_as_provider(c.status) and c.valid_from > day]
    return min(upcoming, key=lambda choice: choice.valid_from) if upcoming else None


class ChoiceError(ValueError):
    """A choice of provider that cannot be made."""


def switch_date_problem(start: date, today: date, plan_end: date, current_start: date | None) -> str | None:
    """Why a new provider cannot start on this date, as a code the web layer words; None if it can."""
    if start < today:
        return "past"
    if start > plan_end:
        return "after_plan"
    if current_start is not None and start <= current_start:
        return "before_current"
    return None
