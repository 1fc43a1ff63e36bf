"""Notifications in the portal, how each person chooses to be told, the county's letter batches and the
development mail page."""

from datetime import date, timedelta

from sqlalchemy import select

from portal.db.models import AccessLogEntry, Alert, Client, NotificationSetting, User
from portal.domain.access_log import AccessAction
from portal.domain.alerts import AlertKind, Channel, Delivery, period_alert, plan_proposed
from portal.services import alerts
from portal.services.mail import FolderMailer
from tests.pages import Page

TODAY = date.today()


def _user(db, username: str) -> User:
    return db.scalar(select(User).where(User.username == username))


def _aino(db) -> Client:
    return db.scalar(select(Client).where(Client.client_number == "A0000001"))


def _tell_aino(db, due) -> None:
    alerts.tell(db, _aino(db).id, due, TODAY)
    db.commit()


def test_the_client_reads_her_notifications_and_marks_them_read(client, db):
    _tell_aino(db, period_alert(999_999, TODAY + timedelta(days=20), TODAY))
    client.sign_in("client")
    page = Page(client.get("/notifications").get_data(as_text=True))
    assert page.h1() == "Ilmoitukset"
    assert "Suunnitelmakausi päättyy" in page.text()
    assert any(label.startswith("Ilmoitukset (") and "uutta" in label for label, _href in page.links())
    response = client.post("/notifications/read", data={"csrf_token": client.csrf_token("/notifications")})
    assert response.status_code == 303
    page = Page(client.get("/notifications").get_data(as_text=True))
    assert page.announces("Kaikki ilmoitukset on merkitty luetuiksi.")
    assert "Ilmoitukset" in [label for label, _href in page.links()]  # no count left


def test_a_relative_reads_whom_each_notification_is_about(client, db):
    _tell_aino(db, plan_proposed(999_998))
    client.use_language("en")
    client.sign_in("relative")
    page = Page(client.get("/notifications").get_data(as_text=True))
    assert "Aino Virtanen" in page.text()
    assert "The case manager has proposed a new client plan." in page.text()
    logged = db.scalars(select(AccessLogEntry.action).where(AccessLogEntry.client_id == _aino(db).id,
                                                            AccessLogEntry.actor_user_id == _user(db, "relative").id))
    assert list(logged).count(AccessAction.VIEW_NOTIFICATIONS) == 1


def test_choosing_email_needs_an_address_and_then_is_saved(client, db):
    client.use_language("en")
    client.sign_in("client")
    token = client.csrf_token("/notifications/settings")
    response = client.post("/notifications/settings", data={"csrf_token": token, "channel": "email", "language": "sv",
                                                             "email": ""})
    page = Page(response.get_data(as_text=True))
    assert page.title().startswith("Error:")
    assert [message for message, _href in page.error_summary()] == ["Enter the e-mail address the alerts are sent to"]
    response = client.post("/notifications/settings", data={"csrf_token": token, "channel": "email", "language": "sv",
                                                             "email": "aino@example.fi"})
    assert response.status_code == 303
    db.expire_all()
    chosen = db.get(NotificationSetting, _user(db, "client").id)
    assert (chosen.channel, chosen.language, chosen.email) == (Channel.EMAIL, "sv", "aino@example.fi")
    _tell_aino(db, plan_proposed(999_997))
    assert db.scalar(select(Alert.delivery).where(Alert.user_id == chosen.user_id,
                                                  Alert.event_key == plan_proposed(999_997).key)) == Delivery.WAITING


def test_a_client_sends_letters_to_her_register_address_a_relative_gives_one(client, db):
    client.use_language("en")
    client.sign_in("client")
    page = Page(client.get("/notifications/settings").get_data(as_text=True))
    aino = _aino(db)
    assert aino.street_address and aino.street_address in page.text()
    assert "Street address" not in [label for label, _ in page.choices("How do you want to be told?")]
    client.post("/sign-out", data={"csrf_token": client.csrf_token("/notifications")})
    client.sign_in("relative")
    token = client.csrf_token("/notifications/settings")
    response = client.post("/notifications/settings", data={
        "csrf_token": token, "channel": "letter", "language": "fi", "postal_code": "651"})
    messages = [message for message, _href in Page(response.get_data(as_text=True)).error_summary()]
    assert messages == ["Enter the name on the letter", "Enter the street address",
                        "Enter the postal code as five digits, like 65100", "Enter the post office"]
    response = client.post("/notifications/settings", data={
        "csrf_token": token, "channel": "letter", "language": "fi", "letter_name": "Mikko Virtanen",
        "street_address": "Rantakatu 3", "postal_code": "65100", "post_office": "VAASA"})
    assert response.status_code == 303


def test_hostile_choices_get_a_message_not_an_error(client):
    client.sign_in("client")
    token = client.csrf_token("/notifications/settings")
    response = client.post("/notifications/settings", data={"csrf_token": token, "channel": "fax", "language": "de"})
    assert response.status_code == 200
    assert len(Page(response.get_data(as_text=True)).error_summary()) == 2


def test_only_clients_and_relatives_have_notifications(client):
    client.sign_in("provider")
    assert client.get("/notifications").status_code == 403
    assert client.get("/notifications/settings").status_code == 403


def test_the_county_prints_each_letter_once(client, db):
    aino_account, mikko = _user(db, "client"), _user(db, "relative")
    db.add(NotificationSetting(user_id=aino_account.id, channel=Channel.LETTER, language="sv"))
    db.add(NotificationSetting(user_id=mikko.id, channel=Channel.LETTER, language="fi"))  # no address given
    db.commit()
    _tell_aino(db, period_alert(999_996, TODAY + timedelta(days=20), TODAY))
    client.use_language("en")
    client.sign_in("admin")
    page = Page(client.get("/admin/letters").get_data(as_text=True))
    assert "2 letters are waiting to be printed." in page.text()
    token = client.csrf_token("/admin/letters")
    key = "k" * 30
    response = client.post("/admin/letters/batch", data={"csrf_token": token, "submission_key": key})
    assert response.status_code == 303
    batch = Page(client.get(response.location).get_data(as_text=True))
    aino = _aino(db)
    assert "The batch has 1 letter" in batch.text()
    assert aino.street_address in batch.text() and f"{aino.postal_code} {aino.post_office}" in batch.text()
    assert "Planperioden slutar" in batch.text()  # in the language Aino chose
    again = client.post("/admin/letters/batch", data={"csrf_token": token, "submission_key": key})
    assert again.location == response.location  # the same form again: the first batch
    none_left = client.post("/admin/letters/batch", data={"csrf_token": token}, follow_redirects=True)
    assert Page(none_left.get_data(as_text=True)).announces("No letters were waiting. Nothing was printed.")
    db.expire_all()
    failed = db.scalar(select(Alert).where(Alert.user_id == mikko.id, Alert.channel == Channel.LETTER))
    assert (failed.delivery, failed.failure) == (Delivery.FAILED, "no postal address")
    assert client.get("/admin/letters/999999").status_code == 404


def test_without_a_mail_server_the_emails_are_listed_for_the_developer(app, client, tmp_path):
    from email.message import EmailMessage

    app.config.update(MAIL_FOLDER=str(tmp_path / "mail"), SMTP_HOST="")
    message = EmailMessage()
    message["To"], message["Subject"], message["Message-ID"] = "aino@example.fi", "Hello", "<alert-1@example.fi>"
    message.set_content("Sign in to read it.")
    FolderMailer(tmp_path / "mail").send(message)
    client.use_language("en")
    client.sign_in("admin")
    page = Page(client.get("/admin/mail").get_data(as_text=True))
    assert page.headings(2)[0] == "Hello" and "Sign in to read it." in page.text()
    app.config.update(SMTP_HOST="smtp.example.fi")
    assert client.get("/admin/mail").status_code == 404
