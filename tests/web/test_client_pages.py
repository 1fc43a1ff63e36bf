import re

import pytest
from sqlalchemy import func, select

from portal.db.models import Client, Mandate, Plan, ServiceEvent, User
from tests.pages import Page


def _own_client_id(db):
    return db.scalar(select(User.client_id).where(User.username == "client"))


def test_the_overview_says_what_is_left_in_plain_sentences(signed_in_client, db):
    signed_in_client.use_language("en")
    page = Page(signed_in_client.get("/overview").get_data(as_text=True))
    assert re.search(r"This month, \d+ of 20 hours are left\. This month's budget is €900\.00, and €[\d,]+\.\d\d of it "
                     r"is left\.", page.text())
    assert re.search(r"In total, €[\d,]+\.\d\d of the budget of €", page.text())
    assert "Maria Lindqvist" in page.text()
    assert any(link["href"] == "tel:0405550101" for link in page.soup.find_all("a"))
    assert "next be reviewed on" in page.text()


def test_money_is_formatted_for_the_language(signed_in_client, db):
    client_id = _own_client_id(db)
    plan = db.scalar(select(Plan).where(Plan.client_id == client_id, Plan.status == "accepted"))
    total = sum(line.voucher.remaining_cents for line in plan.lines if line.voucher)
    euros, cents = divmod(total, 100)
    finnish = f"{euros:,}".replace(",", "\u00a0") + f",{cents:02d}\u00a0€"
    signed_in_client.use_language("fi")
    assert finnish in Page(signed_in_client.get("/overview").get_data(as_text=True)).text()
    signed_in_client.use_language("sv")
    assert finnish in Page(signed_in_client.get("/overview").get_data(as_text=True)).text()


def test_the_plan_shows_goals_services_status_and_versions(signed_in_client, db):
    signed_in_client.use_language("en")
    page = Page(signed_in_client.get("/plan").get_data(as_text=True))
    assert page.h1() == "Your client plan"
    assert "Accepted, in force" in page.text()
    goals = page.soup.select_one("ol.goals")
    assert goals["lang"] == "fi" and goals.find_all("li")  # the goals stand in the words they were written in
    services = page.table("Services in the plan")
    assert any(row[0] == "Home care" for row in services[1:])
    assert "€45.00 per hour" in page.text() and "45,00" not in page.text()
    assert "All versions of your plan" in page.headings()


def test_an_earlier_version_says_it_is_no_longer_in_force(signed_in_client, db):
    signed_in_client.use_language("en")
    old = db.scalar(select(Plan).where(Plan.client_id == _own_client_id(db), Plan.status == "superseded"))
    page = Page(signed_in_client.get(f"/plan/{old.id}").get_data(as_text=True))
    assert page.h1() == f"Earlier client plan, version {old.version}"
    assert "no longer in force" in page.text()


def test_transactions_of_a_month_with_totals(signed_in_client, db):
    signed_in_client.use_language("en")
    page = Page(signed_in_client.get("/transactions").get_data(as_text=True))
    assert page.status()  # the month's summary is announced when the list changes
    months = [value for value, _words in page.choices("Month")]
    assert len(months) == 6
    earlier = months[-1]
    page = Page(signed_in_client.get(f"/transactions?month={earlier}").get_data(as_text=True))
    (rows,) = [page.table(caption) for caption in page.captions() if caption.startswith("Services")]
    assert "Charged to budget" in rows[0]
    plan = db.scalar(select(Plan).where(Plan.client_id == _own_client_id(db), Plan.status == "accepted"))
    voucher_ids = [line.voucher.id for line in plan.lines]
    count = db.scalar(
        select(func.count()).select_from(ServiceEvent).where(
            ServiceEvent.voucher_id.in_(voucher_ids),
            func.strftime("%Y-%m", ServiceEvent.service_date) == earlier,
        )
    )
    assert count > 0
    assert len(rows) == count + 3  # the head, the services, the totals and the net
    assert re.search(r"In \w+ \d{4}, €[\d,.]+ was charged to the budget and €0\.00 was credited back", page.text())


def test_a_month_outside_the_plan_is_an_error_on_the_form(signed_in_client):
    signed_in_client.use_language("en")
    page = Page(signed_in_client.get("/transactions?month=1999-01").get_data(as_text=True))
    assert page.title().startswith("Error: What the budget has been used for")
    assert [target for _words, target in page.error_summary()] == ["#month"]


def test_the_month_filter_answers_htmx_with_only_the_results(signed_in_client):
    signed_in_client.use_language("en")
    month = Page(signed_in_client.get("/transactions").get_data(as_text=True)).choices("Month")[-1][0]
    response = signed_in_client.get(f"/transactions?month={month}", headers={"HX-Request": "true"})
    fragment = Page(response.get_data(as_text=True))
    assert "HX-Request" in response.headers["Vary"]
    assert fragment.soup.find("html") is None and fragment.headings(1) == []
    assert any(caption.startswith("Services") for caption in fragment.captions())
    assert fragment.soup.find(attrs={"data-hx-swap-oob": "innerHTML:#transactions-status"})
    full = signed_in_client.get(f"/transactions?month={month}")
    assert "HX-Request" in full.headers["Vary"] and Page(full.get_data(as_text=True)).soup.find("html")


def test_the_filter_is_a_plain_get_form_with_htmx_on_top(signed_in_client):
    page = Page(signed_in_client.get("/transactions").get_data(as_text=True))
    form = page.soup.find("form", method="get", action="/transactions")
    assert form["data-hx-get"] == "/transactions" and form["data-hx-push-url"] == "true"


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
    page = Page(signed_in_client.get("/transactions").get_data(as_text=True))
    assert not page.soup.find_all(attrs={"data-hx-swap-oob": True}) and not page.soup.find_all(attrs={"hx-swap-oob": True})
    assert len(page.soup.select("#transactions-status")) == 1



def _forecast_sentences(page: Page) -> list[str]:
    """The overview's sentences that see ahead, one or two to a service."""
    return re.findall(r"At the pace of the last 8 weeks, [^.]+\.(?: At this pace, [^.]+\.)?"
                      r"|\w[\w ]* not used this service in the last 8 weeks[^.]*\.", page.text())


def test_the_overview_sees_ahead_in_the_clients_words(signed_in_client):
    signed_in_client.use_language("en")
    page = Page(signed_in_client.get("/overview").get_data(as_text=True))
    sentences = _forecast_sentences(page)
    assert sentences and all(re.search(r"\b(you|your|You)\b", sentence) for sentence in sentences)
    assert re.search(r"you use about \d+ of your \d+ hours a month\. At this pace, your budget for this service "
                     r"lasts (until \d+ \w+ \d{4}; the plan runs until|the whole plan period, until) \d+ \w+ \d{4}\.",
                     page.text())


def test_a_relative_reads_the_forecast_with_the_clients_name(client, db):
    client.use_language("en")
    client.sign_in("relative")
    mandate = db.scalar(select(Mandate).join(Client, Mandate.client_id == Client.id)
                        .where(Client.client_number == "A0000001", Mandate.status == "active"))
    client.post("/act-for", data={"csrf_token": client.csrf_token("/act-for"), "whom": str(mandate.id)})
    page = Page(client.get("/overview").get_data(as_text=True))
    assert page.h1() == "Personal budget of Aino Virtanen"
    sentences = _forecast_sentences(page)
    assert sentences and all("Aino Virtanen" in sentence and "your" not in sentence for sentence in sentences)
    assert re.search(r"Aino Virtanen uses about \d+ of the \d+ \w+ a month in the plan\.", page.text())


def test_the_plan_in_force_says_how_long_each_service_lasts_an_earlier_version_does_not(signed_in_client, db):
    signed_in_client.use_language("en")
    page = Page(signed_in_client.get("/plan").get_data(as_text=True))
    assert "How long the budget lasts" in page.headings(2)
    plan = db.scalar(select(Plan).join(Client).where(Client.client_number == "A0000001", Plan.status == "accepted"))
    services = [labels_in_english(line.service_type.code) for line in plan.lines]
    assert [h for h in page.headings(3) if h in services][:len(services)] == services
    assert len(_forecast_sentences(page)) == len(services)
    earlier = db.scalar(select(Plan).join(Client).where(Client.client_number == "A0000001", Plan.status == "superseded"))
    page = Page(signed_in_client.get(f"/plan/{earlier.id}").get_data(as_text=True))
    assert "How long the budget lasts" not in page.headings(2) and _forecast_sentences(page) == []


def labels_in_english(code: str) -> str:
    return {"home_care": "Home care", "home_help": "Home help and cleaning", "meals": "Meal service",
            "transport": "Transport service", "respite_care": "Respite care", "day_activities": "Day activities",
            "personal_assistance": "Personal assistance"}[code]
