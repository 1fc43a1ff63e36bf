"""Follow-up by service line and month: each line of the caseload's plans in force, one month at a
time, with the units used against the month's quantity, flagged when much less or much more was used
than the plan gives (the county's limits, by the plans' own rule in the domain).

The figures are the month's stored running totals (`voucher_months`), read for every line at once in
one query with the clients' names; nothing adds up service events."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from portal.db.models import Client, Plan, PlanLine, ServiceType, VoucherMonth
from portal.domain.ledger import Balance, MonthPosition
from portal.domain.plans import FollowUpReason, PlanStatus, month_start, month_use_is_unusual
from portal.domain.reports import percent_of
from portal.services.county import the_county
from portal.services.paging import Page, Where, page_in_order

LINES_PAGE = 25
USES = (FollowUpReason.LOW, FollowUpReason.HIGH)  # the reasons a line's month is flagged for


@dataclass(frozen=True)
class LineMonth:
    """One service line of a client's plan in force, in one month."""

    voucher_id: int  # the line's voucher: one a client and kind of service, so the row's key
    client_id: int
    first_name: str
    last_name: str
    service: str  # the kind of service's code
    unit: str
    position: MonthPosition  # the month's quantity and budget, and how much of them was used
    used_percent: Decimal | None  # of the month's quantity
    use: FollowUpReason | None  # much less or much more used than planned; none when as planned or not over


@dataclass(frozen=True)
class LinesFollowUp:
    month: date
    month_over: bool  # only a month that is over is judged
    use: FollowUpReason | None  # the lines shown: much less used, much more used, or (none) all
    counts: dict[FollowUpReason | None, int]  # lines for each use, and (None) in all
    page: Page  # of LineMonth


def lines_follow_up(session: Session, case_manager_id: int, month: date, today: date,
                    use: FollowUpReason | None, where: Where) -> LinesFollowUp:
    """A page of the lines of her clients' plans in force in `month`, by client and the plan's order,
    for one use or all."""
    month = month_start(month)
    county = the_county.within(session)
    rows = session.execute(
        select(VoucherMonth.voucher_id, Client.id, Client.first_name, Client.last_name, ServiceType.code,
               ServiceType.unit, VoucherMonth.unit_limit, VoucherMonth.units_used, VoucherMonth.granted_cents,
               VoucherMonth.charged_cents, VoucherMonth.credited_cents)
        .select_from(Plan)
        .join(Client, Client.id == Plan.client_id)
        .join(PlanLine, PlanLine.plan_id == Plan.id)
        .join(ServiceType, ServiceType.id == PlanLine.service_type_id)
        .join(VoucherMonth, (VoucherMonth.voucher_id == PlanLine.voucher_id) & (VoucherMonth.month == month))
        # Her clients from the caseload's index, then each one's plan in force: never the county's plans.
        .where(Plan.status == PlanStatus.ACCEPTED,
               Plan.client_id.in_(select(Client.id).where(Client.case_manager_id == case_manager_id)),
               or_(VoucherMonth.unit_limit > 0, VoucherMonth.units_used > 0))
        .order_by(Client.last_name, Client.first_name, Client.id, PlanLine.position)
    ).all()
    lines = []
    for voucher_id, client_id, first, last, code, unit, limit, used, granted, charged, credited in rows:
        flag = month_use_is_unusual(used, limit, month, today, county.follow_up_low_percent,
                                    county.follow_up_high_percent)
        lines.append(LineMonth(voucher_id, client_id, first, last, code, unit,
                               MonthPosition(month, Balance(granted, charged, credited), limit, used),
                               percent_of(used, limit), FollowUpReason(flag) if flag else None))
    counts = {None: len(lines)} | {each: sum(line.use is each for line in lines) for each in USES}
    shown = [line for line in lines if use is None or line.use is use]
    page = page_in_order(shown, lambda line: (line.voucher_id,), where, LINES_PAGE)
    return LinesFollowUp(month, month < month_start(today), use, counts, page)
