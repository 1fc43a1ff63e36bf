"""What tests look up in the demo county."""

from datetime import date, timedelta

from sqlalchemy import select

from portal.db.models import ProviderChoice, User
from portal.services import provider_work

TODAY = date.today()


def choice_with_room(db, units: int = 3, served_for_days: int = 0) -> ProviderChoice:
    """One of the demo provider's accepted clients whose voucher has room for `units` more this month
    (a respite care line of two days a month may be used up already), served for at least
    `served_for_days` days."""
    provider_id = db.scalar(select(User.provider_id).where(User.username == "provider"))
    return next(choice for choice in provider_work.choices_of(db, provider_id, TODAY)
                if choice.status == "accepted" and choice.valid_from <= TODAY - timedelta(days=served_for_days)
                and choice.plan_line.voucher is not None
                and provider_work.month_of_line(db, choice.plan_line.voucher.id, TODAY).units_left >= units)
