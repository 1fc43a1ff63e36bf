"""A provider's price that applies on a day: the one the county has approved, valid that day."""

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from portal.db.models import ProviderOffering


def approved_on(day: date) -> tuple:
    """The conditions on a price (ProviderOffering) that it applies on the day."""
    return (
        ProviderOffering.approved_on.is_not(None),
        ProviderOffering.valid_from <= day,
        or_(ProviderOffering.valid_to.is_(None), ProviderOffering.valid_to >= day),
    )


def approved_price(session: Session, provider_id: int, service_type_id: int, day: date) -> ProviderOffering | None:
    """The provider's price for the service that the county has approved for the day."""
    return session.scalar(
        select(ProviderOffering).where(
            ProviderOffering.provider_id == provider_id,
            ProviderOffering.service_type_id == service_type_id,
            *approved_on(day),
        )
    )
