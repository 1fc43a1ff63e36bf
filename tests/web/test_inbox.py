"""The case manager's inbox and the follow-up of each service line by month.

The inbox lists what her own clients and their relatives wrote, unread first, with the count in her
navigation; a message is marked read or unread by a plain form (htmx swaps it in place), and marking it
again changes nothing. The follow-up by line reads each month's stored totals and flags much less or much
more use than planned by the county's limits."""

from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, select

from portal.builders import the_line
from portal.db.models import AccessLogEntry, Client, Message, User, VoucherMonth
from portal.domain.plans import month_start
from portal.domain.service_types import ServiceKind
from tests import inbox_story
from tests.pages import Page

TODAY = date.today()
LAST_MONTH = inbox_story.LAST_MONTH


@pytest.fixture()
def letters(db):
    found = inbox_story.letters(db)
    db.commit()
    return found


@pytest.fixture()
def maria(client):
    client.use_language("en")
    assert client.sign_in("casemanager").status_code == 303
    return client


def _items(html: str) -> list[tuple[str, str, str]]:
    """Each message of the inbox as she reads it: the client, the read mark, and what was written."""
    return [(" ".join(item.h2.get_text().split()), item.select_one(".tag").get_text(),
             item.select_one(".inbox__body").get_text()) for item in Page(html).soup.select("li.inbox__item")]


def _token(client, path: str = "/case-manager/messages") -> str:
    return client.csrf_token(path)


def _mark(client, message: Message, how: str, **options):
    return client.post(f"/case-manager/messages/{message.id}/{how}", data={"csrf_token": _token(client)}, **options)


def _read_at(db, message: Message):
    db.expire_all()
    return db.scalar(select(Message.read_at).where(Message.id == message.id))


def test_unread_messages_come_first_then_the_newest_and_only_her_clients(maria, letters):
    page = maria.get("/case-manager/messages").get_data(as_text=True)
    assert _items(page) == [
        ("Aino Virtanen", "Unread", "Tarvitsisin enemmän apua iltaisin. Voisimmeko tarkistaa suunnitelman?"),
        ("Helmi Testinen", "Unread", "Äiti tarvitsee apua myös lauantaisin."),
        ("Helmi Testinen", "Unread", "Voiko käyntiaikaa siirtää?"),
        ("Helmi Testinen", "Read", "Kiitos eilisestä."),
    ]  # her own message is never in the inbox, nor another case manager's client's
    reader = Page(page)
    assert reader.h1() == "Messages" and reader.announces("3 unread messages.")
    assert reader.link("Helmi Testinen")["href"].endswith(f"/case-manager/clients/{letters['read'].client_id}#messages")
    assert "From Kalle Testinen, a relative" in reader.text() and "asks for a review of the plan" in reader.text()
    assert reader.button(f"Mark as read: message of {_when(maria, letters['relative'])}, Helmi Testinen")
    assert reader.button(f"Mark as unread: message of {_when(maria, letters['read'])}, Helmi Testinen")


def _when(client, message: Message) -> str:
    """The message's time as the inbox shows it (in Finnish time)."""
    page = Page(client.get(f"/case-manager/messages/{message.id}").get_data(as_text=True))
    return page.summary()["Sent"]


def test_the_navigation_counts_her_unread_messages_on_her_pages_only(maria, letters, client_factory):
    for path in ("/case-manager/clients", "/case-manager/follow-up", "/case-manager/messages"):
        page = Page(maria.get(path).get_data(as_text=True))
        assert page.link("Messages 3 unread")["href"] == "/case-manager/messages", path
    _mark(maria, letters["relative"], "read")
    _mark(maria, letters["old"], "read")
    page = Page(maria.get("/case-manager/messages").get_data(as_text=True))
    assert page.link("Messages 1 unread")
    last = page.button(next(name for name in _buttons(page) if name.startswith("Mark as read: "))).find_parent("form")
    assert maria.post(last["action"], data={"csrf_token": _token(maria)}).status_code == 303  # Aino's
    assert Page(maria.get("/case-manager/clients").get_data(as_text=True)).link("Messages")  # none unread: no badge
    other = client_factory("client")
    assert "unread" not in Page(other.get("/overview").get_data(as_text=True)).text()


def _buttons(page: Page) -> list[str]:
    return [" ".join(button.get_text().split()) for button in page.soup.find_all("button")]


@pytest.fixture()
def client_factory(app):
    def signed_in(username: str):
        other = app.test_client()
        other.use_language("en")
        assert other.sign_in(username).status_code == 303
        return other
    return signed_in


def test_marking_read_and_unread_and_marking_again_changes_nothing(maria, db, letters):
    message = letters["relative"]
    answer = _mark(maria, message, "read")
    assert answer.status_code == 303 and answer.headers["Location"].endswith(f"/case-manager/messages#message-{message.id}")
    page = Page(maria.get(answer.headers["Location"]).get_data(as_text=True))
    assert page.announces("Helmi Testinen: the message is marked as read.") and page.link("Messages 2 unread")
    first = _read_at(db, message)
    assert first is not None

    again = _mark(maria, message, "read")  # a new form, the same mark: nothing changes, the same result
    assert again.status_code == 303 and again.headers["Location"] == answer.headers["Location"]
    page = Page(maria.get(again.headers["Location"]).get_data(as_text=True))
    assert page.announces("Helmi Testinen: the message is marked as read.") and page.link("Messages 2 unread")
    assert _read_at(db, message) == first

    key_form = {"csrf_token": _token(maria), "submission_key": "the-same-form-sent-twice-0001"}
    assert maria.post(f"/case-manager/messages/{message.id}/unread", data=key_form).status_code == 303
    repeated = maria.post(f"/case-manager/messages/{message.id}/unread", data=key_form)
    page = Page(maria.get(repeated.headers["Location"]).get_data(as_text=True))
    assert page.announces("This was already saved.") and page.link("Messages 3 unread")
    assert _read_at(db, message) is None
    assert _mark(maria, message, "unread").status_code == 303 and _read_at(db, message) is None
    assert [mark for _client, mark, body in _items(maria.get("/case-manager/messages").get_data(as_text=True))
            if body == message.body] == ["Unread"]


def test_with_htmx_the_message_is_swapped_in_place_with_the_count(maria, db, letters):
    message = letters["old"]
    htmx = {"HX-Request": "true"}
    answer = _mark(maria, message, "read", headers=htmx)
    assert answer.status_code == 303 and answer.headers["Location"].endswith(f"/case-manager/messages/{message.id}")
    fragment = maria.get(answer.headers["Location"], headers=htmx)
    assert "HX-Request" in fragment.headers["Vary"]
    part = Page(fragment.get_data(as_text=True))
    item = part.soup.select_one(f"li#message-{message.id}")
    assert item.select_one(".tag").get_text() == "Read"
    assert part.button(f"Mark as unread: message of {_when(maria, message)}, Helmi Testinen")["id"] == f"mark-{message.id}"
    assert part.soup.select_one("#unread-badge[data-hx-swap-oob]").get_text(" ", strip=True) == "2 unread"
    assert part.announces("Helmi Testinen: the message is marked as read.") and part.announces("2 unread messages.")
    form = Page(maria.get("/case-manager/messages").get_data(as_text=True)).soup.select_one(
        f"li#message-{message.id} form")
    assert form["action"] == form["data-hx-post"] == f"/case-manager/messages/{message.id}/unread"
    assert form["data-hx-target"] == f"#message-{message.id}" and form["data-hx-swap"] == "outerHTML"


def test_another_case_managers_client_and_her_own_message_cannot_be_marked(maria, db, letters):
    for message in (letters["others"], letters["own"]):
        for how in ("read", "unread"):
            assert _mark(maria, message, how).status_code == 404
        assert maria.get(f"/case-manager/messages/{message.id}").status_code == 404
        assert _read_at(db, message) is None
    assert "Tämä ei kuulu Marialle." not in Page(maria.get("/case-manager/messages").get_data(as_text=True)).text()
    assert maria.post(f"/case-manager/messages/{2**31}/read", data={"csrf_token": _token(maria)}).status_code == 404


def test_the_message_page_marks_and_comes_back_to_itself(maria, db, letters):
    message = letters["relative"]
    page = Page(maria.get(f"/case-manager/messages/{message.id}").get_data(as_text=True))
    assert page.h1() == "Message from Kalle Testinen"
    assert page.summary()["Written by"] == "Kalle Testinen, a relative" and page.summary()["Status"] == "Unread"
    form = page.button("Mark as read").find_parent("form")
    data = {"csrf_token": form.select_one("[name=csrf_token]")["value"], "return_to": "message"}
    answer = maria.post(form["action"], data=data)
    assert answer.headers["Location"].endswith(f"/case-manager/messages/{message.id}")
    assert Page(maria.get(answer.headers["Location"]).get_data(as_text=True)).summary()["Status"] == "Read"


def test_a_reply_marks_what_the_client_and_relatives_wrote_before_it_read(maria, db, letters):
    helmi_id = letters["relative"].client_id
    token = maria.csrf_token(f"/case-manager/clients/{helmi_id}")
    answer = maria.post(f"/case-manager/clients/{helmi_id}/messages", data={"csrf_token": token, "body": "Hoidetaan."})
    assert answer.status_code == 303
    assert _read_at(db, letters["relative"]) is not None and _read_at(db, letters["old"]) is not None
    assert _read_at(db, letters["others"]) is None  # another client's are not touched
    assert Page(maria.get("/case-manager/clients").get_data(as_text=True)).link("Messages 1 unread")  # Aino's


# Follow-up by service line and month ------------------------------------------------------------------------


@pytest.fixture()
def seija(db):
    client = inbox_story.seija(db)
    db.commit()
    return client


def _walk_lines(maria, path: str) -> list[list[str]]:
    """Every row of the list, page after page."""
    rows, html = [], maria.get(path).get_data(as_text=True)
    while True:
        page = Page(html)
        rows += [row for caption in page.captions() for row in page.table(caption)[1:]]
        if not page.has_link("Next page"):
            return rows
        html = maria.get(page.link("Next page")["href"]).get_data(as_text=True)


def test_the_follow_up_by_line_flags_last_months_use_with_its_figures(maria, db, seija):
    rows = [row for row in _walk_lines(maria, "/case-manager/follow-up/lines") if row[0] == "Seurattava, Seija"]
    month = db.scalar(select(VoucherMonth).where(
        VoucherMonth.month == LAST_MONTH,
        VoucherMonth.voucher_id == the_line(seija.plans[-1], ServiceKind.HOME_CARE).voucher_id))
    assert (month.unit_limit, month.units_used, month.charged_cents) == (11, 20, 90000)
    assert rows == [  # in the order of the plan in force: the revised home care came last
        ["Seurattava, Seija", "Meal service", "5 of 30 meals (16.7%)", "€47.50 of €285.00", "Much less than planned"],
        ["Seurattava, Seija", "Transport service", "8 of 10 trips (80.0%)", "€200.00 of €250.00", "As planned"],
        ["Seurattava, Seija", "Home care", "20 of 11 hours (181.8%)",
         f"€900.00 of {_euros(month.granted_cents)}", "Much more than planned"],
    ]
    page = Page(maria.get("/case-manager/follow-up/lines?use=high").get_data(as_text=True))
    assert page.link("Seurattava, Seija")["href"] == f"/case-manager/clients/{seija.id}"
    assert page.captions()[0].endswith(f"in {LAST_MONTH:%B %Y}")
    assert page.h1() == "Follow-up by service and month" and page.link("By service and month").get("aria-current")
    low = [row for row in _walk_lines(maria, "/case-manager/follow-up/lines?use=low") if row[0] == "Seurattava, Seija"]
    high = [row for row in _walk_lines(maria, "/case-manager/follow-up/lines?use=high") if row[0] == "Seurattava, Seija"]
    assert [row[1] for row in low] == ["Meal service"] and [row[1] for row in high] == ["Home care"]


def _euros(cents: int) -> str:
    return f"€{cents // 100:,}.{cents % 100:02d}"


def test_a_month_under_way_is_shown_but_not_judged(maria, seija):
    this_month = f"{month_start(TODAY):%Y-%m}"
    rows = [row for row in _walk_lines(maria, f"/case-manager/follow-up/lines?month={this_month}")
            if row[0] == "Seurattava, Seija"]
    assert [row[1] for row in rows] == ["Meal service", "Transport service", "Home care"]
    assert {row[4] for row in rows} == {"Month not over yet"}
    assert rows[2][2] == "0 of 2 hours (0.0%)"
    page = Page(maria.get(f"/case-manager/follow-up/lines?month={this_month}&use=high").get_data(as_text=True))
    assert "The month shown is not over yet" in page.text() and not any(row and row[0] == "Seurattava, Seija"
                                                       for caption in page.captions() for row in page.table(caption))


def test_the_follow_up_by_line_counts_each_use_and_pages_every_line_once(maria, db, seija):
    page = Page(maria.get("/case-manager/follow-up/lines").get_data(as_text=True))
    every = _walk_lines(maria, "/case-manager/follow-up/lines")
    low = _walk_lines(maria, "/case-manager/follow-up/lines?use=low")
    high = _walk_lines(maria, "/case-manager/follow-up/lines?use=high")
    assert page.has_link(f"All ({len(every)})") and page.has_link(f"Much less used than planned ({len(low)})")
    assert page.has_link(f"Much more used than planned ({len(high)})")
    assert len(every) > 25 and len({tuple(row) for row in every}) == len(every)  # several pages, no row twice
    assert {row[4] for row in low} == {"Much less than planned"} and {row[4] for row in high} == {"Much more than planned"}
    maria_id = db.scalar(select(User.case_manager_id).where(User.username == "casemanager"))
    clients = set(db.scalars(select(Client.last_name + ", " + Client.first_name)
                             .where(Client.case_manager_id == maria_id)))
    assert {row[0] for row in every} <= clients  # only her clients


def test_the_follow_up_by_line_needs_a_case_manager(client_factory):
    other = client_factory("client")
    assert other.get("/case-manager/follow-up/lines").status_code in (403, 404)
    assert other.get("/case-manager/messages").status_code in (403, 404)


def _logged_by(db, client, path: str):
    since = db.scalar(select(func.max(AccessLogEntry.id))) or 0
    assert client.get(path).status_code == 200
    db.expire_all()
    return db.execute(select(AccessLogEntry.client_id, AccessLogEntry.action)
                      .where(AccessLogEntry.id > since).order_by(AccessLogEntry.id)).all()


def test_what_she_reads_is_in_each_clients_access_log_once(maria, db, letters, seija):
    helmi, aino = letters["read"].client_id, db.scalar(select(Client.id).where(Client.client_number == "A0000001"))
    rows = _logged_by(db, maria, "/case-manager/messages")
    assert sorted(rows) == sorted([(aino, "view_messages"), (helmi, "view_messages")])
    assert _logged_by(db, maria, f"/case-manager/messages/{letters['old'].id}") == [(helmi, "view_messages")]
    maria_id = db.scalar(select(User.case_manager_id).where(User.username == "casemanager"))
    own = set(db.scalars(select(Client.id).where(Client.case_manager_id == maria_id)))
    rows = _logged_by(db, maria, "/case-manager/follow-up/lines")
    assert rows and len(rows) == len({client_id for client_id, _action in rows})
    assert {client_id for client_id, _action in rows} <= own and {action for _client, action in rows} == {"view_client_list"}


def test_the_read_mark_is_a_conditional_update_scoped_to_her_clients(db, letters):
    """Beneath the 404: the update itself touches no other case manager's client's message, nor her own."""
    from portal.services import inbox

    maria_id = db.scalar(select(User.case_manager_id).where(User.username == "casemanager"))
    for message in (letters["others"], letters["own"]):
        assert inbox.mark(db, maria_id, message.id, read=True) is None
        db.expire_all()
        assert db.scalar(select(Message.read_at).where(Message.id == message.id)) is None
    first = inbox.mark(db, maria_id, letters["relative"].id, read=True).message.read_at
    assert first is not None and inbox.mark(db, maria_id, letters["relative"].id, read=True).message.read_at == first
    assert inbox.unread_count(db, maria_id) == 2
    db.rollback()


def _unread_counts_made(app, client, path: str, **options) -> int:
    """How many times a request counts the unread messages (the paging's own counts aside)."""
    made = []

    def keep(_connection, _cursor, statement, _parameters, _context, _executemany):
        if statement.lstrip().upper().startswith("SELECT COUNT(*)") and "messages.read_at IS NULL" in statement \
                and "CASE" not in statement:
            made.append(statement)

    engines = {app.extensions["db_engine"], app.extensions["db_request_engine"]}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", keep)
    try:
        assert client.get(path, **options).status_code == 200, path
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", keep)
    return len(made)


def test_the_unread_messages_are_counted_once_a_request_and_only_for_her(app, maria, letters, client_factory):
    for path in ("/case-manager/clients", "/case-manager/messages", "/case-manager/follow-up/lines"):
        assert _unread_counts_made(app, maria, path) == 1, path
    assert _unread_counts_made(app, maria, f"/case-manager/messages/{letters['old'].id}",
                               headers={"HX-Request": "true"}) == 1  # the item and its count out of band
    assert _unread_counts_made(app, client_factory("client"), "/overview") == 0
