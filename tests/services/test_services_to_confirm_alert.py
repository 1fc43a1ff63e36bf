"""The month-end alert "services to confirm" (issue 16): raised by the daily look once a month has ended, while
its recorded services wait for the client's confirmation, once per client and month, to the client and to each
relative with a mandate in force; read by all clients in one grouped query; e-mailed through a real SMTP server."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal import create_app
from portal.builders import (
    a_choice,
    a_client,
    a_county,
    a_disputed_service,
    a_mandate,
    a_provider,
    an_accepted_plan,
    an_account,
    services_recorded,
    the_line,
)
from portal.db.models import Alert, NotificationSetting, ServiceEvent
from portal.db.session import dispose, make_engine
from portal.domain.alerts import AlertKind, Channel, services_month_of
from portal.domain.confirmations import month_end
from portal.domain.mandates import MandateStatus
from portal.domain.plans import month_start
from portal.domain.roles import Role
from portal.domain.service_types import ServiceKind
from portal.services import alerts, delivery, disputes
from portal.services.mail import SmtpMailer
from portal.web.alert_mail import composer
from tests.conftest import SECRET
from tests.queries import queries_sent
from tests.smtp import smtp_server

TODAY = date.today()
MONTH = month_start(month_start(TODAY) - timedelta(days=40))  # a month that ended a while ago: the tests' clock
END = month_end(MONTH)
LAST_DAY = END + timedelta(days=14)


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
    """A client with her own account, Mikko with her mandate, and Liisa whose mandate was revoked; a provider
    serves her home care under an accepted agreement."""

    def __init__(self, session: Session, first_name: str = "Aino", county=None):
        self.session = session
        self.county = county or a_county(session)
        self.client = a_client(session, self.county, first_name, "Virtanen")
        self.account = an_account(session, Role.CLIENT, first_name.lower(), client=self.client)
        self.mikko = an_account(session, Role.RELATIVE, f"mikko-{first_name.lower()}", display_name="Mikko Virtanen")
        self.liisa = an_account(session, Role.RELATIVE, f"liisa-{first_name.lower()}", display_name="Liisa Virtanen")
        a_mandate(session, self.client, self.mikko, valid_until=TODAY + timedelta(days=300))
        a_mandate(session, self.client, self.liisa, valid_until=TODAY + timedelta(days=300),
                  status=MandateStatus.REVOKED)
        start = MONTH - timedelta(days=60)
        plan = an_accepted_plan(session, self.client, {ServiceKind.HOME_CARE: 20}, start=start)
        self.provider = a_provider(session, self.county, f"Kotiapu {first_name} Oy", {ServiceKind.HOME_CARE: 4500})
        self.choice = a_choice(session, the_line(plan, ServiceKind.HOME_CARE), self.provider, start)

    def recorded(self, *days: date, on: date | None = None) -> list[ServiceEvent]:
        """Visits on the days, each recorded on its own day (or on `on`), at noon."""
        events = []
        for day in days:
            recorded_on = on or day
            (event,) = services_recorded(self.session, self.choice, [(day, 1)], today=recorded_on)
            self.session.execute(update(ServiceEvent).where(ServiceEvent.id == event.id)
                                 .values(recorded_at=datetime.combine(recorded_on, time(12), UTC)))
            events.append(event)
        self.session.flush()
        return events


def told(session: Session, user, kind: AlertKind = AlertKind.SERVICES_TO_CONFIRM) -> list[Alert]:
    return list(session.scalars(select(Alert).where(Alert.user_id == user.id, Alert.kind == kind).order_by(Alert.id)))


def raised_on(session: Session, today: date) -> list[tuple[int, str, date]]:
    return [(r.client_id, r.due.key, r.due.day) for r in alerts.due_for_confirmations(session, today)]


def test_the_daily_look_tells_the_client_and_her_relative_once_after_the_month_ends(session):
    family = Family(session)
    family.recorded(MONTH + timedelta(days=3), MONTH + timedelta(days=17))
    alerts.scan_once(session, END)
    assert told(session, family.account) == []  # the month has not ended
    alerts.scan_once(session, END + timedelta(days=1))
    (alert,) = told(session, family.account)
    assert alert.event_key == f"services-to-confirm:{family.client.id}:{MONTH:%Y-%m}"
    assert (alert.about_day, alert.client_id, services_month_of(alert.event_key)) == (LAST_DAY, family.client.id, MONTH)
    assert [a.event_key for a in told(session, family.mikko)] == [alert.event_key]  # a relative with a mandate
    assert told(session, family.liisa) == []  # her mandate was revoked
    alerts.scan_once(session, END + timedelta(days=2))
    alerts.scan_once(session, LAST_DAY)
    assert len(told(session, family.account)) == len(told(session, family.mikko)) == 1  # once, however often


def test_nothing_is_raised_after_the_last_day_to_confirm(session):
    family = Family(session)
    family.recorded(MONTH + timedelta(days=3))
    key = f"services-to-confirm:{family.client.id}:{MONTH:%Y-%m}"
    assert raised_on(session, LAST_DAY) == [(family.client.id, key, LAST_DAY)]
    assert raised_on(session, LAST_DAY + timedelta(days=1)) == []
    alerts.scan_once(session, LAST_DAY + timedelta(days=1))
    assert told(session, family.account) == []


def test_a_late_recording_keeps_the_month_open_until_its_own_last_day(session):
    family = Family(session)
    family.recorded(MONTH + timedelta(days=3))
    recorded_late = END + timedelta(days=10)
    family.recorded(MONTH + timedelta(days=20), on=recorded_late)
    after_the_first = LAST_DAY + timedelta(days=1)
    key = f"services-to-confirm:{family.client.id}:{MONTH:%Y-%m}"
    assert raised_on(session, after_the_first) == [(family.client.id, key, recorded_late + timedelta(days=14))]
    assert raised_on(session, recorded_late + timedelta(days=15)) == []


def test_a_month_all_confirmed_or_disputed_calls_for_nothing(session):
    family = Family(session)
    family.recorded(MONTH + timedelta(days=3), MONTH + timedelta(days=17))
    today = END + timedelta(days=1)
    assert a_disputed_service(session, family.client, family.account, family.provider, MONTH, today) is not None
    assert raised_on(session, today) != []  # one still waits
    shown = disputes.services_to_confirm(session, family.client.id, MONTH, today)
    assert disputes.confirm_all(session, family.client.id, family.account, MONTH, shown.up_to_id, today) == 1
    assert raised_on(session, today) == []


def test_each_client_and_month_is_its_own_alert_read_in_one_query(session):
    aino = Family(session)
    ella = Family(session, "Ella", county=aino.county)
    aino.recorded(MONTH + timedelta(days=3))
    ella.recorded(MONTH + timedelta(days=5), MONTH + timedelta(days=6))
    following = month_start(END + timedelta(days=1))
    ella.recorded(following + timedelta(days=1), on=following + timedelta(days=1))
    today = month_end(following) + timedelta(days=1)  # the first month's days are over; the second's not
    assert raised_on(session, today) == [(ella.client.id, f"services-to-confirm:{ella.client.id}:{following:%Y-%m}",
                                          month_end(following) + timedelta(days=14))]
    today = END + timedelta(days=1)
    assert sorted(raised_on(session, today)) == sorted([
        (aino.client.id, f"services-to-confirm:{aino.client.id}:{MONTH:%Y-%m}", LAST_DAY),
        (ella.client.id, f"services-to-confirm:{ella.client.id}:{MONTH:%Y-%m}", LAST_DAY)])
    assert queries_sent(session, lambda: alerts.due_for_confirmations(session, today)) == 1


@pytest.fixture()
def app(url):
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "DATABASE_URL": url, "RATELIMIT_ENABLED": False,
                      "PORTAL_URL": "https://budjetti.example.fi", "MAIL_FROM": "budjetti@example.fi"})
    yield app
    dispose(app)


def test_the_alert_is_emailed_through_a_real_smtp_server_in_each_ones_language(app, session):
    family = Family(session)
    family.recorded(MONTH + timedelta(days=3))
    for user, address, language in ((family.account, "aino@example.fi", "fi"),
                                    (family.mikko, "mikko@example.fi", "sv")):
        session.add(NotificationSetting(user_id=user.id, channel=Channel.EMAIL, language=language, email=address))
    session.commit()
    with smtp_server() as (host, port, inbox), app.app_context():
        compose = composer(app, lambda language: "Pohjanmaan hyvinvointialue")
        report = delivery.send_alerts(compose, SmtpMailer(host, port, tls="none"), END + timedelta(days=1), "sender-1")
        again = delivery.send_alerts(compose, SmtpMailer(host, port, tls="none"), END + timedelta(days=2), "sender-1")
    assert (report.sent, again.sent) == (2, 0)
    (to_aino,), (to_mikko,) = inbox.to("aino@example.fi"), inbox.to("mikko@example.fi")
    aino_text, mikko_text = to_aino.get_content(), to_mikko.get_content()
    assert "Päättyneen kuukauden kirjatut palvelut odottavat vahvistusta." in aino_text
    assert "Aino" not in aino_text and "https://budjetti.example.fi/sign-in" in aino_text
    assert "Registrerade tjänster från en månad som har tagit slut väntar på bekräftelse." in mikko_text
    assert "Aino Virtanen" in mikko_text
    assert str(MONTH.year) not in aino_text + mikko_text  # an e-mail tells no dates; the portal does
