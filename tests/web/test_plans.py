"""Case managers draw up plans; clients accept them; the ledger follows."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.db.models import (
    AccessLogEntry,
    CaseManager,
    Client,
    LedgerEntry,
    Message,
    Plan,
    ServiceType,
    User,
    Voucher,
)
from portal.demo_data import PASSWORD
from portal.domain.plans import budget_between
from portal.domain.providers import choice_in_force
from portal.services.plans import terms_of
from portal.services.auth import hash_password
from tests.pages import Page

TODAY = date.today()


def _clients(html: str) -> list[str]:
    """The names in the table of clients (none when nothing was found)."""
    page = Page(html)
    captions = [caption for caption in page.captions() if re.fullmatch(r"\d+ clients?", caption)]
    return [row[0] for caption in captions for row in page.table(caption)[1:]]


def _aino(db):
    return db.scalar(select(Client).where(Client.client_number == "A0000001"))


def _token(client, url):
    return Page(client.get(url).get_data(as_text=True)).soup.select_one("input[name=csrf_token]")["value"]


def _proposed(db):
    return db.scalar(select(Plan).where(Plan.client_id == _aino(db).id, Plan.status == "proposed"))


@pytest.fixture()
def case_manager(client):
    client.use_language("en")
    client.sign_in("casemanager")
    return client


def _search(case_manager, **fields):
    """A posted search: the address it leads to carries a token, never what was typed."""
    data = {"csrf_token": case_manager.csrf_token("/case-manager/clients"), "q": "", "municipality": "", **fields}
    response = case_manager.post("/case-manager/clients", data=data)
    assert response.status_code == 303
    location = response.headers["Location"]
    assert "search=" in location and (not fields.get("q") or fields["q"] not in location)
    return case_manager.get(location).get_data(as_text=True)


def test_the_case_manager_finds_their_clients(case_manager, db):
    page = case_manager.get("/case-manager/clients").get_data(as_text=True)
    own = db.scalars(select(Client).where(Client.case_manager_id == _aino(db).case_manager_id)).all()
    assert len(_clients(page)) >= len(own)
    found = _clients(_search(case_manager, q="virtanen"))
    assert "Virtanen, Aino" in found and len(found) < len(_clients(page))
    assert "Virtanen, Aino" in _clients(_search(case_manager, q="A0000001"))
    vaasa = db.scalar(select(Client.municipality_id).where(Client.id == _aino(db).id))
    assert "Virtanen, Aino" in _clients(_search(case_manager, municipality=str(vaasa)))
    assert "Virtanen, Aino" not in Page(_search(case_manager, q="nobody-is-called-this")).text()


def test_every_client_on_the_list_is_in_their_access_log_once(case_manager, db):
    before = db.scalar(select(func.max(AccessLogEntry.id))) or 0
    case_manager.get("/case-manager/clients")
    shown = db.scalars(select(AccessLogEntry.client_id).where(AccessLogEntry.id > before,
                                                              AccessLogEntry.action == "view_client_list")).all()
    own = db.scalars(select(Client.id).where(Client.case_manager_id == _aino(db).case_manager_id)).all()
    assert sorted(shown) == sorted(own)


def test_review_due_filter_and_follow_up(case_manager, db):
    aino = _aino(db)
    plan = db.scalar(select(Plan).where(Plan.client_id == aino.id, Plan.status == "accepted"))
    plan.review_date = TODAY - timedelta(days=3)
    db.commit()
    due = _clients(_search(case_manager, review_due="y"))
    assert "Virtanen, Aino" in due and len(due) < len(_clients(case_manager.get("/case-manager/clients").get_data(as_text=True)))
    follow = Page(case_manager.get("/case-manager/follow-up").get_data(as_text=True)).text()
    assert "Virtanen, Aino" in follow and "Overdue since" in follow


def test_the_client_page_shows_plan_budget_choices_mandates_and_messages(case_manager, db):
    aino = _aino(db)
    page = Page(case_manager.get(f"/case-manager/clients/{aino.id}").get_data(as_text=True)).text()
    for text in ("Plan and budget", "Use this month", "Plan versions", "Mandates", "Messages", "Mikko Virtanen",
                 "Tarvitsisin enemmän apua iltaisin"):
        assert text in page
    assert db.scalar(select(AccessLogEntry).where(AccessLogEntry.client_id == aino.id, AccessLogEntry.action == "view_client"))


def test_another_case_managers_client_is_not_found(client, db):
    other_manager = db.scalar(select(CaseManager).where(CaseManager.id != _aino(db).case_manager_id))
    db.add(User(username="othercm", password_hash=hash_password(PASSWORD), role="case_manager",
                display_name="Other", case_manager_id=other_manager.id))
    db.commit()
    client.sign_in("othercm")
    aino = _aino(db)
    assert client.get(f"/case-manager/clients/{aino.id}").status_code == 404
    assert client.get(f"/case-manager/plans/{_proposed(db).id}").status_code == 404
    token = _token(client, "/case-manager/clients")
    assert client.post(f"/case-manager/clients/{aino.id}/plans", data={"csrf_token": token}).status_code == 404
    assert client.post(f"/case-manager/plans/{_proposed(db).id}/propose", data={"csrf_token": token}).status_code == 404


def _draft(case_manager, db):
    """Send the demo proposal back, as the client would, so the case manager can edit it."""
    plan = _proposed(db)
    plan.status = "draft"
    db.commit()
    return plan


def test_the_plan_editor_calculates_and_explains_the_budget(case_manager, db):
    plan = _draft(case_manager, db)
    url = f"/case-manager/plans/{plan.id}"
    page = Page(case_manager.get(url).get_data(as_text=True)).text()
    assert "5 hours in the evening × €45.00 × 1.15 = €258.75" in page
    assert "2 hours on Sundays and holidays × €45.00 × 2 = €180.00" in page
    assert re.search(r"In addition, the county's own services give 4 hours a month outside the budget.", page)
    token = _token(case_manager, url)
    personal = db.scalar(select(ServiceType.id).where(ServiceType.code == "personal_assistance"))
    response = case_manager.post(f"{url}/lines", data={"csrf_token": token, "service_type": personal, "weekday_units": "10",
                                                       "saturday_units": "2", "travel": "y"})
    assert response.status_code == 303
    page = Page(case_manager.get(url).get_data(as_text=True)).text()
    assert "2 hours on Saturdays × €32.00 × 1.2 = €76.80" in page
    assert "Travel supplement: 12 hours × €2.50 = €30.00" in page
    assert "In total €426.80 a month, on average €35.56 per hour." in page  # rounded down: 12 hours fit in the month


@pytest.mark.parametrize(
    ("data", "message", "field"),
    [
        ({"weekday_units": "0"}, "Enter how many units a month the client needs.", "weekday_units"),
        ({"evening_units": "3"}, "This service has no evening price.", "evening_units"),
        ({"weekday_units": "-2"}, "Enter a number from 0 to 999", "weekday_units"),
        ({"service_type": ""}, "Choose the service", "service_type"),
    ],
)
def test_a_line_that_cannot_be_priced_is_an_error(case_manager, db, data, message, field):
    plan = _draft(case_manager, db)
    day_activities = db.scalar(select(ServiceType.id).where(ServiceType.code == "day_activities"))
    url = f"/case-manager/plans/{plan.id}"
    token = _token(case_manager, url)
    page = Page(case_manager.post(f"{url}/lines", data={"csrf_token": token, "service_type": day_activities,
                                                        **data}).get_data(as_text=True))
    assert any(message in words and target == f"#{field}" for words, target in page.error_summary())
    assert page.title().startswith("Error: ")


@pytest.mark.parametrize(
    ("dates", "message"),
    [(("1.1.2027", "31.12.2026", "1.6.2027"), "must end after it starts"),
     (("1.1.2027", "31.12.2027", "1.6.2028"), "within the plan period"),
     (("soon", "31.12.2027", "1.6.2027"), "Enter the dates as day.month.year")],
)
def test_goals_and_dates_are_checked(case_manager, db, dates, message):
    plan = _draft(case_manager, db)
    url = f"/case-manager/plans/{plan.id}"
    token = _token(case_manager, url)
    start, end, review = dates
    page = case_manager.post(url, data={"csrf_token": token, "goals": "Asun kotona", "period_start": start,
                                        "period_end": end, "review_date": review}).get_data(as_text=True)
    page = Page(page)
    assert any(message in words for words, _target in page.error_summary()) and page.title().startswith("Error: ")


def test_a_new_version_starts_from_the_plan_in_force_and_is_proposed(case_manager, db):
    aino = _aino(db)
    proposal = _proposed(db)
    proposal.status = "draft"
    db.commit()
    token = _token(case_manager, f"/case-manager/clients/{aino.id}")
    # Only one open version at a time.
    assert case_manager.post(f"/case-manager/clients/{aino.id}/plans", data={"csrf_token": token}).headers["Location"] == f"/case-manager/clients/{aino.id}"
    url = f"/case-manager/plans/{proposal.id}"
    for line in list(proposal.lines):
        case_manager.post(f"{url}/lines/{line.id}/remove", data={"csrf_token": token})
    page = Page(case_manager.post(f"{url}/propose", data={"csrf_token": token}).get_data(as_text=True))
    assert page.announces("Add at least one service before proposing the plan.")
    meals = db.scalar(select(ServiceType.id).where(ServiceType.code == "meals"))
    case_manager.post(f"{url}/lines", data={"csrf_token": token, "service_type": meals, "weekday_units": "30"})
    assert case_manager.post(f"{url}/propose", data={"csrf_token": token}).status_code == 303
    db.expire_all()
    plan = db.get(Plan, proposal.id)
    assert plan.status == "proposed" and plan.proposed_on == TODAY
    actions = db.scalars(select(AccessLogEntry.action).where(AccessLogEntry.client_id == aino.id, AccessLogEntry.actor_role == "case_manager")).all()
    assert {"edit_plan", "propose_plan"} <= set(actions)


def _balances_match(db):
    sums = dict(db.execute(select(LedgerEntry.voucher_id, func.sum(LedgerEntry.amount_cents)).group_by(LedgerEntry.voucher_id)).all())
    for voucher in db.scalars(select(Voucher)):
        assert voucher.remaining_cents == sums.get(voucher.id, 0) == voucher.balance.left_cents


def test_accepting_a_revision_keeps_providers_and_what_was_used(app, client, db):
    client.use_language("en")
    client.sign_in("client")
    aino = _aino(db)
    old = db.scalar(select(Plan).where(Plan.client_id == aino.id, Plan.status == "accepted"))
    before = {line.service_type.code: (line.voucher_id, line.voucher.balance, choice_in_force(line.choices, TODAY))
              for line in old.lines}
    old_terms = {line.service_type.code: terms_of(line) for line in old.lines}
    proposal = _proposed(db)
    page = Page(client.get("/plan/proposal").get_data(as_text=True))
    assert page.h1() == "Your proposed client plan" and "× 1.15" in page.text()
    page = page.text()
    assert "Home care changes from 20 hours a month" in page and "to 25 hours a month" in page
    assert "Meal service stays as it is" in page and "continues." in page
    form = {"csrf_token": _token(client, "/plan/proposal"), "decision": "accept", "plan": proposal.id,
            "submission_key": "the-same-acceptance-form-twice"}
    first = client.post("/plan/proposal", data=form)
    entries = db.scalar(select(func.count()).select_from(LedgerEntry))
    second = client.post("/plan/proposal", data=form)
    assert first.status_code == second.status_code == 303
    assert Page(client.get(second.headers["Location"]).get_data(as_text=True)).announces("already saved")
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(LedgerEntry)) == entries  # the second press issued nothing
    new = db.get(Plan, proposal.id)
    assert new.status == "accepted" and db.get(Plan, old.id).status == "superseded"
    for line in new.lines:
        code = line.service_type.code
        voucher_id, balance, choice = before[code]
        assert line.voucher_id == voucher_id  # the same voucher: what was used stays used
        assert (line.voucher.charged_cents, line.voucher.credited_cents) == (balance.charged_cents, balance.credited_cents)
        kept = choice_in_force(line.choices, TODAY)
        assert (kept.provider_id, kept.status) == (choice.provider_id, choice.status) if choice else kept is None
        change = budget_between([terms_of(line)], TODAY, new.period_end) - budget_between([old_terms[code]], TODAY, new.period_end)
        assert line.voucher.balance.left_cents == balance.left_cents + change  # budgeted from today, not a new year
        if old_terms[code] == terms_of(line):
            assert change == 0
    _balances_match(db)
    overview = Page(client.get("/overview").get_data(as_text=True)).text()
    assert re.search(r"This month, \d+ of \d+ hours are left", overview)
    months = [value for value, _words in Page(client.get("/transactions").get_data(as_text=True)).choices("Month")]
    assert len(months) == 6  # the services that continue bring their earlier months along
    assert db.scalar(select(AccessLogEntry).where(AccessLogEntry.action == "accept_plan", AccessLogEntry.client_id == aino.id))
    assert db.scalar(select(func.count()).select_from(AccessLogEntry).where(
        AccessLogEntry.action == "accept_plan", AccessLogEntry.client_id == aino.id)) == 1


def test_a_plan_that_is_not_proposed_cannot_be_accepted(client, db):
    client.sign_in("client")
    proposal = _proposed(db)
    proposal.status = "draft"
    db.commit()
    assert client.get("/plan/proposal").status_code == 404
    token = _token(client, "/overview")
    assert client.post("/plan/proposal", data={"csrf_token": token, "decision": "accept"}).status_code == 404
    db.expire_all()
    assert db.get(Plan, proposal.id).status == "draft"


def test_the_client_asks_for_changes_and_the_plan_goes_back_to_the_case_manager(client, db):
    client.use_language("en")
    client.sign_in("client")
    proposal = _proposed(db)
    token = _token(client, "/plan/proposal")
    error = Page(client.post("/plan/proposal", data={"csrf_token": token, "decision": "changes", "body": ""}).get_data(as_text=True))
    assert any("Write the message" in words for words, _target in error.error_summary()) and error.title().startswith("Error: ")
    response = client.post("/plan/proposal", data={"csrf_token": token, "decision": "changes", "body": "Enemmän kotihoitoa lauantaisin"})
    assert response.status_code == 303
    db.expire_all()
    assert db.get(Plan, proposal.id).status == "draft"
    assert db.scalar(select(Message).where(Message.body == "Enemmän kotihoitoa lauantaisin"))


def test_messages_and_a_request_for_review(app, client, db):
    client.use_language("en")
    client.sign_in("client")
    token = _token(client, "/overview")
    response = client.post("/messages", data={"csrf_token": token, "review": "yes", "body": "I would like my plan to be reviewed."})
    assert response.status_code == 303
    page = Page(client.get("/messages").get_data(as_text=True))
    assert "asks for a review of the plan" in page.text()
    fragment = client.get("/messages", headers={"HX-Request": "true"})
    assert Page(fragment.get_data(as_text=True)).soup.find(["html", "body", "h1"]) is None and "HX-Request" in fragment.headers["Vary"]
    manager = app.test_client()
    manager.use_language("en")
    manager.sign_in("casemanager")
    aino = _aino(db)
    token = _token(manager, f"/case-manager/clients/{aino.id}")
    assert manager.post(f"/case-manager/clients/{aino.id}/messages", data={"csrf_token": token, "body": "I will call you on Monday."}).status_code == 303
    assert "I will call you on Monday." in Page(client.get("/messages").get_data(as_text=True)).text()


def test_county_staff_set_the_reference_prices(client, db):
    client.use_language("en")
    client.sign_in("admin")
    home_care = db.scalar(select(ServiceType).where(ServiceType.code == "home_care"))
    url = f"/admin/prices/{home_care.id}"
    token = _token(client, url)
    error = Page(client.post(url, data={"csrf_token": token, "reference_price": "", "evening": "9"}).get_data(as_text=True))
    errors = [words for words, _target in error.error_summary()]
    assert any("Enter the reference price" in words for words in errors) and any("Enter a coefficient from 1.00 to 5.00" in words for words in errors)
    assert client.post(url, data={"csrf_token": token, "reference_price": "47,10", "evening": "1,2", "saturday": "",
                                  "sunday": "2", "travel_supplement": "3"}).status_code == 303
    db.expire_all()
    home_care = db.get(ServiceType, home_care.id)
    assert (home_care.reference_price_cents, home_care.saturday_coefficient, home_care.travel_supplement_cents) == (4710, None, 300)


def test_only_county_staff_set_prices(client):
    client.sign_in("casemanager")
    assert client.get("/admin/prices").status_code == 403


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_editor_gives_dates_in_a_form_it_takes_back_in_every_language(client, db, language):
    client.use_language(language)
    client.sign_in("casemanager")
    plan = _proposed(db)
    plan.status = "draft"
    db.commit()
    url = f"/case-manager/plans/{plan.id}"
    page = Page(client.get(url).get_data(as_text=True))
    data = {name: page.soup.select_one(f"input[name={name}]")["value"] for name in ("period_start", "period_end", "review_date")}
    assert data["period_start"] == f"{plan.period_start.day}.{plan.period_start.month}.{plan.period_start.year}"
    token = _token(client, url)
    response = client.post(url, data={"csrf_token": token, "goals": "Asun kotona", **data})
    assert response.status_code == 303
