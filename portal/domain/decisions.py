"""The county's decision on a client's service vouchers: what it says, as plain data.

A decision is made once for each accepted plan. What it says is kept as it was said (a snapshot,
`to_json`): the vouchers granted, who decided, the client's name, where a request for review is sent.
A later change to the plan, to the client's name or to the case manager never changes it. A revised
plan's decision names the decision it replaces and says which vouchers of it end.

The words are the templates' (in the decision's language); this module holds the facts and the rules
that are the law's: the legal basis, the 30 days for a request for review, and when a decision sent by
letter or as an electronic message is taken to be received.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

# The legal basis: the Act on Service Vouchers in Social Welfare and Health Care, the Social Welfare Act.
SERVICE_VOUCHER_ACT = "569/2009"
SOCIAL_WELFARE_ACT = "1301/2014"
LEGAL_BASIS = (SERVICE_VOUCHER_ACT, SOCIAL_WELFARE_ACT)
# A request for review (oikaisuvaatimus / begäran om omprövning), Administrative Procedure Act 434/2003, 7 a:
# within 30 days of receiving the decision. A letter is taken to be received on the 7th day after it was
# sent, an electronic message on the 3rd, unless shown otherwise (59 §): the review instructions say so.
ADMINISTRATIVE_PROCEDURE_ACT = "434/2003"
REVIEW_DAYS = 30
# A complaint about the quality of the service or how the client was treated: Social Welfare Client Act 23 §.
CLIENT_ACT = "812/2000"

NUMBER_PREFIX = "PB"  # henkilökohtainen budjetti / personlig budget
CONTENT_FORMAT = 1


def decision_number(plan_id: int, decided_on: date) -> str:
    """One number per plan, from the plan's id and the year of the decision: PB-2026-000123. No counter."""
    if plan_id <= 0:
        raise ValueError("a decision is made on a saved plan")
    return f"{NUMBER_PREFIX}-{decided_on.year}-{plan_id:06d}"


@dataclass(frozen=True)
class DecisionMaker:
    """The case manager who decided, and how to reach them with questions about the decision."""

    name: str
    phone: str
    email: str


@dataclass(frozen=True)
class DecidedFor:
    name: str
    client_number: str


@dataclass(frozen=True)
class GrantedVoucher:
    """A service voucher of the decision: its value a unit, its quantity and budget a month, its period.
    The own share is the rule of `domain/charges.py`: the part of a provider's price above the value."""

    service: str  # a ServiceKind
    unit: str  # a Unit
    value_per_unit_cents: int
    quantity_per_month: int
    monthly_budget_cents: int
    valid_from: date
    valid_to: date


@dataclass(frozen=True)
class EndedVoucher:
    """A voucher of the replaced decision that this decision ends: its service is no longer in the plan."""

    service: str
    last_day: date


@dataclass(frozen=True)
class ReviewTo:
    """Where a request for review is sent: the county's review body, through its registry office."""

    body: str
    address: str
    email: str
    phone: str


@dataclass(frozen=True)
class Replaced:
    number: str
    decided_on: date


@dataclass(frozen=True)
class DecisionContent:
    number: str
    decided_on: date
    language: str  # the client's when decided: the language it is written and printed in
    county_name: str
    decision_maker: DecisionMaker
    client: DecidedFor
    plan_version: int
    valid_from: date
    valid_to: date
    vouchers: tuple[GrantedVoucher, ...]
    ended: tuple[EndedVoucher, ...]
    review: ReviewTo
    replaces: Replaced | None
    legal_basis: tuple[str, ...] = LEGAL_BASIS
    review_days: int = REVIEW_DAYS

    @property
    def starts_mid_month(self) -> bool:
        """A month split by the decision gives each plan its share of the days (`domain/plans.py` `revise`):
        the first month's quantity and budget are for the days from `valid_from`."""
        return self.valid_from.day != 1


def ended_vouchers(replaced: "DecisionContent | None", vouchers: Iterable[GrantedVoucher],
                   valid_from: date) -> tuple[EndedVoucher, ...]:
    """The vouchers of the replaced decision still running when this one takes effect whose service this one
    no longer grants: they end the day before."""
    if replaced is None:
        return ()
    kept = {voucher.service for voucher in vouchers}
    last_day = valid_from - timedelta(days=1)
    return tuple(EndedVoucher(old.service, last_day) for old in replaced.vouchers
                 if old.service not in kept and old.valid_to > last_day)


def to_json(content: DecisionContent) -> str:
    """The decision as stored in `Decision.content`: plain JSON, dates as ISO dates."""
    def plain(value):
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, tuple):
            return [plain(item) for item in value]
        if hasattr(value, "__dataclass_fields__"):
            return {name: plain(getattr(value, name)) for name in value.__dataclass_fields__}
        return value

    return json.dumps({"format": CONTENT_FORMAT, **plain(content)}, ensure_ascii=False, sort_keys=True)


def from_json(text: str) -> DecisionContent:
    data = json.loads(text)
    if data.pop("format", None) != CONTENT_FORMAT:
        raise ValueError("a decision's content of an unknown format")
    day = date.fromisoformat
    replaces = data["replaces"]
    return DecisionContent(
        number=data["number"], decided_on=day(data["decided_on"]), language=data["language"],
        county_name=data["county_name"], decision_maker=DecisionMaker(**data["decision_maker"]),
        client=DecidedFor(**data["client"]), plan_version=data["plan_version"],
        valid_from=day(data["valid_from"]), valid_to=day(data["valid_to"]),
        vouchers=tuple(GrantedVoucher(**{**v, "valid_from": day(v["valid_from"]), "valid_to": day(v["valid_to"])})
                       for v in data["vouchers"]),
        ended=tuple(EndedVoucher(e["service"], day(e["last_day"])) for e in data["ended"]),
        review=ReviewTo(**data["review"]),
        replaces=Replaced(replaces["number"], day(replaces["decided_on"])) if replaces else None,
        legal_basis=tuple(data["legal_basis"]), review_days=data["review_days"],
    )
