"""Typed SQLAlchemy models. Money is stored in integer cents."""

# Longer than 400 lines: every table is here, so that one file shows the whole schema and its constraints.

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    JSON,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from portal.domain.agreements import AgreementStatus, AgreementStep, Party
from portal.domain.alerts import AlertKind, Channel, Delivery
from portal.domain.applications import ApplicationStatus
from portal.domain.feedback import FeedbackKind, FeedbackStatus
from portal.domain.ledger import Balance
from portal.domain.mandates import MandateSource, MandateStatus
from portal.domain.plans import PlanStatus
from portal.domain.providers import ChoiceStatus
from portal.domain.quality import FindingKind, QualityStatus
from portal.domain.roles import Role


def utcnow() -> datetime:
    return datetime.now(UTC)


class Named(TypeDecorator):
    """A StrEnum kept as its value in a string column: Python reads the enum, and a value the enum
    does not know is refused before it is written."""

    impl = String
    cache_ok = True

    def __init__(self, states: type, length: int) -> None:
        super().__init__(length)
        self.states = states

    def process_bind_param(self, value, dialect):
        return None if value is None else self.states(value).value

    def process_result_value(self, value, dialect):
        return None if value is None else self.states(value)


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class County(Base):
    __tablename__ = "counties"
    id: Mapped[int] = mapped_column(primary_key=True)
    name_fi: Mapped[str] = mapped_column(String(200))
    name_sv: Mapped[str] = mapped_column(String(200))
    advice_phone: Mapped[str] = mapped_column(String(40))
    advice_email: Mapped[str] = mapped_column(String(200))
    # Follow-up: a budget used below or above these percentages of plan-so-far is flagged.
    follow_up_low_percent: Mapped[int] = mapped_column(Integer, default=60)
    follow_up_high_percent: Mapped[int] = mapped_column(Integer, default=120)
    # Where to turn, printed on decisions and on the "where to turn" page: the registry office (kirjaamo /
    # registratorskontor) receives requests for review and complaints; the body that decides on the reviews;
    # the social welfare ombudsman; the staff's own IT support.
    registry_address: Mapped[str] = mapped_column(Text, default="", server_default="")
    registry_email: Mapped[str] = mapped_column(String(200), default="", server_default="")
    registry_phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    review_body_fi: Mapped[str] = mapped_column(String(300), default="", server_default="")
    review_body_sv: Mapped[str] = mapped_column(String(300), default="", server_default="")
    ombudsman_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    ombudsman_phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    ombudsman_email: Mapped[str] = mapped_column(String(200), default="", server_default="")
    staff_support_phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    municipalities: Mapped[list["Municipality"]] = relationship(back_populates="county")


class Municipality(Base):
    __tablename__ = "municipalities"
    id: Mapped[int] = mapped_column(primary_key=True)
    county_id: Mapped[int] = mapped_column(ForeignKey("counties.id"))
    name_fi: Mapped[str] = mapped_column(String(100))
    name_sv: Mapped[str] = mapped_column(String(100))
    county: Mapped[County] = relationship(back_populates="municipalities")


class CaseManager(Base):
    __tablename__ = "case_managers"
    id: Mapped[int] = mapped_column(primary_key=True)
    county_id: Mapped[int] = mapped_column(ForeignKey("counties.id"))
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(40))
    email: Mapped[str] = mapped_column(String(200))


class Client(Base):
    __tablename__ = "clients"
    __table_args__ = (Index("ix_clients_caseload_by_name", "case_manager_id", "last_name", "first_name", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # Printed on the client's decisions; a relative gives it when asking for a mandate.
    client_number: Mapped[str] = mapped_column(String(12), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(2))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    case_manager_id: Mapped[int] = mapped_column(ForeignKey("case_managers.id"))
    # Lives far from the centre of the service area: the travel supplement applies.
    far_from_centre: Mapped[bool] = mapped_column(Boolean, default=False)
    # The address in the population register, where the client's paper letters go.
    street_address: Mapped[str] = mapped_column(String(200), default="", server_default="")
    postal_code: Mapped[str] = mapped_column(String(5), default="", server_default="")
    post_office: Mapped[str] = mapped_column(String(100), default="", server_default="")
    # The personal identity code as a keyed hash (services/identities.py): strong sign-in and Suomi.fi
    # e-Authorizations name people by it; the code itself is never stored.
    identity_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    municipality: Mapped[Municipality] = relationship()
    case_manager: Mapped[CaseManager] = relationship()
    plans: Mapped[list["Plan"]] = relationship(back_populates="client", order_by="Plan.version")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "role IN ('client', 'relative', 'case_manager', 'provider', 'admin', 'decision_code')", name="role"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(Named(Role, 20))
    display_name: Mapped[str] = mapped_column(String(200))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"))
    case_manager_id: Mapped[int | None] = mapped_column(ForeignKey("case_managers.id"))
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # A relative's (or a client's own) personal identity code as a keyed hash, for strong sign-in.
    identity_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    client: Mapped[Client | None] = relationship()

    # What Flask-Login asks of a user object.
    is_active = True
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        return str(self.id)


class UserSession(Base):
    """A signed-in session, kept on the server so that it can be ended at once.

    The browser holds a random token; only its SHA-256 is stored.
    """

    __tablename__ = "user_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_why: Mapped[str] = mapped_column(String(20), default="")
    # How the user signed in: a password, strong e-identification (OpenID Connect) or a decision code.
    signed_in_with: Mapped[str] = mapped_column(String(20), default="password", server_default="password")
    # The identity provider's ID token, sent back as id_token_hint when signing out ends its session too.
    id_token: Mapped[str | None] = mapped_column(Text)


class SignInFailure(Base):
    """A failed sign-in, keyed by a hash of the account name or of the address."""

    __tablename__ = "sign_in_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ServiceType(Base):
    """A kind of service in the county's catalogue, with the price rules the county has set."""

    __tablename__ = "service_types"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    unit: Mapped[str] = mapped_column(String(20))
    reference_price_cents: Mapped[int] = mapped_column(Integer, default=0)
    evening_coefficient: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    saturday_coefficient: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    sunday_coefficient: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    travel_supplement_cents: Mapped[int] = mapped_column(Integer, default=0)


class Plan(Base):
    __tablename__ = "plans"
    __table_args__ = (
        Index("ix_plans_status_client", "status", "client_id"),
        UniqueConstraint("client_id", "version"),
        CheckConstraint("status IN ('draft', 'proposed', 'accepted', 'superseded')", name="status"),
        CheckConstraint("period_end >= period_start", name="period"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[PlanStatus] = mapped_column(Named(PlanStatus, 20))
    proposed_on: Mapped[date | None] = mapped_column(Date)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    review_date: Mapped[date] = mapped_column(Date)
    accepted_on: Mapped[date | None] = mapped_column(Date)
    # The days the plan's vouchers follow it: from acceptance (or its start) until a newer plan takes over.
    in_force_from: Mapped[date | None] = mapped_column(Date)
    in_force_to: Mapped[date | None] = mapped_column(Date)
    case_manager_id: Mapped[int] = mapped_column(ForeignKey("case_managers.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    client: Mapped[Client] = relationship(back_populates="plans")
    case_manager: Mapped[CaseManager] = relationship()
    goals: Mapped[list["PlanGoal"]] = relationship(order_by="PlanGoal.position", cascade="all, delete-orphan")
    lines: Mapped[list["PlanLine"]] = relationship(back_populates="plan", order_by="PlanLine.position")


class PlanGoal(Base):
    __tablename__ = "plan_goals"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class PlanLine(Base):
    __tablename__ = "plan_lines"
    __table_args__ = (
        CheckConstraint("quantity_per_month > 0", name="quantity"),
        CheckConstraint("monthly_budget_cents >= 0", name="budget"),
        CheckConstraint("voucher_value_cents >= 0", name="value"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    service_type_id: Mapped[int] = mapped_column(ForeignKey("service_types.id"))
    quantity_per_month: Mapped[int] = mapped_column(Integer)
    voucher_value_cents: Mapped[int] = mapped_column(Integer)
    # Of the month's units, how many fall in the evening, on Saturdays, on Sundays or holidays.
    evening_units: Mapped[int] = mapped_column(Integer, default=0)
    saturday_units: Mapped[int] = mapped_column(Integer, default=0)
    sunday_units: Mapped[int] = mapped_column(Integer, default=0)
    travel_supplement: Mapped[bool] = mapped_column(Boolean, default=False)
    monthly_budget_cents: Mapped[int] = mapped_column(Integer)
    # Part of the need met by the county's own services, outside the budget.
    county_units: Mapped[int] = mapped_column(Integer, default=0)
    # The voucher the line is paid from; a line that continues in a revised plan keeps it.
    voucher_id: Mapped[int | None] = mapped_column(ForeignKey("vouchers.id"), index=True)
    plan: Mapped[Plan] = relationship(back_populates="lines")
    service_type: Mapped[ServiceType] = relationship()
    voucher: Mapped["Voucher | None"] = relationship(back_populates="lines")
    choices: Mapped[list["ProviderChoice"]] = relationship(order_by="ProviderChoice.valid_from", back_populates="plan_line")


class Voucher(Base):
    """A service voucher for one kind of service in a client's plan, with its stored running totals.

    A revised plan's line of the same kind continues on the same voucher. The totals move only
    with a ledger entry, in the same transaction, by a conditional update.
    """

    __tablename__ = "vouchers"
    __table_args__ = (
        CheckConstraint("remaining_cents >= 0", name="not_overspent"),
        CheckConstraint("remaining_cents = granted_cents - charged_cents + credited_cents", name="balance"),
        CheckConstraint("credited_cents >= 0 AND credited_cents <= charged_cents", name="credits"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    service_type_id: Mapped[int] = mapped_column(ForeignKey("service_types.id"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    granted_cents: Mapped[int] = mapped_column(Integer, default=0)
    charged_cents: Mapped[int] = mapped_column(Integer, default=0)
    credited_cents: Mapped[int] = mapped_column(Integer, default=0)
    remaining_cents: Mapped[int] = mapped_column(Integer, default=0)
    lines: Mapped[list["PlanLine"]] = relationship(back_populates="voucher", order_by="PlanLine.id")
    months: Mapped[list["VoucherMonth"]] = relationship(order_by="VoucherMonth.month")

    @property
    def balance(self) -> Balance:
        return Balance(self.granted_cents, self.charged_cents, self.credited_cents)


class VoucherMonth(Base):
    """A voucher's running totals for one month: its quantity and how much of it is used, and
    the month's share of the ledger (a charge and its credits count in the month of the service)."""

    __tablename__ = "voucher_months"
    __table_args__ = (
        CheckConstraint("unit_limit >= 0 AND units_used >= 0", name="units"),
        CheckConstraint("credited_cents >= 0 AND credited_cents <= charged_cents", name="credits"),
    )
    voucher_id: Mapped[int] = mapped_column(ForeignKey("vouchers.id"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    unit_limit: Mapped[int] = mapped_column(Integer, default=0)
    units_used: Mapped[int] = mapped_column(Integer, default=0)
    granted_cents: Mapped[int] = mapped_column(Integer, default=0)
    charged_cents: Mapped[int] = mapped_column(Integer, default=0)
    credited_cents: Mapped[int] = mapped_column(Integer, default=0)


class CountyMonth(Base):
    """The county's running totals of a budget month, by municipality and kind of service: moved
    with every ledger entry, so that the county's figures never add up the ledger."""

    __tablename__ = "county_months"
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), primary_key=True)
    service_type_id: Mapped[int] = mapped_column(ForeignKey("service_types.id"), primary_key=True)
    granted_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    charged_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    credited_cents: Mapped[int] = mapped_column(BigInteger, default=0)


class ChoiceMonth(Base):
    """The budget used in a month by who chose the provider (the client, a relative, or no one
    recorded), by municipality and kind of service: moved with every charge and credit."""

    __tablename__ = "choice_months"
    __table_args__ = (CheckConstraint("chosen_by IN ('client', 'relative', 'unrecorded')", name="chosen_by"),)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), primary_key=True)
    service_type_id: Mapped[int] = mapped_column(ForeignKey("service_types.id"), primary_key=True)
    chosen_by: Mapped[str] = mapped_column(String(10), primary_key=True)
    charged_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    credited_cents: Mapped[int] = mapped_column(BigInteger, default=0)


class ClientCount(Base):
    """How many clients had budget granted in a month or a year, by municipality and kind of service
    (0: any kind, each client once): moved whenever a plan's vouchers change, so that the county's
    reports never count the vouchers."""

    __tablename__ = "client_counts"
    __table_args__ = (CheckConstraint("span IN ('month', 'year')", name="span"),
                      CheckConstraint("clients >= 0", name="not_negative"))
    span: Mapped[str] = mapped_column(String(5), primary_key=True)
    period: Mapped[date] = mapped_column(Date, primary_key=True)  # the first day of the month or of the year
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), primary_key=True)
    service_type_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clients: Mapped[int] = mapped_column(Integer, default=0)


class RateLimit(Base):
    """Flask-Limiter's count of attempts in a window, shared by every server (portal/db/rate_limits.py)."""

    __tablename__ = "rate_limits"
    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)
    window_ends: Mapped[int] = mapped_column(BigInteger)  # whole seconds since the epoch


class LedgerEntry(Base):
    """Append-only: the application and the database both refuse updates and deletes."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        CheckConstraint("kind IN ('grant', 'charge', 'credit', 'close')", name="kind"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    voucher_id: Mapped[int] = mapped_column(ForeignKey("vouchers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    amount_cents: Mapped[int] = mapped_column(Integer)
    # The month of the budget the entry belongs to: a charge's and its credits' is the service's.
    month: Mapped[date] = mapped_column(Date)
    # A charge names the recording it pays for; a credit, the recording it corrects.
    service_event_id: Mapped[int | None] = mapped_column(ForeignKey("service_events.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class AppendOnlyError(RuntimeError):
    pass


@event.listens_for(LedgerEntry, "before_update")
@event.listens_for(LedgerEntry, "before_delete")
def _refuse_ledger_change(mapper, connection, target):
    raise AppendOnlyError("ledger entries are never changed or deleted")


provider_municipalities = Table(
    "provider_municipalities",
    Base.metadata,
    Column("provider_id", ForeignKey("providers.id"), primary_key=True),
    Column("municipality_id", ForeignKey("municipalities.id"), primary_key=True),
)


class Provider(Base):
    __tablename__ = "providers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    business_id: Mapped[str] = mapped_column(String(9), unique=True)
    phone: Mapped[str] = mapped_column(String(40))
    email: Mapped[str] = mapped_column(String(200))
    website: Mapped[str] = mapped_column(String(200), default="")
    # Written by the provider in Finnish, Swedish or both.
    description_fi: Mapped[str] = mapped_column(Text, default="")
    description_sv: Mapped[str] = mapped_column(Text, default="")
    accepts_new_clients: Mapped[bool] = mapped_column(Boolean, default=True)
    offerings: Mapped[list["ProviderOffering"]] = relationship(back_populates="provider")
    languages: Mapped[list["ProviderLanguage"]] = relationship(order_by="ProviderLanguage.language")
    specialisms: Mapped[list["ProviderSpecialism"]] = relationship(order_by="ProviderSpecialism.code")
    municipalities: Mapped[list[Municipality]] = relationship(
        secondary=provider_municipalities, order_by=Municipality.id
    )
    offices: Mapped[list["ProviderOffice"]] = relationship(order_by="ProviderOffice.id")


class ProviderLanguage(Base):
    """A language the provider serves clients in: fi, sv, en or another ISO 639-1 code."""

    __tablename__ = "provider_languages"
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), primary_key=True)
    language: Mapped[str] = mapped_column(String(2), primary_key=True)


class ProviderSpecialism(Base):
    __tablename__ = "provider_specialisms"
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), primary_key=True)


class ProviderOffice(Base):
    __tablename__ = "provider_offices"
    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    street: Mapped[str] = mapped_column(String(200))
    postal_code: Mapped[str] = mapped_column(String(5))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    # As the county approved them with the provider's quality information; None: not told.
    step_free_entrance: Mapped[bool | None] = mapped_column(Boolean)
    parking: Mapped[bool | None] = mapped_column(Boolean)
    municipality: Mapped[Municipality] = relationship()


class ProviderOffering(Base):
    """A provider's price for a kind of service from a date; clients see it once approved."""

    __tablename__ = "provider_offerings"
    __table_args__ = (
        UniqueConstraint("provider_id", "service_type_id", "valid_from"),
        CheckConstraint("unit_price_cents >= 0", name="price"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    service_type_id: Mapped[int] = mapped_column(ForeignKey("service_types.id"))
    unit_price_cents: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    approved_on: Mapped[date | None] = mapped_column(Date)
    provider: Mapped[Provider] = relationship(back_populates="offerings")
    service_type: Mapped[ServiceType] = relationship()


class ProviderChoice(Base):
    """A client's choice of provider for a plan line, from a date; a switch ends the previous one."""

    __tablename__ = "provider_choices"
    __table_args__ = (
        Index("ix_provider_choices_provider_status_from", "provider_id", "status", "valid_from", "id"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="period"),
        CheckConstraint("status IN ('pending', 'accepted', 'declined', 'withdrawn')", name="status"),
        CheckConstraint("chosen_by IN ('client', 'relative', 'unrecorded')", name="chosen_by"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_line_id: Mapped[int] = mapped_column(ForeignKey("plan_lines.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    chosen_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    chosen_by: Mapped[str] = mapped_column(String(10), default="unrecorded")  # a Chooser: the client, a relative
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The provider accepts or declines the client; a decline says why.
    status: Mapped[ChoiceStatus] = mapped_column(Named(ChoiceStatus, 10), default=ChoiceStatus.PENDING)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    provider: Mapped[Provider] = relationship()
    plan_line: Mapped["PlanLine"] = relationship(back_populates="choices")


class ProviderRating(Base):
    """One client's rating of one provider, given from a service line; the client may change it, and the
    provider may answer it once."""

    __tablename__ = "provider_ratings"
    __table_args__ = (
        Index("ix_provider_ratings_score", "score"),
        # Covering: a comparison adds up its providers' scores from the index alone.
        Index("ix_provider_ratings_provider_score", "provider_id", "score"),
        UniqueConstraint("client_id", "provider_id"),
        CheckConstraint("score BETWEEN 1 AND 5", name="score"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    plan_line_id: Mapped[int] = mapped_column(ForeignKey("plan_lines.id"))
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The provider's one answer, set by a conditional update while it is still None.
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    answered_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ServiceAgreement(Base):
    """The agreement on a provider choice: the provider proposes the terms, the client accepts them or asks
    for changes. The price and own share per unit are copied from the approved price and the voucher when
    proposed. Its history (every proposal, answer and notice) is in `agreement_history`."""

    __tablename__ = "service_agreements"
    __table_args__ = (
        Index("ix_service_agreements_provider_status", "provider_id", "status", "id"),
        Index("ix_service_agreements_client_provider", "client_id", "provider_id"),
        CheckConstraint("status IN ('proposed', 'changes_asked', 'accepted', 'withdrawn')", name="status"),
        CheckConstraint("notice_days BETWEEN 0 AND 90", name="notice"),
        CheckConstraint("version > 0", name="version"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    choice_id: Mapped[int] = mapped_column(ForeignKey("provider_choices.id"), unique=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    status: Mapped[AgreementStatus] = mapped_column(Named(AgreementStatus, 15))
    # Each proposal is a new version; the client's answer names the version it answers.
    version: Mapped[int] = mapped_column(Integer, default=1)
    starts_on: Mapped[date] = mapped_column(Date)
    usual_times: Mapped[str] = mapped_column(Text, default="")
    contact_person: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    cancellation_terms: Mapped[str] = mapped_column(Text, default="")
    notice_days: Mapped[int] = mapped_column(Integer, default=14)
    # None only on an agreement made on paper before the portal.
    unit_price_cents: Mapped[int | None] = mapped_column(Integer)
    own_share_cents: Mapped[int | None] = mapped_column(Integer)  # the client's own share of one unit
    proposed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The last day it is in force, once either side gave notice (or the client chose another provider).
    ends_on: Mapped[date | None] = mapped_column(Date)
    # Agreed on paper before the portal kept agreements: accepted, its terms on paper.
    on_paper: Mapped[bool] = mapped_column(Boolean, default=False)
    choice: Mapped[ProviderChoice] = relationship()
    provider: Mapped[Provider] = relationship()
    client: Mapped["Client"] = relationship()
    history: Mapped[list["AgreementHistory"]] = relationship(order_by="AgreementHistory.id", viewonly=True)


class AgreementHistory(Base):
    """One step of an agreement: a proposal with its terms, an answer with its message, a notice with its
    last day. Append-only."""

    __tablename__ = "agreement_history"
    __table_args__ = (
        CheckConstraint("step IN ('proposed', 'changes_asked', 'accepted', 'notice_given', 'withdrawn')", name="step"),
        CheckConstraint("party IN ('client', 'relative', 'provider', 'portal')", name="party"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("service_agreements.id"), index=True)
    step: Mapped[AgreementStep] = mapped_column(Named(AgreementStep, 15))
    version: Mapped[int] = mapped_column(Integer)
    party: Mapped[Party] = mapped_column(Named(Party, 10))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    message: Mapped[str] = mapped_column(Text, default="")
    last_day: Mapped[date | None] = mapped_column(Date)  # of a notice
    terms: Mapped[dict] = mapped_column(JSON, default=dict)  # of a proposal: what was proposed, as it was


@event.listens_for(AgreementHistory, "before_update")
@event.listens_for(AgreementHistory, "before_delete")
def _refuse_agreement_history_change(mapper, connection, target):
    raise AppendOnlyError("an agreement's history is never changed")


class ServiceEvent(Base):
    """A service a provider delivered and recorded against a voucher. The recording is never
    edited; its credited_* totals move only with a correction, by a conditional update."""

    __tablename__ = "service_events"
    __table_args__ = (
        Index("ix_service_events_provider_date", "provider_id", "service_date", "id"),
        CheckConstraint("units > 0", name="units"),
        CheckConstraint("charged_cents >= 0 AND self_pay_cents >= 0", name="amounts"),
        CheckConstraint(
            "credited_units >= 0 AND credited_units <= units AND credited_cents >= 0 AND credited_cents <= charged_cents "
            "AND credited_self_pay_cents >= 0 AND credited_self_pay_cents <= self_pay_cents",
            name="credits",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    voucher_id: Mapped[int] = mapped_column(ForeignKey("vouchers.id"), index=True)
    # The plan line in force on the service date: its voucher value priced the charge.
    plan_line_id: Mapped[int] = mapped_column(ForeignKey("plan_lines.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    service_date: Mapped[date] = mapped_column(Date, index=True)
    units: Mapped[int] = mapped_column(Integer)
    unit_price_cents: Mapped[int] = mapped_column(Integer)
    charged_cents: Mapped[int] = mapped_column(Integer)
    self_pay_cents: Mapped[int] = mapped_column(Integer)
    credited_units: Mapped[int] = mapped_column(Integer, default=0)
    credited_cents: Mapped[int] = mapped_column(Integer, default=0)
    credited_self_pay_cents: Mapped[int] = mapped_column(Integer, default=0)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    recorded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The client (or a relative) confirmed it, by a conditional update while nobody had; a dispute is in
    # service_disputes; neither within the days to confirm counts as confirmed (domain/confirmations.py).
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    confirmed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    voucher: Mapped[Voucher] = relationship()
    plan_line: Mapped[PlanLine] = relationship()
    provider: Mapped[Provider] = relationship()
    corrections: Mapped[list["Correction"]] = relationship(order_by="Correction.id", back_populates="event")
    dispute: Mapped["ServiceDispute | None"] = relationship(viewonly=True, uselist=False)


class AccessibilityFeedback(Base):
    """Feedback given through the portal (on accessibility or anything else), and the county's reply."""

    __tablename__ = "accessibility_feedback"
    __table_args__ = (Index("ix_accessibility_feedback_status_received", "status", "received_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    kind: Mapped[FeedbackKind] = mapped_column(Named(FeedbackKind, 20), default=FeedbackKind.ACCESSIBILITY,
                                               server_default="accessibility")
    page: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
    reply_to: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[FeedbackStatus] = mapped_column(Named(FeedbackStatus, 20), default=FeedbackStatus.NEW,
                                                   server_default="new")
    reply: Mapped[str] = mapped_column(Text, default="", server_default="")
    replied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    replied_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Mandate(Base):
    """A client's mandate to another user to view, or to act, on their behalf until a date."""

    __tablename__ = "mandates"
    __table_args__ = (
        CheckConstraint("scope IN ('view', 'act')", name="scope"),
        CheckConstraint("status IN ('requested', 'active', 'declined', 'revoked')", name="status"),
        CheckConstraint("requested_by IN ('client', 'holder', 'case_manager', 'register')", name="requested_by"),
        CheckConstraint("source IN ('portal', 'suomi_fi')", name="source"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    holder_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    scope: Mapped[str] = mapped_column(String(10))
    status: Mapped[MandateStatus] = mapped_column(Named(MandateStatus, 10))
    valid_until: Mapped[date] = mapped_column(Date)
    requested_by: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A mandate given on paper: when it was signed and which case manager recorded it.
    paper_signed_on: Mapped[date | None] = mapped_column(Date)
    recorded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Given in the portal, or read from Suomi.fi e-Authorizations when the holder signed in strongly.
    source: Mapped[MandateSource] = mapped_column(Named(MandateSource, 10), default=MandateSource.PORTAL,
                                                  server_default="portal")
    client: Mapped[Client] = relationship()
    holder: Mapped[User] = relationship(foreign_keys=[holder_user_id])
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_user_id])


class MandateRequest(Base):
    """A request for a mandate as the holder sent it, whether or not the details matched a client:
    the holder's page shows every request the same way, so that it tells nobody who is a client."""

    __tablename__ = "mandate_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    holder_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    client_number: Mapped[str] = mapped_column(String(12))
    scope: Mapped[str] = mapped_column(String(10))
    valid_until: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The mandate it asked the client for, when the details matched.
    mandate_id: Mapped[int | None] = mapped_column(ForeignKey("mandates.id"))
    mandate: Mapped[Mandate | None] = relationship()


class AccessLogEntry(Base):
    """Who read or did what with a client's data, and on whose behalf. Append-only."""

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_client_at", "client_id", "at", "id"),)  # a client's log, newest first
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[Role] = mapped_column(Named(Role, 20))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    # Set when the actor used a mandate: they acted on the client's behalf.
    mandate_id: Mapped[int | None] = mapped_column(ForeignKey("mandates.id"))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(String(200), default="")
    actor: Mapped[User] = relationship()


@event.listens_for(AccessLogEntry, "before_update")
@event.listens_for(AccessLogEntry, "before_delete")
def _refuse_access_log_change(mapper, connection, target):
    raise AppendOnlyError("access log entries are never changed or deleted")


class Message(Base):
    """A message about the plan between the client (or their relative) and the case manager."""

    __tablename__ = "messages"
    # A client's messages, and the unread ones the case manager's navigation counts.
    __table_args__ = (Index("ix_messages_client_read", "client_id", "read_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    author_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    # A request that the case manager review the plan.
    asks_for_review: Mapped[bool] = mapped_column(Boolean, default=False)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # When the case manager read a message from the client or a relative; None: unread.
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    author: Mapped[User] = relationship()


class Correction(Base):
    """A correction of a recorded service: units credited back to the voucher, with a reason.
    Append-only; the recording itself is never edited."""

    __tablename__ = "corrections"
    __table_args__ = (
        Index("ix_corrections_settlement_month", "settlement_month"),
        CheckConstraint("units > 0", name="units"),
        CheckConstraint(
            "reason IN ('wrong_units', 'not_delivered', 'duplicate', 'wrong_date', 'other')", name="reason"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    service_event_id: Mapped[int] = mapped_column(ForeignKey("service_events.id"), index=True)
    units: Mapped[int] = mapped_column(Integer)
    credited_cents: Mapped[int] = mapped_column(Integer)
    self_pay_credited_cents: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    # The settlement month it is paid back in: the service's, or the next open one if that is settled.
    settlement_month: Mapped[date] = mapped_column(Date)
    # The credit it made in the ledger (none when nothing was charged to the budget).
    ledger_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    recorded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    event: Mapped[ServiceEvent] = relationship(back_populates="corrections")


@event.listens_for(Correction, "before_update")
@event.listens_for(Correction, "before_delete")
def _refuse_correction_change(mapper, connection, target):
    raise AppendOnlyError("corrections are never changed or deleted")


class ProviderApplication(Base):
    """A company's application to become an approved provider; saved as a draft until sent."""

    __tablename__ = "provider_applications"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'submitted', 'more_info', 'approved', 'rejected')", name="status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    status: Mapped[ApplicationStatus] = mapped_column(Named(ApplicationStatus, 10), default=ApplicationStatus.DRAFT)
    company_name: Mapped[str] = mapped_column(String(200), default="")
    business_id: Mapped[str] = mapped_column(String(9), default="")
    contact_person: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    street: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(5), default="")
    office_municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"))
    # Lists and prices as the applicant gave them: ids, language codes, specialism codes, {code: cents}.
    municipality_ids: Mapped[list] = mapped_column(JSON, default=list)
    languages: Mapped[list] = mapped_column(JSON, default=list)
    specialisms: Mapped[list] = mapped_column(JSON, default=list)
    prices: Mapped[dict] = mapped_column(JSON, default=dict)
    county_message: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))
    user: Mapped[User] = relationship()


class ServiceDispute(Base):
    """The client's (or a relative's) dispute of one recorded service. Its amount is held out of the provider's
    settlement (the month's `held_cents`) until the provider corrects the recording or the case manager
    resolves the dispute; then it is released (in the same month, or in the next open one if that was settled)."""

    __tablename__ = "service_disputes"
    __table_args__ = (
        Index("ix_service_disputes_provider_open", "provider_id", "resolved_at", "id"),
        Index("ix_service_disputes_client_open", "client_id", "resolved_at", "id"),
        CheckConstraint("reason IN ('not_delivered', 'wrong_units', 'wrong_date', 'other')", name="reason"),
        CheckConstraint("resolution IS NULL OR resolution IN ('corrected', 'stands', 'credited')", name="resolution"),
        CheckConstraint("party IN ('client', 'relative')", name="party"),
        CheckConstraint("held_cents >= 0", name="held"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    service_event_id: Mapped[int] = mapped_column(ForeignKey("service_events.id"), unique=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    reason: Mapped[str] = mapped_column(String(20))  # a DisputeReason
    note: Mapped[str] = mapped_column(Text, default="")
    party: Mapped[Party] = mapped_column(Named(Party, 10))
    disputed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    disputed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # What the dispute holds out: the budget charged for the recording less what was credited before it.
    held_cents: Mapped[int] = mapped_column(Integer)
    held_month: Mapped[date] = mapped_column(Date)  # the provider's settlement month it is held out of
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolution: Mapped[str | None] = mapped_column(String(10))  # a Resolution
    resolution_note: Mapped[str] = mapped_column(Text, default="")
    released_month: Mapped[date | None] = mapped_column(Date)  # the settlement month the held amount went back to
    event: Mapped[ServiceEvent] = relationship()


class ProviderQuality(Base):
    """What a provider tells of its quality, sent for the county's approval; clients see the latest approved."""

    __tablename__ = "provider_quality"
    __table_args__ = (
        Index("ix_provider_quality_provider_status", "provider_id", "status", "id"),
        CheckConstraint("status IN ('submitted', 'approved', 'returned')", name="status"),
        CheckConstraint("continuity_percent IS NULL OR continuity_percent BETWEEN 0 AND 100", name="continuity"),
        CheckConstraint("staff_count IS NULL OR staff_count >= 0", name="staff"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    status: Mapped[QualityStatus] = mapped_column(Named(QualityStatus, 10), default=QualityStatus.SUBMITTED)
    staff_count: Mapped[int | None] = mapped_column(Integer)
    # The share of visits made by the client's usual workers, over the last twelve months.
    continuity_percent: Mapped[int | None] = mapped_column(Integer)
    founded_year: Mapped[int | None] = mapped_column(Integer)
    ownership_fi: Mapped[str] = mapped_column(Text, default="")
    ownership_sv: Mapped[str] = mapped_column(Text, default="")
    languages: Mapped[list] = mapped_column(JSON, default=list)  # spoken in practice: ISO 639-1 codes
    complaints: Mapped[list] = mapped_column(JSON, default=list)  # [{year, received, upheld}]
    offices: Mapped[list] = mapped_column(JSON, default=list)  # [{office_id, step_free_entrance, parking}]
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    submitted_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    county_message: Mapped[str] = mapped_column(Text, default="")
    provider: Mapped[Provider] = relationship()


class SupervisionFinding(Base):
    """What the county's supervision of a provider found, recorded by the county's staff."""

    __tablename__ = "supervision_findings"
    __table_args__ = (
        Index("ix_supervision_findings_provider_found", "provider_id", "found_on", "id"),
        CheckConstraint("kind IN ('no_remarks', 'guidance', 'remark', 'order')", name="kind"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    found_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[FindingKind] = mapped_column(Named(FindingKind, 12))
    summary_fi: Mapped[str] = mapped_column(Text, default="")
    summary_sv: Mapped[str] = mapped_column(Text, default="")
    put_right_by: Mapped[date | None] = mapped_column(Date)  # of an order
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    recorded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ProviderMonth(Base):
    """A provider's running totals for one settlement month; once settled, nothing moves them."""

    __tablename__ = "provider_months"
    __table_args__ = (
        CheckConstraint("events >= 0 AND charged_cents >= 0 AND credited_cents >= 0", name="totals"),
        CheckConstraint("confirmed_events >= 0 AND held_events >= 0 AND held_cents >= 0 AND resolved_events >= 0 "
                        "AND released_events >= 0 AND released_cents >= 0", name="confirmations"),
        Index("ix_provider_months_month", "month"),
    )
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    events: Mapped[int] = mapped_column(Integer, default=0)
    charged_cents: Mapped[int] = mapped_column(Integer, default=0)
    credited_cents: Mapped[int] = mapped_column(Integer, default=0)
    self_pay_cents: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")  # the clients' own share
    credits: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # corrections paid back in it
    self_pay_credited_cents: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    # The client's confirmations (domain/confirmations.py): services of the month confirmed by the client,
    # held out by an open dispute (with the budget they hold), and disputes resolved before it was settled;
    # and held amounts of earlier, settled months that resolved disputes released into this one.
    confirmed_events: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    held_events: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    held_cents: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    resolved_events: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    released_events: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    released_cents: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    # The latest day a service of the month was recorded: the month settles after its days to confirm.
    last_recorded_on: Mapped[date | None] = mapped_column(Date)
    settled_on: Mapped[date | None] = mapped_column(Date)


class Settlement(Base):
    """A month's settlement with one provider, as the county marked it paid: a snapshot that never changes."""

    __tablename__ = "settlements"
    __table_args__ = (UniqueConstraint("provider_id", "month"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    month: Mapped[date] = mapped_column(Date)
    events: Mapped[int] = mapped_column(Integer)
    charged_cents: Mapped[int] = mapped_column(Integer)
    credited_cents: Mapped[int] = mapped_column(Integer)
    total_cents: Mapped[int] = mapped_column(Integer)
    # The month's services as the client confirmed them when it was settled (auto-confirmed: the rest).
    confirmed_events: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    held_events: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    held_cents: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    resolved_events: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    released_events: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    released_cents: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    paid_on: Mapped[date] = mapped_column(Date)
    marked_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


@event.listens_for(Settlement, "before_update")
@event.listens_for(Settlement, "before_delete")
def _refuse_settlement_change(mapper, connection, target):
    raise AppendOnlyError("a paid settlement is never changed")


class Submission(Base):
    """A binding form sent once: its one-time key, and where its result is shown."""

    __tablename__ = "submissions"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(60))
    result_path: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class NotificationSetting(Base):
    """How a client or a relative wants to be told of alerts, and in which language."""

    __tablename__ = "notification_settings"
    __table_args__ = (CheckConstraint("channel IN ('portal', 'email', 'letter')", name="channel"),)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    channel: Mapped[Channel] = mapped_column(Named(Channel, 10), default=Channel.PORTAL)
    language: Mapped[str] = mapped_column(String(2), default="fi")
    email: Mapped[str] = mapped_column(String(200), default="")
    # A relative's postal address for letters; a client's letters go to the register's address.
    letter_name: Mapped[str] = mapped_column(String(200), default="")
    street_address: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(5), default="")
    post_office: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Alert(Base):
    """One alert to one person about one client's matter: shown in the portal, and e-mailed or
    printed in a letter when the person chose so. One per person and event, by the unique key."""

    __tablename__ = "alerts"
    __table_args__ = (
        UniqueConstraint("user_id", "event_key"),
        Index("ix_alerts_delivery_channel", "delivery", "channel", "id"),
        Index("ix_alerts_user_created", "user_id", "created_at", "id"),
        CheckConstraint("delivery IN ('none', 'waiting', 'claimed', 'sent', 'failed')", name="delivery"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    kind: Mapped[AlertKind] = mapped_column(Named(AlertKind, 30))
    event_key: Mapped[str] = mapped_column(String(120))
    # The date the alert speaks of (the run-out day, the period's end), and the service it is about.
    about_day: Mapped[date | None] = mapped_column(Date)
    service_type_id: Mapped[int | None] = mapped_column(ForeignKey("service_types.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    channel: Mapped[Channel] = mapped_column(Named(Channel, 10))
    delivery: Mapped[Delivery] = mapped_column(Named(Delivery, 10))
    claim: Mapped[str | None] = mapped_column(String(40))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    failure: Mapped[str] = mapped_column(String(200), default="")
    letter_batch_id: Mapped[int | None] = mapped_column(ForeignKey("letter_batches.id"), index=True)
    client: Mapped[Client] = relationship()
    user: Mapped[User] = relationship()
    service_type: Mapped[ServiceType | None] = relationship()


class AlertScan(Base):
    """A day on which the service lines were looked over for alerts: one sender does it, once a day."""

    __tablename__ = "alert_scans"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    scanned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    alerts: Mapped[int] = mapped_column(Integer, default=0)


class LetterBatch(Base):
    """Paper letters printed together by the county's staff, one page per letter."""

    __tablename__ = "letter_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    made_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    letters: Mapped[int] = mapped_column(Integer, default=0)


class Decision(Base):
    """The county's decision on a client's service vouchers, made when a plan is accepted. Append-only:
    what it says (content, a JSON snapshot of the printed decision) never changes; a revised plan's decision
    names the one it replaces."""

    __tablename__ = "decisions"
    __table_args__ = (Index("ix_decisions_client_decided", "client_id", "decided_on", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    case_manager_id: Mapped[int] = mapped_column(ForeignKey("case_managers.id"))
    decided_on: Mapped[date] = mapped_column(Date)
    replaces_decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    # The client's language when the decision was made: the language it is written and printed in.
    language: Mapped[str] = mapped_column(String(2))
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    plan: Mapped[Plan] = relationship()
    client: Mapped[Client] = relationship()
    replaces: Mapped["Decision | None"] = relationship(remote_side=[id])


@event.listens_for(Decision, "before_update")
@event.listens_for(Decision, "before_delete")
def _refuse_decision_change(mapper, connection, target):
    raise AppendOnlyError("decisions are never changed or deleted; a revision makes a new one")


class DecisionCode(Base):
    """A one-time code printed in a decision's letter: with the decision's number it signs in to a limited
    view. Only an Argon2 hash is stored; it expires, and it is used once (used_at, set by a conditional update)."""

    __tablename__ = "decision_codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A newer code printed for the same decision withdraws this one.
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[Decision] = relationship()
