"""Alerts: written once per person and event, to the right people, and sent once by e-mail through a
real SMTP server (aiosmtpd), with no budget figures and the client's name only to a relative."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal import create_app
from portal.builders import (
    a_choice,
    a_client,
    a_county,
    a_message,
    a_mandate,
    a_proposed_version,
    a_provider,
    an_accepted_plan,
    an_account,
    services_recorded,
    the_line,
)
from portal.db.models import Alert, NotificationSetting
from portal.db.session import dispose, make_engine
from portal.domain.alerts import AlertKind, Channel, Delivery, plan_proposed
from portal.domain.budget import Band
from portal.domain.mandates import Scope
from portal.domain.providers import ChoiceStatus
from portal.domain.roles import Role
from portal.domain.service_types import ServiceKind
from portal.services import alerts, delivery, disputes, mandates, provider_work
from portal.services.mail import SmtpMailer
from portal.web.alert_mail import composer
from tests.conftest import SECRET
from tests.smtp import smtp_server

TODAY = date.today()


def a_year_ending_this_month() -> date:
    """The start of a year's plan whose period ends at the end of this month, within 30 days."""
    month, year = TODAY.month - 11, TODAY.year
    if month < 1:
        month, year = month + 12, year - 1
    return date(year, month, 5)


def the_months_after(start: date) -> list[date]:
    """The fourth day of each month after the start's, up to today."""
    days, month, year = [], start.month, start.year
    while True:
        month, year = (1, year + 1) if month == 12 else (month + 1, year)
        if date(year, month, 4) > TODAY:
            return days
        days.append(date(year, month, 4))


@pytest.fixture()
def url(empty_database_url):
    return empty_database_url


@pytest.fixture()
def session(url):
    engine = make_engine(url)
    with Session(engine) as session:
        yield session
    engine.dispose()


class Family:
    """Aino with her own account, and Mikko, who holds her mandate."""

    def __init__(self, session: Session, start: date, quantity: int = 20):
        self.county = a_county(session)
        self.aino = a_client(session, self.county, "Aino", "Virtanen")
        self.aino_account = an_account(session, Role.CLIENT, "aino", client=self.aino)
        self.mikko = an_account(session, Role.RELATIVE, "mikko", display_name="Mikko Virtanen")
        a_mandate(session, self.aino, self.mikko, valid_until=TODAY + timedelta(days=300))
        self.plan = an_accepted_plan(session, self.aino, {ServiceKind.HOME_CARE: quantity}, start=start)
        self.line = the_line(self.plan, ServiceKind.HOME_CARE)
        self.provider = a_provider(session, self.county, "Aurinko Kotiapu Oy", {ServiceKind.HOME_CARE: 4500})


def alerts_of(session: Session, user) -> list[tuple[AlertKind, str]]:
    return [(AlertKind(a.kind), a.event_key) for a in session.scalars(
        select(Alert).where(Alert.user_id == user.id).order_by(Alert.id))]


def kinds_of(session: Session, user) -> list[AlertKind]:
    return [kind for kind, _key in alerts_of(session, user)]


def test_a_proposed_plan_tells_the_client_and_the_relative_once(session):
    family = Family(session, TODAY - timedelta(days=30))
    before = (kinds_of(session, family.aino_account), kinds_of(session, family.mikko))
    draft = a_proposed_version(session, family.aino, TODAY, {ServiceKind.HOME_CARE: {Band.WEEKDAY: 25}})
    assert kinds_of(session, family.aino_account) == before[0] + [AlertKind.PLAN_PROPOSED]
    assert kinds_of(session, family.mikko) == before[1] + [AlertKind.PLAN_PROPOSED]
    alerts.tell(session, family.aino.id, plan_proposed(draft.id), TODAY)  # told again
    assert alerts_of(session, family.aino_account).count((AlertKind.PLAN_PROPOSED, plan_proposed(draft.id).key)) == 1


def test_a_relative_without_a_valid_mandate_is_not_told(session):
    family = Family(session, TODAY - timedelta(days=30))
    stranger = an_account(session, Role.RELATIVE, "stranger")
    a_mandate(session, family.aino, stranger, valid_until=TODAY - timedelta(days=1))
    a_message(session, an_account(session, Role.CASE_MANAGER, "maria", case_manager=family.county.case_managers[0]),
              family.aino, "Hei Aino, soitan huomenna.")
    assert kinds_of(session, stranger) == []
    assert kinds_of(session, family.mikko)[-1] is AlertKind.MESSAGE


def test_a_message_from_the_client_tells_nobody_on_the_clients_side(session):
    family = Family(session, TODAY - timedelta(days=30))
    a_message(session, family.aino_account, family.aino, "Kiitos!")
    assert AlertKind.MESSAGE not in kinds_of(session, family.aino_account) + kinds_of(session, family.mikko)


def test_a_mandate_request_is_for_the_client_alone(session):
    family = Family(session, TODAY - timedelta(days=30))
    asker = an_account(session, Role.RELATIVE, "liisa")
    mandates.request(session, asker, family.aino.client_number, "Virtanen", Scope.VIEW, TODAY + timedelta(days=90),
                     TODAY)
    assert kinds_of(session, family.aino_account)[-1] is AlertKind.MANDATE_TO_CONFIRM
    assert AlertKind.MANDATE_TO_CONFIRM not in kinds_of(session, family.mikko)
    assert kinds_of(session, asker) == []


def test_the_providers_answer_tells_once_even_if_it_answers_twice(session):
    family = Family(session, TODAY - timedelta(days=30))
    choice = a_choice(session, family.line, family.provider, TODAY, status=ChoiceStatus.PENDING)
    provider_work.decide(session, choice, accept=False, reason="Ei vapaita aikoja")
    provider_work.decide(session, choice, accept=False, reason="Ei vapaita aikoja")
    assert kinds_of(session, family.aino_account).count(AlertKind.PROVIDER_DECLINED) == 1
    assert kinds_of(session, family.mikko).count(AlertKind.PROVIDER_DECLINED) == 1


def test_the_daily_look_finds_a_period_ending_and_a_line_unused_and_writes_each_once(session):
    family = Family(session, a_year_ending_this_month())
    choice = a_choice(session, family.line, family.provider, a_year_ending_this_month())
    (event,) = services_recorded(session, choice, [(TODAY - timedelta(days=50), 2)])
    # Aino confirms it (recorded today, it would wait for her answer: tests/services/test_services_to_confirm_alert.py)
    disputes.confirm_all(session, family.aino.id, family.aino_account, event.service_date, event.id, TODAY)
    told_before = len(kinds_of(session, family.aino_account))
    written = alerts.scan_once(session, TODAY)
    due = sorted(kinds_of(session, family.aino_account)[told_before:])
    assert due == sorted([AlertKind.PERIOD_ENDING, AlertKind.UNUSED])
    assert sorted(kinds_of(session, family.mikko)[told_before:]) == due
    assert written == 4
    assert alerts.scan_once(session, TODAY) is None  # the day is taken
    assert alerts.scan_once(session, TODAY + timedelta(days=1)) == 0  # the same events, a day later
    services_recorded(session, choice, [(TODAY, 1)])
    assert alerts.scan_once(session, TODAY + timedelta(days=2)) == 0  # used again: nothing new


def test_a_line_nearly_used_up_is_little_left(session):
    family = Family(session, a_year_ending_this_month(), quantity=2)
    choice = a_choice(session, family.line, family.provider, a_year_ending_this_month())
    services_recorded(session, choice, [(day, 2) for day in the_months_after(a_year_ending_this_month())])
    left = family.line.voucher.remaining_cents
    session.refresh(family.line.voucher)
    assert family.line.voucher.remaining_cents * 5 < family.line.voucher.granted_cents, left
    alerts.scan_once(session, TODAY)
    assert AlertKind.LOW_LEFT in kinds_of(session, family.aino_account)


@pytest.fixture()
def app(url):
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "DATABASE_URL": url, "RATELIMIT_ENABLED": False,
                      "PORTAL_URL": "https://budjetti.example.fi", "MAIL_FROM": "budjetti@example.fi"})
    yield app
    dispose(app)


def chose_email(session: Session, user, address: str, language: str) -> None:
    session.add(NotificationSetting(user_id=user.id, channel=Channel.EMAIL, language=language, email=address))
    session.flush()


def send(app, mailer, today=TODAY):
    with app.app_context():
        compose = composer(app, lambda language: "Pohjanmaan hyvinvointialue")
        return delivery.send_alerts(compose, mailer, today, token="sender-1")


def test_email_goes_through_a_real_smtp_server_once_without_figures(app, session):
    family = Family(session, a_year_ending_this_month())
    chose_email(session, family.aino_account, "aino@example.fi", "fi")
    chose_email(session, family.mikko, "mikko@example.fi", "sv")
    a_proposed_version(session, family.aino, TODAY, {ServiceKind.HOME_CARE: {Band.WEEKDAY: 25}})
    session.commit()
    with smtp_server() as (host, port, inbox):
        mailer = SmtpMailer(host, port, tls="none")
        first = send(app, mailer)
        again = send(app, mailer, TODAY)
    assert first.sent == 4 and again.sent == 0  # the proposal and the period's end, to each of them
    to_aino, to_mikko = inbox.to("aino@example.fi"), inbox.to("mikko@example.fi")
    assert len(to_aino) == len(to_mikko) == 2
    aino_text = "\n".join(m.get_content() for m in to_aino)
    mikko_text = "\n".join(m.get_content() for m in to_mikko)
    assert "Kirjaudu sisään" in aino_text and "https://budjetti.example.fi/sign-in" in aino_text
    assert "Aino" not in aino_text  # to the client herself: "your matters"
    assert "Aino Virtanen" in mikko_text and "Logga in" in mikko_text  # a relative may see whose
    for text in (aino_text, mikko_text):
        assert "€" not in text and not re.search(r"\d+,\d\d", text)  # no budget figures
        assert not re.search(r"\b20\d\d\b", text)  # nor the dates the portal tells
    assert {m["Message-ID"] for m in inbox.messages} == {
        f"<alert-{a.id}@example.fi>" for a in session.scalars(select(Alert).where(Alert.channel == Channel.EMAIL))}
    session.expire_all()
    assert set(session.scalars(select(Alert.delivery).where(Alert.channel == Channel.EMAIL))) == {Delivery.SENT}


def test_an_unreachable_server_leaves_the_alerts_waiting_and_a_later_run_sends_them(app, session):
    family = Family(session, TODAY - timedelta(days=30))
    chose_email(session, family.aino_account, "aino@example.fi", "en")
    a_proposed_version(session, family.aino, TODAY, {ServiceKind.HOME_CARE: {Band.WEEKDAY: 25}})
    session.commit()
    with smtp_server() as (host, port, inbox):
        pass  # stopped: nothing listens on the port now
    report = send(app, SmtpMailer(host, port, tls="none", timeout=2))
    assert report.sent == 0 and report.retry == 1
    session.expire_all()
    assert session.scalar(select(Alert.delivery).where(Alert.channel == Channel.EMAIL)) == Delivery.WAITING
    with smtp_server() as (host, port, inbox):
        assert send(app, SmtpMailer(host, port, tls="none")).sent == 1
    assert inbox.messages[0]["Subject"] == "New in the personal budget portal"


def test_a_claim_left_by_a_stopped_sender_is_given_up_not_sent_twice(app, session):
    family = Family(session, TODAY - timedelta(days=30))
    chose_email(session, family.aino_account, "aino@example.fi", "fi")
    a_proposed_version(session, family.aino, TODAY, {ServiceKind.HOME_CARE: {Band.WEEKDAY: 25}})
    session.commit()
    with app.app_context():
        long_ago = datetime.now(UTC) - timedelta(hours=2)
        assert len(delivery.claim_emails("stopped-sender", long_ago)) == 1  # and then it stopped
    with smtp_server() as (host, port, inbox):
        report = send(app, SmtpMailer(host, port, tls="none"))
    assert (report.sent, report.given_up, inbox.messages) == (0, 1, [])
    session.expire_all()
    assert session.scalar(select(Alert.delivery).where(Alert.channel == Channel.EMAIL)) == Delivery.FAILED


def test_an_email_without_an_address_fails_and_is_counted(app, session):
    family = Family(session, TODAY - timedelta(days=30))
    chose_email(session, family.aino_account, "", "fi")
    a_proposed_version(session, family.aino, TODAY, {ServiceKind.HOME_CARE: {Band.WEEKDAY: 25}})
    session.commit()
    with smtp_server() as (host, port, inbox):
        report = send(app, SmtpMailer(host, port, tls="none"))
    assert (report.failed, inbox.messages) == (1, [])
    assert session.scalar(select(func.count()).select_from(Alert).where(Alert.delivery == Delivery.FAILED)) == 1


def test_two_senders_at_once_send_each_alert_once_on_sqlite(database_url, tmp_path):
    from tests.senders import check_each_alert_arrives_once

    check_each_alert_arrives_once(database_url, tmp_path)
