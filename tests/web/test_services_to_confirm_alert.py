"""The "services to confirm" alert on the notifications page and in a letter, in Finnish, Swedish and English: it
says the month and the last day, and leads to that month's services to confirm, for a relative acting for the
client (a form that starts acting for her, her mandate checked again)."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from portal.db.models import AccessLogEntry, Alert, Client, Mandate, NotificationSetting, User
from portal.domain.access_log import AccessAction
from portal.domain.alerts import Channel, plan_proposed, services_to_confirm
from portal.domain.confirmations import month_end
from portal.services import alerts, disputes
from portal.web.i18n import date_long, in_language, month_in
from tests.pages import Page

TODAY = date.today()
SENTENCES = {
    "fi": "Kirjatut palvelut, jotka on annettu {month}, odottavat vahvistusta. Vahvista ne tai kiistä virheellinen "
          "palvelu viimeistään {day}.",
    "sv": "Registrerade tjänster från {month} väntar på bekräftelse. Bekräfta dem eller bestrid en felaktig "
          "tjänst senast {day}.",
    "en": "Recorded services from {month} are waiting for confirmation. Confirm them, or dispute a service that is "
          "wrong, by {day}.",
}
BUTTON = {"fi": "Siirry vahvistettaviin palveluihin", "sv": "Gå till tjänster att bekräfta",
          "en": "Go to the services to confirm"}


def _user(db, username: str) -> User:
    return db.scalar(select(User).where(User.username == username))


def _aino(db) -> Client:
    return db.scalar(select(Client).where(Client.client_number == "A0000001"))


def _told_aino(db) -> tuple[date, date]:
    """The alert for the latest ended month of Aino's recorded services, raised the day after it ended: (the month,
    the last day to confirm)."""
    aino = _aino(db)
    month = next(month for month in disputes.months_with_services(db, aino.id) if month_end(month) < TODAY)
    due = services_to_confirm(aino.id, month, month_end(month), month_end(month) + timedelta(days=1))
    alerts.tell(db, aino.id, due, TODAY)
    db.commit()
    return month, due.day


def _sentence(app, language: str, month: date, day: date) -> str:
    """The sentence, with the month and the day as the portal writes them in the language."""
    with app.test_request_context(), in_language(language):
        return SENTENCES[language].format(month=month_in(month), day=date_long(day))


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_client_reads_the_month_and_the_last_day_and_follows_the_link(app, client, db, language):
    month, last_day = _told_aino(db)
    client.use_language(language)
    client.sign_in("client")
    page = Page(client.get("/notifications").get_data(as_text=True))
    assert _sentence(app, language, month, last_day) in page.text()
    link = page.link(BUTTON[language])
    assert link["href"] == f"/services-to-confirm?month={month:%Y-%m}"
    shown = Page(client.get(link["href"]).get_data(as_text=True))
    assert shown.link(shown.headings(2)[0]).get("aria-current") == "page"  # that month's services
    assert not page.soup.find_all("form", action=re.compile("/open$"))  # acting for herself: a link, not a form


def test_a_relative_opens_the_page_acting_for_the_client_and_it_is_logged(client, db):
    month, _last_day = _told_aino(db)
    relative = _user(db, "relative")
    client.use_language("en")
    client.sign_in("relative")
    page = Page(client.get("/notifications").get_data(as_text=True))
    assert not page.has_link(BUTTON["en"])  # not acting for Aino yet
    form = page.button(BUTTON["en"]).find_parent("form")
    response = client.post(form["action"], data={"csrf_token": client.csrf_token("/notifications")})
    assert (response.status_code, response.location) == (303, f"/services-to-confirm?month={month:%Y-%m}")
    shown = Page(client.get(response.location).get_data(as_text=True))
    assert shown.announces("You are now acting on behalf of Aino Virtanen.")
    assert "for Aino Virtanen" in shown.text()
    logged = list(db.scalars(select(AccessLogEntry.action).where(AccessLogEntry.client_id == _aino(db).id,
                                                                 AccessLogEntry.actor_user_id == relative.id)))
    assert logged.count(AccessAction.START_ACTING) == 1 and AccessAction.VIEW_SERVICES_TO_CONFIRM in logged
    page = Page(client.get("/notifications").get_data(as_text=True))
    assert page.link(BUTTON["en"])["href"] == response.location  # acting for her now: a plain link


def test_an_alert_opens_only_for_its_reader_and_while_the_mandate_holds(client, db):
    _told_aino(db)
    aino, relative = _aino(db), _user(db, "relative")
    alerts.tell(db, aino.id, plan_proposed(987_654), TODAY)
    db.commit()
    theirs = {kind: alert_id for kind, alert_id in db.execute(
        select(Alert.kind, Alert.id).where(Alert.user_id == relative.id, Alert.client_id == aino.id))}
    client.use_language("en")
    client.sign_in("client")
    token = client.csrf_token("/notifications")
    assert client.post(f"/notifications/{theirs['services_to_confirm']}/open",
                       data={"csrf_token": token}).status_code == 404  # the relative's alert, not Aino's
    client.post("/sign-out", data={"csrf_token": token})
    client.sign_in("relative")
    token = client.csrf_token("/notifications")
    for alert_id in (theirs["plan_proposed"], 99_999_999, 10**30):  # leads nowhere, nobody's, too large
        assert client.post(f"/notifications/{alert_id}/open", data={"csrf_token": token}).status_code == 404
    assert client.post(f"/notifications/{theirs['services_to_confirm']}/open", data={}).status_code == 400
    db.execute(update(Mandate).where(Mandate.holder_user_id == relative.id, Mandate.client_id == aino.id)
               .values(valid_until=TODAY - timedelta(days=1)))
    db.commit()
    response = client.post(f"/notifications/{theirs['services_to_confirm']}/open", data={"csrf_token": token},
                           follow_redirects=True)
    assert Page(response.get_data(as_text=True)).announces(
        "Your mandate is no longer valid, so you can no longer see that person's information.")
    assert response.request.path == "/notifications"


def test_the_letter_says_the_month_and_the_last_day(app, client, db):
    aino_account = _user(db, "client")
    db.add(NotificationSetting(user_id=aino_account.id, channel=Channel.LETTER, language="sv"))
    db.commit()
    month, last_day = _told_aino(db)
    client.use_language("en")
    client.sign_in("admin")
    token = client.csrf_token("/admin/letters")
    response = client.post("/admin/letters/batch", data={"csrf_token": token})
    batch = Page(client.get(response.location).get_data(as_text=True))
    assert _sentence(app, "sv", month, last_day) in batch.text()
