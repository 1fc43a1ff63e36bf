import re

import pytest
from sqlalchemy import func, select

from portal.db.models import Plan, ServiceEvent, User


def _own_client_id(db):
    return db.scalar(select(User.client_id).where(User.username == "client"))


def test_the_overview_says_what_is_left_in_plain_sentences(signed_in_client, db):
    signed_in_client.use_language("en")
    page = signed_in_client.get("/overview").get_data(as_text=True)
    assert re.search(r"This month, \d+ of 20 hours are left \(€[\d,]+\.\d\d of €900\.00\)", page)
    assert re.search(r"In total, €[\d,]+\.\d\d of the budget of €", page)
    assert "Maria Lindqvist" in page and 'href="tel:0405550101"' in page
    assert "next be reviewed on" in page


def test_money_is_formatted_for_the_language(signed_in_client, db):
    client_id = _own_client_id(db)
    plan = db.scalar(select(Plan).where(Plan.client_id == client_id, Plan.status == "accepted"))
    total = sum(line.voucher.remaining_cents for line in plan.lines if line.voucher)
    euros, cents = divmod(total, 100)
    finnish = f"{euros:,}".replace(",", "\u00a0") + f",{cents:02d}\u00a0€"
    signed_in_client.use_language("fi")
    assert finnish in signed_in_client.get("/overview").get_data(as_text=True)
    signed_in_client.use_language("sv")
    assert finnish in signed_in_client.get("/overview").get_data(as_text=True)


def test_the_plan_shows_goals_services_status_and_versions(signed_in_client, db):
    signed_in_client.use_language("en")
    page = signed_in_client.get("/plan").get_data(as_text=True)
    assert "<h1>Your client plan</h1>" in page
    assert "Accepted, in force" in page
    assert '<ol class="goals" lang="fi">' in page
    assert "<caption id=\"services-caption\">Services in the plan</caption>" in page
    assert "Home care" in page and "45,00" not in page and "€45.00 per hour" in page
    assert "All versions of your plan" in page


def test_an_earlier_version_says_it_is_no_longer_in_force(signed_in_client, db):
    signed_in_client.use_language("en")
    old = db.scalar(select(Plan).where(Plan.client_id == _own_client_id(db), Plan.status == "superseded"))
    page = signed_in_client.get(f"/plan/{old.id}").get_data(as_text=True)
    assert f"<h1>Earlier client plan, version {old.version}</h1>" in page
    assert "no longer in force" in page


def test_transactions_of_a_month_with_totals(signed_in_client, db):
    signed_in_client.use_language("en")
    page = signed_in_client.get("/transactions").get_data(as_text=True)
    assert 'role="status"' in page
    months = re.findall(r'<option (?:selected )?value="(\d{4}-\d\d)"', page)
    assert len(months) == 6
    earlier = months[-1]
    page = signed_in_client.get(f"/transactions?month={earlier}").get_data(as_text=True)
    assert "<th scope=\"col\">Charged to budget</th>" in page.replace(' class="numeric"', "")
    plan = db.scalar(select(Plan).where(Plan.client_id == _own_client_id(db), Plan.status == "accepted"))
    voucher_ids = [line.voucher.id for line in plan.lines]
    count = db.scalar(
        select(func.count()).select_from(ServiceEvent).where(
            ServiceEvent.voucher_id.in_(voucher_ids),
            func.strftime("%Y-%m", ServiceEvent.service_date) == earlier,
        )
    )
    assert count > 0
    assert page.count("<tr>") == count + 3  # the head, the events, the totals and the net
    assert re.search(r"In \w+ \d{4}, €[\d,.]+ was charged to the budget and €0\.00 was credited back", page)


def test_a_month_outside_the_plan_is_an_error_on_the_form(signed_in_client):
    signed_in_client.use_language("en")
    page = signed_in_client.get("/transactions?month=1999-01").get_data(as_text=True)
    assert "<title>Error: Transactions" in page
    assert 'href="#month"' in page


def test_the_month_filter_answers_htmx_with_only_the_results(signed_in_client):
    signed_in_client.use_language("en")
    page = signed_in_client.get("/transactions").get_data(as_text=True)
    month = re.findall(r'value="(\d{4}-\d\d)"', page)[-1]
    response = signed_in_client.get(f"/transactions?month={month}", headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert "HX-Request" in response.headers["Vary"]
    assert "<html" not in fragment and "<h1" not in fragment
    assert "<table" in fragment
    assert 'data-hx-swap-oob="innerHTML:#transactions-status"' in fragment
    full = signed_in_client.get(f"/transactions?month={month}")
    assert "HX-Request" in full.headers["Vary"] and "<html" in full.get_data(as_text=True)


def test_the_filter_is_a_plain_get_form_with_htmx_on_top(signed_in_client):
    page = signed_in_client.get("/transactions").get_data(as_text=True)
    form = re.search(r"<form method=\"get\" action=\"/transactions\"[^>]*>", page).group(0)
    assert 'data-hx-get="/transactions"' in form and 'data-hx-push-url="true"' in form


@pytest.mark.parametrize("path", ["/plan/{plan}", "/transactions?plan={plan}"])
def test_another_clients_plan_is_not_found(signed_in_client, db, path):
    other_plan = db.scalar(select(Plan).where(Plan.client_id != _own_client_id(db)).order_by(Plan.id))
    other_name = other_plan.client.last_name
    response = signed_in_client.get(path.format(plan=other_plan.id))
    assert response.status_code == 404
    assert other_name not in response.get_data(as_text=True)


def test_another_clients_old_version_is_not_found(signed_in_client, db):
    other_old = db.scalar(
        select(Plan).where(Plan.client_id != _own_client_id(db), Plan.status == "superseded")
    )
    assert signed_in_client.get(f"/plan/{other_old.id}").status_code == 404
    assert signed_in_client.get(f"/transactions?plan={other_old.id}").status_code == 404


def test_client_pages_need_signing_in(client):
    for path in ("/overview", "/plan", "/plan/1", "/transactions"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


def test_the_full_transactions_page_states_the_summary_once(signed_in_client):
    page = signed_in_client.get("/transactions").get_data(as_text=True)
    assert "hx-swap-oob" not in page
    assert page.count('id="transactions-status"') == 1
