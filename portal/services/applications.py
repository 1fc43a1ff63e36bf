"""Providers' applications, and the county's approval of them and of price changes."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from email_validator import EmailNotValidError, validate_email

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from portal.db.models import (
    Municipality,
    Provider,
    ProviderApplication,
    ProviderLanguage,
    ProviderOffering,
    ProviderOffice,
    ProviderSpecialism,
    ServiceType,
    User,
    utcnow,
)
from portal.domain.applications import APPLICATION_LIFECYCLE, EDITABLE, SENT, ApplicationStatus
from portal.domain.business_id import is_valid
from portal.domain.roles import Role
from portal.services.auth import hash_password
from portal.services.paging import Page, Where, page_by_id

POSTAL_CODE = re.compile(r"[0-9]{5}")
FIELDS = ("company_name", "business_id", "contact_person", "phone", "email", "street", "postal_code")


class ApplicationError(ValueError):
    """A problem with an application; the message is a code (field:problem)."""


def new_applicant(session: Session, username: str, password: str, display_name: str) -> User:
    if len(password) < 12:
        raise ApplicationError("password:short")
    if session.scalar(select(User.id).where(User.username == username.strip())) is not None:
        raise ApplicationError("username:taken")
    user = User(username=username.strip(), password_hash=hash_password(password), role=Role.PROVIDER,
                display_name=display_name.strip() or username.strip())
    session.add(user)
    session.flush()
    return user


def new_draft(session: Session, username: str, password: str, display_name: str) -> ProviderApplication:
    """A new applicant's account and its application, a draft until sent."""
    user = new_applicant(session, username, password, display_name)
    application = ProviderApplication(user_id=user.id, user=user, status=ApplicationStatus.DRAFT)
    session.add(application)
    return application


def application(session: Session, application_id: int) -> ProviderApplication | None:
    return session.get(ProviderApplication, application_id)


def price_change(session: Session, offering_id: int) -> ProviderOffering | None:
    """A price a provider has proposed (gone once the county refused it)."""
    return session.get(ProviderOffering, offering_id)


def application_of(session: Session, user_id: int) -> ProviderApplication | None:
    return session.scalar(select(ProviderApplication).where(ProviderApplication.user_id == user_id))


def save(session: Session, application: ProviderApplication, values: dict) -> ProviderApplication:
    if application.status not in EDITABLE:
        raise ApplicationError("status:sent")
    for name in FIELDS:
        setattr(application, name, (values.get(name) or "").strip())
    application.office_municipality_id = values.get("office_municipality_id")
    application.municipality_ids = sorted(set(values.get("municipality_ids") or []))
    application.languages = sorted(set(values.get("languages") or []))
    application.specialisms = sorted(set(values.get("specialisms") or []))
    application.prices = dict(values.get("prices") or {})
    session.flush()
    return application


def problems(session: Session, application: ProviderApplication) -> list[str]:
    """What must still be filled in before the application can be sent: field:problem codes."""
    found = [f"{name}:missing" for name in FIELDS if not getattr(application, name)]
    if application.business_id and not is_valid(application.business_id):
        found.append("business_id:invalid")
    elif application.business_id and _registered(session, application):
        found.append("business_id:taken")
    if application.postal_code and not POSTAL_CODE.fullmatch(application.postal_code):
        found.append("postal_code:invalid")
    if application.email and not _is_email(application.email):
        found.append("email:invalid")
    if not application.office_municipality_id:
        found.append("office_municipality_id:missing")
    if not application.municipality_ids:
        found.append("municipality_ids:missing")
    if not application.languages:
        found.append("languages:missing")
    if not application.prices:
        found.append("prices:missing")
    return found


def _registered(session: Session, application: ProviderApplication) -> bool:
    """The business ID is a provider's already, or another company's application's."""
    provider = session.scalar(select(Provider.id).where(Provider.business_id == application.business_id))
    other = session.scalar(select(ProviderApplication.id).where(
        ProviderApplication.business_id == application.business_id, ProviderApplication.id != application.id,
        ProviderApplication.status.in_((ApplicationStatus.SUBMITTED, ApplicationStatus.MORE_INFO, ApplicationStatus.APPROVED))))
    return provider is not None or other is not None


def _is_email(address: str) -> bool:
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def submit(session: Session, application: ProviderApplication) -> None:
    if not APPLICATION_LIFECYCLE.allows(application.status, ApplicationStatus.SUBMITTED):
        raise ApplicationError("status:sent")
    if problems(session, application):
        raise ApplicationError("incomplete")
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = utcnow()


APPLICATIONS_PAGE = 25


@dataclass(frozen=True)
class ApplicationList:
    page: Page  # of ProviderApplication, the latest sent first
    status: str | None  # the status shown, or none for every one
    counts: dict[str | None, int]  # applications in each status, and (None) in all


def application_list(session: Session, status: str | None, where: Where) -> ApplicationList:
    """A page of the applications sent, in one status or in any."""
    counts = dict(session.execute(select(ProviderApplication.status, func.count())
                                  .where(ProviderApplication.status.in_(SENT)).group_by(ProviderApplication.status)).all())
    counts = {each: counts.get(each, 0) for each in SENT} | {None: sum(counts.values())}
    query = select(ProviderApplication).where(ProviderApplication.status.in_(SENT if status is None else (status,)))
    page = page_by_id(session, query, [ProviderApplication.submitted_at, ProviderApplication.id],
                      lambda application: (application.submitted_at, application.id), where, APPLICATIONS_PAGE,
                      newest_first=True)
    return ApplicationList(page, status, counts)


DECISIONS = {"approve": ApplicationStatus.APPROVED, "reject": ApplicationStatus.REJECTED,
             "more_info": ApplicationStatus.MORE_INFO}  # the county's buttons


def decide(session: Session, application: ProviderApplication, decision: str, message: str, today: date) -> None:
    """Approve (the provider and its prices appear to clients), reject, or ask for more information."""
    outcome = DECISIONS.get(decision)
    if outcome is None:
        raise ApplicationError("decision:unknown")
    if not APPLICATION_LIFECYCLE.allows(application.status, outcome):
        raise ApplicationError("status:not_submitted")
    if outcome != ApplicationStatus.APPROVED and not message.strip():
        raise ApplicationError("message:missing")
    application.county_message = message.strip()
    application.decided_at = utcnow()
    if outcome != ApplicationStatus.APPROVED:
        application.status = outcome
        return
    municipalities = list(session.scalars(select(Municipality).where(Municipality.id.in_(application.municipality_ids))))
    provider = Provider(
        name=application.company_name, business_id=application.business_id, phone=application.phone,
        email=application.email, municipalities=municipalities,
        languages=[ProviderLanguage(language=code) for code in application.languages],
        specialisms=[ProviderSpecialism(code=code) for code in application.specialisms],
        offices=[ProviderOffice(street=application.street, postal_code=application.postal_code,
                                municipality_id=application.office_municipality_id)],
    )
    session.add(provider)
    types = {t.code: t for t in session.scalars(select(ServiceType))}
    for code, cents in application.prices.items():
        session.add(ProviderOffering(provider=provider, service_type=types[code], unit_price_cents=int(cents),
                                     valid_from=today, approved_on=today))
    session.flush()
    application.status = ApplicationStatus.APPROVED
    application.provider_id = provider.id
    application.user.provider_id = provider.id


def propose_price(session: Session, provider_id: int, service_type_id: int, cents: int, valid_from: date, today: date) -> ProviderOffering:
    if valid_from <= today:
        raise ApplicationError("valid_from:not_future")
    offering = ProviderOffering(provider_id=provider_id, service_type_id=service_type_id, unit_price_cents=cents,
                                valid_from=valid_from)
    try:
        with session.begin_nested():
            session.add(offering)
    except IntegrityError as taken:
        raise ApplicationError("valid_from:taken") from taken
    return offering


def prices_of(session: Session, provider_id: int) -> list[ProviderOffering]:
    """The provider's prices, approved and waiting, by service and date."""
    return list(session.scalars(
        select(ProviderOffering).where(ProviderOffering.provider_id == provider_id)
        .options(joinedload(ProviderOffering.service_type))
        .order_by(ProviderOffering.service_type_id, ProviderOffering.valid_from)
    ))


def pending_prices(session: Session) -> list[ProviderOffering]:
    return list(session.scalars(
        select(ProviderOffering).where(ProviderOffering.approved_on.is_(None))
        .options(joinedload(ProviderOffering.provider), joinedload(ProviderOffering.service_type))
        .order_by(ProviderOffering.valid_from)
    ))


def decide_price(session: Session, offering: ProviderOffering, approve: bool, today: date) -> None:
    """An approved new price ends the one before it the day before it starts; a refused one is dropped."""
    if offering.approved_on is not None:
        raise ApplicationError("status:decided")
    if not approve:
        session.delete(offering)
        return
    earlier = session.scalars(
        select(ProviderOffering).where(
            ProviderOffering.provider_id == offering.provider_id,
            ProviderOffering.service_type_id == offering.service_type_id,
            ProviderOffering.approved_on.is_not(None),
            ProviderOffering.valid_from < offering.valid_from,
            (ProviderOffering.valid_to.is_(None)) | (ProviderOffering.valid_to >= offering.valid_from),
        )
    ).all()
    for previous in earlier:
        previous.valid_to = offering.valid_from - timedelta(days=1)
    offering.approved_on = today
