"""Long lists a page at a time: first, middle and last page by plain links (no JavaScript),
every row once and in order, the page's sums and the whole list's totals; a wrong key in the
address is the first page, never an error."""

import re
import shutil
from datetime import date, timedelta
from html import unescape

import pytest
from bs4 import BeautifulSoup
from sqlalchemy.orm import Session

from portal import create_app
from portal.db.models import User
from portal.db.session import dispose as dispose_engines, make_engine
from portal.domain.plans import month_start
from portal.domain.statement import totals_of
from portal.scale_data import generate
from portal.domain.providers import ChoiceStatus
from portal.services import provider_work, settlements
from portal.services.paging import PAGE_SIZE
from portal.web.i18n import money
from tests.conftest import SECRET, CheckedClient
from tests.pages import Page

TODAY = date.today()
LAST_MONTH = month_start(month_start(TODAY) - timedelta(days=1))


@pytest.fixture(scope="module")
def scaled(demo_database, tmp_path_factory):
    """The demo and a few hundred clients more: the demo provider's month runs to several pages."""
    path = tmp_path_factory.mktemp("scaled") / "portal.sqlite3"
    shutil.copy(demo_database, path)
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        generate(connection, TODAY, clients=400, providers=30, events=40_000, say=lambda _: None)  # over 50 in all
    engine.dispose()
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "DATABASE_URL": f"sqlite:///{path}",
                      "RATELIMIT_ENABLED": False})
    app.test_client_class = CheckedClient
    yield app, path
    dispose_engines(app)


def _provider(app):
    client = app.test_client()
    client.use_language("en")
    assert client.sign_in("provider").status_code == 303
    return client


def _text(page: str) -> str:
    return Page(page).text()


def _link(page: str, name: str) -> str | None:
    found = BeautifulSoup(page, "html.parser").select_one("nav.pager")
    anchor = next((a for a in found.find_all("a") if a.get_text() == name), None) if found else None
    return unescape(anchor["href"]) if anchor else None


def _correction_ids(page: str) -> list[int]:
    """The services listed, by the link that corrects each."""
    found = (re.fullmatch(r"/provider/services/(\d+)/correction", href) for _name, href in Page(page).links())
    return [int(match.group(1)) for match in found if match]


def test_a_providers_month_pages_through_every_row_once_in_order(scaled):
    app, path = scaled
    with Session(make_engine(f"sqlite:///{path}")) as db:
        provider_id = db.query(User.provider_id).filter(User.username == "provider").scalar()
        whole = settlements.statement(db, provider_id, LAST_MONTH)
    expected = [row.event.id for row in whole.rows if not row.is_credit]
    assert len(expected) > 3 * PAGE_SIZE  # at least a first, middle and last page
    client = _provider(app)
    url, seen, pages = f"/provider/services?month={LAST_MONTH:%Y-%m}", [], []
    while url:
        page = client.get(url).get_data(as_text=True)
        pages.append(page)
        ids = _correction_ids(page)
        assert 0 < len(ids) <= PAGE_SIZE
        first = len(seen) + 1
        seen += ids
        assert f"Rows {first}–{len(seen)} of {len(expected)}." in _text(page).replace("\u00a0", "")
        url = _link(page, "Next page")
    assert seen == expected
    assert _link(pages[0], "Previous page") is None and _link(pages[-1], "Last page") is None
    middle = pages[1]
    assert _link(middle, "First page") and _link(middle, "Previous page") and _link(middle, "Last page")
    last = client.get(_link(pages[0], "Last page")).get_data(as_text=True)
    assert _correction_ids(last) == seen[-PAGE_SIZE:]  # the last page is the list's last rows, a whole page
    assert f"Rows {len(seen) - PAGE_SIZE + 1}–{len(seen)} of" in _text(last).replace("\u00a0", "")
    back = client.get(_link(last, "Previous page")).get_data(as_text=True)
    assert _correction_ids(back) == seen[-2 * PAGE_SIZE:-PAGE_SIZE] and _link(back, "Next page")


def test_each_page_sums_its_rows_and_the_month_its_running_totals(scaled):
    app, path = scaled
    with Session(make_engine(f"sqlite:///{path}")) as db:
        provider_id = db.query(User.provider_id).filter(User.username == "provider").scalar()
        whole = settlements.statement(db, provider_id, LAST_MONTH)
        page = settlements.statement_page(db, provider_id, LAST_MONTH, settlements.Showing.SERVICES,
                                          settlements.Where())
        with app.test_request_context(headers={"Cookie": "lang=en"}):
            euros = lambda cents: re.sub(r"[ \t\n\r\f\v]+", " ", money(cents))  # noqa: E731  as Page.text() reads it
            page_charged, month_charged = euros(totals_of(page.rows).charged_cents), euros(whole.totals.charged_cents)
            to_pay = euros(whole.total.total_cents)  # less what open disputes hold out of the month
    text = _text(_provider(app).get(f"/provider/services?month={LAST_MONTH:%Y-%m}").get_data(as_text=True))
    assert f"charged {month_charged}, credited back" in text and f"to be paid {to_pay}" in text
    assert re.search(rf"Total on this page {re.escape(page_charged)} ", text)


@pytest.mark.parametrize("query", ["after=abc", "after=2026-13-45.1", "after=99999999999", "before=1",
                                   "after=2026-01-01.5&show=credits", "last=yes", "after=2026-01-01.5%00"])
def test_a_wrong_page_key_is_the_first_page(scaled, query):
    app, _ = scaled
    client = _provider(app)
    first = client.get(f"/provider/services?month={LAST_MONTH:%Y-%m}")
    response = client.get(f"/provider/services?month={LAST_MONTH:%Y-%m}&{query}")
    if "%00" in query:
        assert response.status_code == 400  # control characters: a page that says so
        return
    assert response.status_code == 200
    if "show=credits" not in query:
        assert _correction_ids(response.get_data(as_text=True)) == _correction_ids(first.get_data(as_text=True))


def test_credits_page_on_their_own(scaled):
    app, _ = scaled
    client = _provider(app)
    page = client.get(f"/provider/services?month={LAST_MONTH:%Y-%m}&show=credits").get_data(as_text=True)
    assert "Credits booked in" in _text(page) and Page(page).soup.select("tr.table__credit")  # rows styled as credits


def _walk(client, url, pick):
    """Every page by its Next link: what `pick` finds on each, in order."""
    seen, pages = [], 0
    while url:
        page = client.get(url).get_data(as_text=True)
        seen += pick(page)
        pages += 1
        url = _link(page, "Next page")
    return seen, pages


def test_the_providers_clients_page_by_status(scaled):
    app, path = scaled
    with Session(make_engine(f"sqlite:///{path}")) as db:
        provider_id = db.query(User.provider_id).filter(User.username == "provider").scalar()
        counts = provider_work.client_counts(db, provider_id, TODAY)
        expected = [c.id for c in provider_work.choices_of(db, provider_id, TODAY) if c.status == "accepted"]
    assert counts[ChoiceStatus.ACCEPTED] == len(expected) > PAGE_SIZE
    client = _provider(app)
    first = _text(client.get("/provider/clients?status=accepted").get_data(as_text=True)).replace("\u00a0", "")
    assert f"You have accepted {len(expected)} clients." in first and f"Rows 1–{PAGE_SIZE} of {len(expected)}." in first
    seen, pages = _walk(client, "/provider/clients?status=accepted",
                        lambda page: [int(row["id"].removeprefix("choice-")) for row in Page(page).soup.select('[id^="choice-"]')])
    assert sorted(seen) == sorted(expected) and len(seen) == len(set(seen)) and pages >= 2


def test_the_countys_settlements_page_by_provider_name(scaled):
    app, path = scaled
    with Session(make_engine(f"sqlite:///{path}")) as db:
        every = settlements.month_totals(db, LAST_MONTH)
    assert len(every) > PAGE_SIZE
    county = app.test_client()
    county.use_language("en")
    assert county.sign_in("admin").status_code == 303
    names, pages = _walk(county, f"/admin/settlements?month={LAST_MONTH:%Y-%m}",
                         lambda page: [th.get_text() for th in BeautifulSoup(page, "html.parser").select("tbody th")])
    assert names == [total.provider.name for total in every] and pages == 2
    paid_month = month_start(LAST_MONTH - timedelta(days=1))
    paid = BeautifulSoup(county.get(f"/admin/settlements?month={paid_month:%Y-%m}&paid=paid").get_data(as_text=True),
                         "html.parser")
    open_ = BeautifulSoup(county.get(f"/admin/settlements?month={paid_month:%Y-%m}&paid=open").get_data(as_text=True),
                          "html.parser")
    assert paid.select("tbody tr") and all("Paid on" in row.get_text() for row in paid.select("tbody tr"))
    assert not any("Paid on" in row.get_text() for row in open_.select("tbody tr"))


def test_the_access_log_pages_newest_first_by_plain_links(client, db):
    from datetime import UTC, datetime

    from sqlalchemy import insert, select

    from portal.db.models import AccessLogEntry

    reader = db.scalar(select(User).where(User.username == "casemanager"))
    own = db.scalar(select(User).where(User.username == "client"))
    start = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
    db.execute(insert(AccessLogEntry), [
        dict(at=start + timedelta(hours=number // 2), actor_user_id=reader.id, actor_role="case_manager",
             client_id=own.client_id, action="view_client", detail=f"planted {number}") for number in range(130)])
    db.commit()
    expected = [entry.id for entry in db.scalars(
        select(AccessLogEntry).where(AccessLogEntry.client_id == own.client_id, AccessLogEntry.actor_user_id != own.id)
        .order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc()))]
    client.use_language("en")
    client.sign_in("client")
    def rows_of(page: str) -> list[str]:
        return [" ".join(row.get_text(" ").split()) for row in BeautifulSoup(page, "html.parser").select("tbody tr")]

    seen, pages = _walk(client, "/access-log", rows_of)
    assert len(seen) == len(expected) and pages == -(-len(expected) // PAGE_SIZE) >= 3
    last = client.get("/access-log?last=1").get_data(as_text=True)
    assert rows_of(last) == seen[-len(rows_of(last)):]
    back = client.get(_link(last, "Previous page")).get_data(as_text=True)
    assert rows_of(back) == seen[-len(rows_of(last)) - PAGE_SIZE:-len(rows_of(last))]
    assert f"Rows 1–{PAGE_SIZE} of {len(expected)}." in _text(client.get("/access-log").get_data(as_text=True))


def test_the_follow_up_pages_and_shows_one_reason_at_a_time(scaled):
    from portal.domain.plans import FollowUpReason
    from portal.services.follow_up import FOLLOW_UP_PAGE, follow_up

    app, path = scaled
    with Session(make_engine(f"sqlite:///{path}")) as db:
        manager_id = db.query(User.case_manager_id).filter(User.username == "casemanager").scalar()
        every = [(f"{row.client.last_name}, {row.client.first_name}", row) for row in follow_up(db, manager_id, TODAY)]
    assert len(every) > FOLLOW_UP_PAGE
    manager = app.test_client()
    manager.use_language("en")
    assert manager.sign_in("casemanager").status_code == 303

    def names(page: str) -> list[str]:
        return [th.get_text() for th in BeautifulSoup(page, "html.parser").select("tbody th")]

    seen, pages = _walk(manager, "/case-manager/follow-up", names)
    assert seen == [name for name, _ in every] and pages == -(-len(every) // FOLLOW_UP_PAGE)
    assert f"All ({len(every)})" in _text(manager.get("/case-manager/follow-up").get_data(as_text=True))
    shown_any = 0
    for reason in FollowUpReason:
        expected = [name for name, row in every if row.is_for(reason)]
        seen, _pages = _walk(manager, f"/case-manager/follow-up?reason={reason}", names)
        assert seen == expected, reason
        shown_any += bool(expected)
    assert shown_any >= 2, "the scaled county has clients to follow up for more than one reason"
    wrong = manager.get("/case-manager/follow-up?reason=nonsense").get_data(as_text=True)
    assert names(wrong) == [name for name, _ in every][:FOLLOW_UP_PAGE]


def test_the_countys_applications_page_newest_first_and_by_status(client, db):
    from datetime import UTC, datetime

    from sqlalchemy import insert, select

    from portal.db.models import ProviderApplication
    from portal.services.applications import APPLICATIONS_PAGE, SENT

    statuses = [*SENT, "draft"]
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    for number in range(70):
        user_id = db.execute(insert(User).values(username=f"applicant{number}", password_hash="x", role="provider",
                                                 display_name=f"Applicant {number}")).inserted_primary_key[0]
        status = statuses[number % len(statuses)]
        db.execute(insert(ProviderApplication).values(
            user_id=user_id, status=status, company_name=f"Yritys {number:02d} Oy", business_id="0112038-9",
            submitted_at=None if status == "draft" else start + timedelta(hours=number // 2)))
    db.commit()
    sent = db.scalars(select(ProviderApplication).where(ProviderApplication.status.in_(SENT))
                      .order_by(ProviderApplication.submitted_at.desc(), ProviderApplication.id.desc())).all()
    client.use_language("en")
    client.sign_in("admin")

    def names(page: str) -> list[str]:
        return [th.get_text() for th in BeautifulSoup(page, "html.parser").select("tbody th")]

    seen, pages = _walk(client, "/admin/applications", names)
    assert seen == [application.company_name for application in sent]
    assert pages == -(-len(sent) // APPLICATIONS_PAGE) >= 3
    for status in SENT:
        seen, _pages = _walk(client, f"/admin/applications?status={status}", names)
        assert seen == [application.company_name for application in sent if application.status == status], status
    drafts_asked = client.get("/admin/applications?status=draft").get_data(as_text=True)  # a draft is never shown
    assert names(drafts_asked) == [application.company_name for application in sent][:APPLICATIONS_PAGE]
    last = client.get("/admin/applications?last=1").get_data(as_text=True)
    assert names(last) == [application.company_name for application in sent][-len(names(last)):]


def test_the_clients_transactions_page_by_fifty_with_the_pages_sums(client, db):
    from datetime import UTC, datetime

    from sqlalchemy import func, insert, select

    from portal.db.models import Plan, ServiceEvent
    from portal.services.client_pages import TRANSACTIONS_PAGE
    from tests.web.test_reports import cents

    own = db.scalar(select(User).where(User.username == "client"))
    plan = db.scalar(select(Plan).where(Plan.client_id == own.client_id, Plan.status == "accepted"))
    line = next(line for line in plan.lines if line.voucher_id and line.choices)
    month = month_start(TODAY)
    db.execute(insert(ServiceEvent), [
        dict(voucher_id=line.voucher_id, plan_line_id=line.id, provider_id=line.choices[-1].provider_id,
             service_date=month + timedelta(days=number % 28), units=1, unit_price_cents=100 + number,
             charged_cents=100 + number, self_pay_cents=0, recorded_at=datetime.now(UTC)) for number in range(120)])
    db.commit()
    voucher_ids = [each.voucher_id for each in plan.lines if each.voucher_id]
    events = db.scalar(select(func.count()).select_from(ServiceEvent).where(
        ServiceEvent.voucher_id.in_(voucher_ids), ServiceEvent.service_date >= month,
        ServiceEvent.service_date < month_start(month + timedelta(days=32))))
    client.use_language("en")
    client.sign_in("client")

    def charges(page: str) -> list[int]:
        soup = BeautifulSoup(page, "html.parser")
        rows = [row for row in soup.select("tbody tr") if "table__credit" not in (row.get("class") or [])]
        shown = [cents(row.select("td")[4].get_text()) for row in rows]  # charged to the budget
        footer = soup.select_one("tfoot tr")
        assert footer.th.get_text() == "Total on this page"
        assert cents(footer.select("td")[0].get_text()) == sum(shown)
        return shown

    seen, pages = _walk(client, f"/transactions?month={month:%Y-%m}", charges)
    assert len(seen) == events and pages == -(-events // TRANSACTIONS_PAGE) >= 3
    first = _text(client.get(f"/transactions?month={month:%Y-%m}").get_data(as_text=True))
    assert f"Rows 1–{TRANSACTIONS_PAGE} of {events}." in first.replace("\u00a0", "")
    fragment = client.get(f"/transactions?month={month:%Y-%m}&last=1", headers={"HX-Request": "true"})
    assert Page(fragment.get_data(as_text=True)).soup.find("html") is None and charges(fragment.get_data(as_text=True)) == \
        seen[-len(charges(fragment.get_data(as_text=True))):]
