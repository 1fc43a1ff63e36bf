"""Feedback is read: the form says what it is about, the county's inbox shows what is due first with
the days left to reply, and staff record the reply once. Feedback text never goes into an address or a log."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session

from portal.builders import a_feedback
from portal.db.models import AccessibilityFeedback, User
from portal.demo_data import PASSWORD
from portal.domain.feedback import FeedbackKind, FeedbackStatus
from portal.domain.roles import Role
from portal.services import feedback as feedback_service
from portal.services.auth import hash_password
from portal.services.paging import Where
from tests.pages import Page

S = FeedbackStatus
KEY = "the-same-feedback-form-0123456789"
NOW = datetime.now(UTC)


def _admin_client(app, username="admin"):
    client = app.test_client()
    client.use_language("en")
    assert client.sign_in(username).status_code == 303
    return client


def _only(db, *given):
    """The inbox holds only this feedback (the demo's is taken away), each given as (days ago, status, words)."""
    db.execute(delete(AccessibilityFeedback))
    made = [a_feedback(db, words, NOW - timedelta(days=days_ago), status=status,
                       reply="Kiitos." if status is S.ANSWERED else "") for days_ago, status, words in given]
    db.commit()
    return made


def _count(db, *where):
    db.expire_all()
    return db.scalar(select(func.count()).select_from(AccessibilityFeedback).where(*where))


def _form(client, path):
    page = Page(client.get(path).get_data(as_text=True))
    return {"csrf_token": page.soup.select_one("input[name=csrf_token]")["value"],
            "submission_key": page.soup.select_one("input[name=submission_key]")["value"]}


# The form: what the feedback is about --------------------------------------------------------------


@pytest.mark.parametrize(("path", "title", "chosen"), [
    ("/feedback", "Give feedback", None),
    ("/accessibility/feedback", "Give feedback on accessibility", "accessibility"),
])
def test_the_form_asks_what_the_feedback_is_about(client, path, title, chosen):
    client.use_language("en")
    page = Page(client.get(path).get_data(as_text=True))
    assert page.h1() == title
    kinds = page.soup.select("input[name=kind]")
    assert [kind["value"] for kind in kinds] == ["accessibility", "other"]
    assert [kind["value"] for kind in kinds if kind.has_attr("checked")] == ([chosen] if chosen else [])


def test_the_footer_asks_for_any_feedback_and_the_statement_for_accessibility_feedback(client):
    client.use_language("en")
    page = Page(client.get("/accessibility").get_data(as_text=True))
    assert page.link("Give feedback")["href"] == "/feedback"
    assert page.link("Give feedback on accessibility")["href"] == "/accessibility/feedback"


@pytest.mark.parametrize("kind", ["accessibility", "other"])
def test_feedback_of_either_kind_lands_in_the_inbox_as_new(client, db, kind):
    client.use_language("en")
    sent = client.post("/feedback", data={**_form(client, "/feedback"), "kind": kind, "message": "Hei!\nToinen rivi.",
                                          "page": "Tapahtumat", "reply_to": "lukija@example.fi"})
    assert sent.status_code == 303 and sent.headers["Location"] == "/feedback/sent"
    assert Page(client.get("/feedback/sent").get_data(as_text=True)).h1() == "Thank you for your feedback"
    stored = db.scalar(select(AccessibilityFeedback).order_by(AccessibilityFeedback.id.desc()).limit(1))
    assert (stored.kind, stored.status, stored.message, stored.page, stored.reply_to) == (
        kind, "new", "Hei!\nToinen rivi.", "Tapahtumat", "lukija@example.fi")


@pytest.mark.parametrize("kind", ["", "complaint", "x" * 5000])
def test_the_kind_must_be_one_of_the_choices(client, db, kind):
    client.use_language("en")
    before = _count(db)
    page = Page(client.post("/feedback", data={**_form(client, "/feedback"), "kind": kind, "message": "Hei"})
                .get_data(as_text=True))
    assert page.title().startswith("Error: Give feedback")
    assert page.error_summary() == [("Choose what your feedback is about", "#kind")]
    assert _count(db) == before


def test_the_same_feedback_sent_twice_without_signing_in_is_kept_once(client, db):
    client.use_language("en")
    data = {**_form(client, "/accessibility/feedback"), "submission_key": KEY, "kind": "accessibility",
            "message": "Kaksoisklikkaus"}
    first = client.post("/accessibility/feedback", data=data)
    second = client.post("/accessibility/feedback", data=data)
    assert first.status_code == second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"] == "/feedback/sent"
    assert _count(db, AccessibilityFeedback.message == "Kaksoisklikkaus") == 1
    assert Page(client.get("/feedback/sent").get_data(as_text=True)).announces("This was already saved")


def test_a_feedback_form_without_its_key_is_refused_with_a_sentence(client, db):
    client.use_language("en")
    data = {**_form(client, "/feedback"), "submission_key": "short", "kind": "other", "message": "Ilman avainta"}
    refused = client.post("/feedback", data=data)
    assert refused.status_code == 400 and "Your form had expired" in Page(refused.get_data(as_text=True)).text()
    assert _count(db, AccessibilityFeedback.message == "Ilman avainta") == 0


def test_feedback_text_never_goes_into_an_address_or_a_log(app, client, db, caplog):
    caplog.set_level(logging.DEBUG)
    words = "Salainen-palaute-4711"
    client.use_language("en")
    addresses = [client.post("/feedback", data={**_form(client, "/feedback"), "kind": "other", "message": words,
                                                "page": words, "reply_to": "salainen@example.fi"}).headers["Location"]]
    staff = _admin_client(app)
    inbox = Page(staff.get("/admin/feedback").get_data(as_text=True))
    addresses += [href for _name, href in inbox.links()]
    feedback_id = db.scalar(select(func.max(AccessibilityFeedback.id)))
    answered = staff.post(f"/admin/feedback/{feedback_id}", data={
        **_form(staff, f"/admin/feedback/{feedback_id}"), "status": "answered", "reply": words})
    addresses.append(answered.headers["Location"])
    addresses += [href for _name, href in Page(staff.get(answered.headers["Location"]).get_data(as_text=True)).links()]
    assert words in inbox.text()  # staff read it on the page ...
    addresses = [address for address in addresses if not address.startswith("mailto:")]  # staff's own e-mail program
    assert not [address for address in addresses if words in address or "salainen" in address]  # ... never in an address
    assert words not in caplog.text and "salainen" not in caplog.text


# The inbox: what is due first, and the days left --------------------------------------------------------


def test_the_inbox_shows_the_oldest_unanswered_first_with_the_days_left_to_reply(app, db):
    _only(db, (3, S.NEW, "Kolme päivää sitten"), (14, S.IN_PROGRESS, "Tänään viimeinen päivä"),
          (17, S.NEW, "Kolme päivää myöhässä"), (20, S.ANSWERED, "Jo vastattu"), (1, S.NEW, "Eilen"))
    page = Page(_admin_client(app).get("/admin/feedback").get_data(as_text=True))
    rows = page.table("4 feedback messages")
    assert rows[0] == ["Feedback", "Received", "About", "Status", "Reply"]
    assert [(row[0], row[3], row[4]) for row in rows[1:]] == [
        ("Kolme päivää myöhässä", "New", "3 days late"),
        ("Tänään viimeinen päivä", "In progress", "Due today"),
        ("Kolme päivää sitten", "New", "11 days left"),
        ("Eilen", "New", "13 days left"),
    ]
    assert page.link("Not answered (4)")["aria-current"] == "page"


def test_one_day_is_one_day(app, db):
    _only(db, (13, S.NEW, "Huomenna viimeinen"), (15, S.NEW, "Eilen viimeinen"))
    rows = Page(_admin_client(app).get("/admin/feedback").get_data(as_text=True)).table("2 feedback messages")
    assert [row[4] for row in rows[1:]] == ["1 day late", "1 day left"]


def test_the_inbox_filters_by_status(app, db):
    _only(db, (3, S.NEW, "Uusi"), (5, S.IN_PROGRESS, "Työn alla"), (20, S.ANSWERED, "Vanha vastattu"),
          (10, S.ANSWERED, "Uudempi vastattu"))
    client = _admin_client(app)
    page = Page(client.get("/admin/feedback").get_data(as_text=True))
    assert [link.get_text() for link in page.soup.select("nav.filter-links a")] == [
        "Not answered (2)", "New (1)", "In progress (1)", "Answered (2)"]
    answered = Page(client.get("/admin/feedback?status=answered").get_data(as_text=True))
    assert [row[0] for row in answered.table("2 feedback messages")[1:]] == ["Uudempi vastattu", "Vanha vastattu"]
    assert answered.table("2 feedback messages")[1][4].startswith("Replied ")
    in_progress = Page(client.get("/admin/feedback?status=in_progress").get_data(as_text=True))
    assert [row[0] for row in in_progress.table("1 feedback message")[1:]] == ["Työn alla"]
    unknown = Page(client.get("/admin/feedback?status=nonsense").get_data(as_text=True))
    assert unknown.link("Not answered (2)")["aria-current"] == "page"


def test_an_empty_inbox_says_so(app, db):
    _only(db)
    client = _admin_client(app)
    assert "No feedback is waiting for a reply." in Page(client.get("/admin/feedback").get_data(as_text=True)).text()
    assert "No feedback is in this state." in Page(client.get("/admin/feedback?status=answered").get_data(as_text=True)).text()


def test_the_inbox_pages_oldest_first_without_repeating_a_row(app, db):
    _only(db, *[(40 - index, S.NEW, f"Palaute {index:02d}") for index in range(30)])
    client = _admin_client(app)
    first = Page(client.get("/admin/feedback").get_data(as_text=True))
    second = Page(client.get(first.link("Next page")["href"]).get_data(as_text=True))
    names = [row[0] for row in first.table("30 feedback messages")[1:] + second.table("30 feedback messages")[1:]]
    assert names == [f"Palaute {index:02d}" for index in range(30)]
    assert "after=" in first.link("Next page")["href"]


def test_the_navigation_counts_the_feedback_not_answered_with_one_query(app, db):
    _only(db, (3, S.NEW, "Uusi"), (5, S.IN_PROGRESS, "Työn alla"), (20, S.ANSWERED, "Vastattu"))
    client = _admin_client(app)
    page = Page(client.get("/admin/overview").get_data(as_text=True))
    assert page.link("Feedback (2 not answered)")["href"] == "/admin/feedback"
    _only(db, (20, S.ANSWERED, "Vastattu"))
    assert Page(client.get("/admin/overview").get_data(as_text=True)).link("Feedback")["href"] == "/admin/feedback"


def test_the_inbox_reads_by_the_status_index(app, db):
    """The list, its counts and the navigation's count are searches of the (status, received_at) index."""
    statements = []
    engine = app.extensions["db_engine"]

    def keep(_connection, _cursor, statement, parameters, _context, _many):
        if "accessibility_feedback" in statement and statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        with Session(engine) as session:
            feedback_service.inbox(session, None, Where(), NOW)
            feedback_service.inbox(session, S.ANSWERED, Where(), NOW)
            feedback_service.unanswered_count.within(session)
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    assert statements
    with engine.connect() as connection:
        for statement, parameters in statements:
            plan = " ".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
            assert "ix_accessibility_feedback_status_received" in plan, (statement, plan)


# One feedback's page: the reply, the status, once ----------------------------------------------------------


def test_one_feedback_shows_the_message_the_page_and_where_to_reply(app, db):
    [given] = _only(db, (4, S.NEW, "Taulukko ei mahdu\nruudulle."))
    given.page, given.reply_to, given.kind = "Tapahtumat", "lukija@example.fi", FeedbackKind.ACCESSIBILITY
    db.commit()
    page = Page(_admin_client(app).get(f"/admin/feedback/{given.id}").get_data(as_text=True))
    summary = page.summary()
    assert summary["About"] == "Accessibility" and summary["Page or part of the service"] == "Tapahtumat"
    assert summary["Status"] == "New" and summary["Reply due"].endswith("(10 days left)")
    assert page.link("lukija@example.fi")["href"] == "mailto:lukija@example.fi"
    assert "Taulukko ei mahdu\nruudulle." in page.soup.select_one("p.feedback-text").get_text()
    assert page.button("Mark as answered") and page.button("Mark as in progress")


def test_staff_take_feedback_in_hand_and_then_answer_it_recording_who_and_when(app, db):
    [given] = _only(db, (4, S.NEW, "Palaute"))
    client = _admin_client(app)
    url = f"/admin/feedback/{given.id}"
    taken = client.post(url, data={**_form(client, url), "status": "in_progress", "reply": "Luonnos"})
    assert taken.status_code == 303 and taken.headers["Location"] == url
    page = Page(client.get(url).get_data(as_text=True))
    assert page.announces("The feedback has been marked as in progress.")
    assert page.summary()["Status"] == "In progress" and page.field("Reply").get_text().strip() == "Luonnos"
    assert [button.get_text() for button in page.soup.select("button[name=status]")] == ["Mark as answered"]
    answered = client.post(url, data={**_form(client, url), "status": "answered", "reply": "  Kiitos, korjattu.  "})
    assert answered.status_code == 303
    page = Page(client.get(url).get_data(as_text=True))
    assert page.announces("The reply has been saved and the feedback marked as answered.")
    assert page.summary()["Status"] == "Answered" and "Reply due" not in page.summary()
    assert "Answered by Anders Admin on " in page.text() and not page.soup.select("form textarea")
    db.expire_all()
    stored = db.get(AccessibilityFeedback, given.id)
    admin = db.scalar(select(User).where(User.username == "admin"))
    assert (stored.status, stored.reply, stored.replied_by_user_id) == ("answered", "Kiitos, korjattu.", admin.id)
    assert abs(stored.replied_at.replace(tzinfo=UTC) - datetime.now(UTC)) < timedelta(minutes=1)


@pytest.mark.parametrize("reply", ["", "   \n  "])
def test_a_reply_is_needed_to_mark_feedback_answered(app, db, reply):
    [given] = _only(db, (4, S.NEW, "Palaute"))
    client = _admin_client(app)
    url = f"/admin/feedback/{given.id}"
    response = client.post(url, data={**_form(client, url), "status": "answered", "reply": reply})
    page = Page(response.get_data(as_text=True))
    assert response.status_code == 200 and page.title().startswith("Error: Feedback received")
    assert page.error_summary() == [("Write the reply before you mark the feedback as answered", "#reply")]
    assert _count(db, AccessibilityFeedback.status == "new") == 1


def test_a_reply_is_bounded(app, db):
    [given] = _only(db, (4, S.NEW, "Palaute"))
    client = _admin_client(app)
    url = f"/admin/feedback/{given.id}"
    page = Page(client.post(url, data={**_form(client, url), "status": "answered", "reply": "x" * 4001})
                .get_data(as_text=True))
    assert page.error_summary() == [("Use at most 4000 characters", "#reply")]
    assert page.field("Reply").get_text().strip() == "x" * 4001  # what was written is kept
    assert _count(db, AccessibilityFeedback.status == "new") == 1


@pytest.mark.parametrize("status", ["", "closed", "x" * 5000])
def test_an_unknown_status_is_refused_with_a_sentence(app, db, status):
    [given] = _only(db, (4, S.NEW, "Palaute"))
    client = _admin_client(app)
    url = f"/admin/feedback/{given.id}"
    page = Page(client.post(url, data={**_form(client, url), "status": status, "reply": "Kiitos"}).get_data(as_text=True))
    assert page.error_summary() == [
        ("Choose what to do with the feedback: mark it as answered or as in progress", "#status")]
    assert page.soup.select_one("#status") is not None


@pytest.mark.parametrize(("now", "asked", "said"), [
    (S.IN_PROGRESS, "in_progress", "This feedback is now “In progress” and cannot be marked “In progress”."),
    (S.IN_PROGRESS, "new", "This feedback is now “In progress” and cannot be marked “New”."),
    (S.NEW, "new", "This feedback is now “New” and cannot be marked “New”."),
    (S.ANSWERED, "in_progress", "This feedback has already been answered. Your reply was not saved."),
])
def test_a_move_the_lifecycle_does_not_allow_gets_a_clear_sentence_and_changes_nothing(app, db, now, asked, said):
    [given] = _only(db, (4, now, "Palaute"))
    client = _admin_client(app)
    url = f"/admin/feedback/{given.id}"
    token = client.csrf_token("/admin/feedback")  # a stale or forged form: what is posted counts
    response = client.post(url, data={"csrf_token": token, "status": asked, "reply": "Kiitos"})
    assert response.status_code == 303 and response.headers["Location"] == url
    assert Page(client.get(url).get_data(as_text=True)).announces(said)
    db.expire_all()
    assert db.get(AccessibilityFeedback, given.id).status == now


def test_two_staff_members_cannot_both_answer_the_same_feedback(app, db):
    [given] = _only(db, (4, S.NEW, "Palaute"))
    db.add(User(username="admin2", password_hash=hash_password(PASSWORD), role=Role.ADMIN, display_name="Greta Grönroos"))
    db.commit()
    url = f"/admin/feedback/{given.id}"
    anders, greta = _admin_client(app), _admin_client(app, "admin2")
    forms = _form(anders, url), _form(greta, url)  # both opened the page before either answered
    first = anders.post(url, data={**forms[0], "status": "answered", "reply": "Anders vastasi."})
    second = greta.post(url, data={**forms[1], "status": "answered", "reply": "Greta vastasi."})
    assert first.status_code == second.status_code == 303
    page = Page(greta.get(url).get_data(as_text=True))
    assert page.announces("This feedback has already been answered. Your reply was not saved.")
    assert "Answered by Anders Admin on " in page.text() and "Anders vastasi." in page.text()
    db.expire_all()
    stored = db.get(AccessibilityFeedback, given.id)
    assert stored.reply == "Anders vastasi." and stored.replied_by_user_id != db.scalar(
        select(User.id).where(User.username == "admin2"))


def test_the_same_answer_sent_twice_is_saved_once(app, db):
    [given] = _only(db, (4, S.NEW, "Palaute"))
    client = _admin_client(app)
    url = f"/admin/feedback/{given.id}"
    data = {**_form(client, url), "submission_key": KEY, "status": "answered", "reply": "Kiitos."}
    first, second = client.post(url, data=data), client.post(url, data=data)
    assert first.headers["Location"] == second.headers["Location"] == url
    assert Page(client.get(url).get_data(as_text=True)).announces("This was already saved")


def test_a_feedback_that_does_not_exist_is_not_found(app):
    client = _admin_client(app)
    assert client.get("/admin/feedback/999999").status_code == 404
    assert client.post("/admin/feedback/999999", data={"csrf_token": client.csrf_token("/admin/feedback"),
                                                         "status": "answered", "reply": "x"}).status_code == 404


# Access: the county's staff only ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", [None, "client", "relative", "casemanager", "provider"])
def test_only_the_countys_staff_read_and_answer_feedback(app, db, role):
    [given] = _only(db, (4, S.NEW, "Palaute"))
    client = app.test_client()
    client.use_language("en")
    if role:
        assert client.sign_in(role).status_code == 303
    token = client.csrf_token("/feedback")
    for path in ("/admin/feedback", f"/admin/feedback/{given.id}", "/admin/feedback?status=answered"):
        response = client.get(path)
        assert response.status_code == (403 if role else 302), (role, path)
    response = client.post(f"/admin/feedback/{given.id}", data={"csrf_token": token, "status": "answered",
                                                                "reply": "Vastaus"})
    assert response.status_code == (403 if role else 302)
    assert _count(db, AccessibilityFeedback.status == "answered") == 0
    if role:  # nor is the inbox in their navigation
        assert not Page(client.get("/feedback").get_data(as_text=True)).has_link("Feedback")
