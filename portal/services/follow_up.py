"""The clients a case manager should follow up: reviews due or overdue, and budgets used much less or
more than planned, worked out from one grouped query of the caseload's plans and their vouchers' stored totals."""

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from portal.db.models import Client, Plan, PlanLine, Voucher
from portal.domain.ledger import Balance
from portal.domain.plans import FollowUpReason, PlanStatus, months_in_period, use_is_unusual
from portal.services.county import the_county
from portal.services.paging import Page, Where, page_in_order

FOLLOW_UP_PAGE = 25


@dataclass(frozen=True)
class FollowUpReasons:
    """Why one plan is followed up, from its vouchers' stored totals."""

    plan_id: int
    review_date: date
    review_overdue: bool
    review_due: bool
    use: str | None
    position: Balance

    def is_for(self, reason: FollowUpReason) -> bool:
        if reason is FollowUpReason.REVIEW:
            return self.review_overdue or self.review_due
        return self.use == reason.value


@dataclass(frozen=True)
class FollowUp(FollowUpReasons):
    client: Client
    plan: Plan


@dataclass(frozen=True)
class FollowUpList:
    page: Page  # of FollowUp
    reason: FollowUpReason | None  # the reason shown, or none for every reason
    counts: dict[FollowUpReason | None, int]  # clients to follow up for each reason, and (None) in all


def follow_up_list(session: Session, case_manager_id: int, today: date, reason: FollowUpReason | None,
                   where: Where) -> FollowUpList:
    """A page of the clients to follow up, for one reason or for any, overdue reviews first.

    The reasons are worked out from one grouped query of the caseload's plans and their vouchers'
    stored totals; only the page's plans and clients are loaded."""
    rows = _follow_up_reasons(session, case_manager_id, today)
    counts = {None: len(rows)} | {each: sum(row.is_for(each) for row in rows) for each in FollowUpReason}
    shown = [row for row in rows if reason is None or row.is_for(reason)]
    page = page_in_order(shown, lambda row: (row.plan_id,), where, FOLLOW_UP_PAGE)
    return FollowUpList(replace(page, rows=_with_plans(session, page.rows)), reason, counts)


def follow_up(session: Session, case_manager_id: int, today: date) -> list[FollowUp]:
    """Plans whose review is due or overdue, and budgets used much less or more than planned."""
    return _with_plans(session, _follow_up_reasons(session, case_manager_id, today))


def _follow_up_reasons(session: Session, case_manager_id: int, today: date,
                       review_within_days: int = 30) -> list[FollowUpReasons]:
    county = the_county.within(session)
    plans = session.execute(
        select(Plan.id, Plan.review_date, Plan.period_start, Plan.period_end,
               func.coalesce(func.sum(Voucher.granted_cents), 0), func.coalesce(func.sum(Voucher.charged_cents), 0),
               func.coalesce(func.sum(Voucher.credited_cents), 0))
        .join(Client, Plan.client_id == Client.id)
        .outerjoin(PlanLine, PlanLine.plan_id == Plan.id)
        .outerjoin(Voucher, PlanLine.voucher_id == Voucher.id)
        .where(Client.case_manager_id == case_manager_id, Plan.status == PlanStatus.ACCEPTED)
        .group_by(Plan.id)
    ).all()
    rows = []
    for plan_id, review_date, period_start, period_end, granted, charged, credited in plans:
        position = Balance(granted, charged, credited)
        months = months_in_period(period_start, period_end)
        gone = max(0, min(months, months_in_period(period_start, today) - 1)) if today >= period_start else 0
        use = use_is_unusual(position.used_cents, position.granted_cents, gone, months, county.follow_up_low_percent,
                             county.follow_up_high_percent)
        overdue = review_date < today
        due = not overdue and (review_date - today).days <= review_within_days
        if overdue or due or use:
            rows.append(FollowUpReasons(plan_id, review_date, overdue, due, use, position))
    return sorted(rows, key=lambda row: (not row.review_overdue, row.review_date, row.plan_id))


def _with_plans(session: Session, rows: list[FollowUpReasons]) -> list[FollowUp]:
    plans = {plan.id: plan for plan in session.scalars(
        select(Plan).where(Plan.id.in_([row.plan_id for row in rows])).options(joinedload(Plan.client)))}
    return [FollowUp(**vars(row), client=plans[row.plan_id].client, plan=plans[row.plan_id]) for row in rows]
