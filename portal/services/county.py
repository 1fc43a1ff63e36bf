"""The county that runs the portal: its contacts, its follow-up limits, and the price rules of its services."""

from dataclasses import dataclass, fields
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db.models import CaseManager, Client, County, ServiceType
from portal.services.work import use_case


@dataclass(frozen=True)
class PriceRules:
    """What the county sets for a kind of service; plans drawn up from then on use them."""

    reference_price_cents: int
    evening: Decimal | None
    saturday: Decimal | None
    sunday: Decimal | None
    travel_supplement_cents: int


@use_case
def the_county(session: Session) -> County | None:
    return session.scalar(select(County).order_by(County.id).limit(1))


@dataclass(frozen=True)
class Contacts:
    """Where to turn, as decisions and the "where to turn" page print it: the registry office, which receives
    requests for review and complaints; the body that decides on the reviews (in Finnish and Swedish); the
    social welfare ombudsman; the staff's IT support."""

    registry_address: str
    registry_email: str
    registry_phone: str
    review_body_fi: str
    review_body_sv: str
    ombudsman_name: str
    ombudsman_phone: str
    ombudsman_email: str
    staff_support_phone: str


def contacts_of(county: County) -> Contacts:
    return Contacts(**{field.name: getattr(county, field.name) for field in fields(Contacts)})


def set_contacts(session: Session, contacts: Contacts) -> None:
    """The county's contacts, for decisions made from now on and the "where to turn" page."""
    county = the_county.within(session)
    for field in fields(Contacts):
        setattr(county, field.name, getattr(contacts, field.name).strip())
    session.flush()


def case_manager_of(session: Session, client_id: int) -> CaseManager | None:
    """The client's own case manager: the first one to ask."""
    return session.scalar(select(CaseManager).join(Client, Client.case_manager_id == CaseManager.id)
                          .where(Client.id == client_id))


def set_follow_up_limits(session: Session, low_percent: int, high_percent: int) -> None:
    county = the_county.within(session)
    county.follow_up_low_percent, county.follow_up_high_percent = low_percent, high_percent


def service_type(session: Session, service_type_id: int) -> ServiceType | None:
    return session.get(ServiceType, service_type_id)


def price_rules_of(service: ServiceType) -> PriceRules:
    return PriceRules(service.reference_price_cents, service.evening_coefficient, service.saturday_coefficient,
                      service.sunday_coefficient, service.travel_supplement_cents)


def set_price_rules(session: Session, service: ServiceType, rules: PriceRules) -> None:
    service.reference_price_cents = rules.reference_price_cents
    service.evening_coefficient, service.saturday_coefficient = rules.evening, rules.saturday
    service.sunday_coefficient = rules.sunday
    service.travel_supplement_cents = rules.travel_supplement_cents
    session.flush()
