"""Providers' work and the county's approvals, settlements and figures."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.db.models import (
    AccessLogEntry,
    Plan,
    PlanLine,
    Provider,
    ProviderApplication,
    ProviderChoice,
    ProviderOffering,
    ServiceEvent,
    Settlement,
    User,
)
from portal.domain.plans import month_start
from tests.pages import Page

TODAY = date.today()


def _token(client, url):
    return Page(client.get(url).get_data(as_text=True)).soup.select_one("input[name=csrf_token]")["value"]


@pytest.fixture()
def provider(client):
    client.use_language("en")
    client.sign_in("provider")
    return client


def _own_choice(db, status="accepted"):
    provider_id = db.scalar(select(User.provider_id).where(User.username == "provider"))
    # The demo client's (the client account's) own choice, whatever order the database reads rows in.
    aino = db.scalar(select(User.client_id).where(User.username == "client"))
    return db.scalar(select(ProviderChoice).join(PlanLine, PlanLine.id == ProviderChoice.plan_line_id)
                     .join(Plan, Plan.id == PlanLine.plan_id)
                     .where(ProviderChoice.provider_id == provider_id, ProviderChoice.status == status,
                            ProviderChoice.valid_to.is_(None), Plan.client_id == aino).order_by(ProviderChoice.id))


def test_a_provider_sees_only_the_clients_who_chose_them(provider, db):
    html = provider.get("/provider/clients").get_data(as_text=True)
    page = Page(html)
    provider_id = db.scalar(select(User.provider_id).where(User.username == "provider"))
    other = db.scalar(select(ProviderChoice).where(ProviderChoice.provider_id != provider_id))
    assert f"/provider/clients/{other.id}/record" not in [href for _name, href in page.links()]
    assert provider.get(f"/provider/clients/{other.id}/record").status_code == 404
    token = _token(provider, "/provider/clients")
    assert provider.post(f"/provider/clients/{other.id}/record", data={"csrf_token": token, "service_date": "1.1.2026", "units": "1"}).status_code == 404
    assert "Aino Virtanen" in page.text()
    # The plan's goals show while Aino's service agreement with the provider runs; never before it nor after it
    # (tests/web/test_sharing.py).
    assert "Pääsen" in html


def test_recording_a_service_and_its_errors(provider, db):
    choice = _own_choice(db)
    url = f"/provider/clients/{choice.id}/record"
    token = _token(provider, url)
    for wrong, message in [("", "Enter the date as day.month.year"),
                           ((TODAY + timedelta(days=1)).strftime("%d.%m.%Y"), "cannot be in the future"),
                           ((TODAY - timedelta(days=61)).strftime("%d.%m.%Y"), "at most 60 days")]:
        page = Page(provider.post(url, data={"csrf_token": token, "service_date": wrong, "units": "1"}).get_data(as_text=True))
        assert page.announces(message) and page.title().startswith("Error: ")
    before = db.scalar(select(ServiceEvent.id).order_by(ServiceEvent.id.desc()).limit(1))
    assert provider.post(url, data={"csrf_token": token, "service_date": TODAY.strftime("%d.%m.%Y"), "units": "2"}).status_code == 303
    event = db.scalar(select(ServiceEvent).where(ServiceEvent.id > before))
    assert event.units == 2
    assert db.scalar(select(AccessLogEntry).where(AccessLogEntry.action == "record_service", AccessLogEntry.actor_role == "provider"))
    correction = f"/provider/services/{event.id}/correction"
    error = provider.post(correction, data={"csrf_token": token, "units": "3", "reason": "wrong_units"}).get_data(as_text=True)
    assert Page(error).announces("You can credit back at most 2 hours of this recording")
    assert provider.post(correction, data={"csrf_token": token, "units": "1", "reason": "wrong_units"}).status_code == 303


def test_accepting_and_declining_clients(provider, db, app):
    choice = _own_choice(db)
    choice.status = "pending"
    db.commit()
    token = _token(provider, "/provider/clients")
    provider.post(f"/provider/clients/{choice.id}/decision", data={"csrf_token": token, "decision": "decline", "reason": ""})
    db.expire_all()
    assert db.get(ProviderChoice, choice.id).status == "pending"  # a decline needs a reason
    provider.post(f"/provider/clients/{choice.id}/decision", data={"csrf_token": token, "decision": "decline", "reason": "We are full in December."})
    db.expire_all()
    assert db.get(ProviderChoice, choice.id).status == "declined"
    client = app.test_client()
    client.use_language("en")
    client.sign_in("client")
    assert "declined: We are full in December." in Page(client.get("/overview").get_data(as_text=True)).text()


def test_an_application_from_draft_to_approval(client, app, db):
    client.use_language("en")
    token = _token(client, "/provider/apply")
    weak = client.post("/provider/apply", data={"csrf_token": token, "action": "save", "username": "newco", "password": "short"})
    assert Page(weak.get_data(as_text=True)).announces("at least 12 characters")
    assert client.post("/provider/apply", data={"csrf_token": token, "action": "save", "username": "newco",
                                                "password": "a-long-password-1", "company_name": "Uusi Hoiva Oy"}).status_code == 303
    token = _token(client, "/provider/apply")
    data = {"csrf_token": token, "action": "check", "company_name": "Uusi Hoiva Oy", "business_id": "0112038-8",
            "contact_person": "Liisa", "phone": "040 1", "email": "liisa@example.fi", "street": "Katu 1",
            "postal_code": "65100", "office_municipality_id": "1", "municipality_ids": ["1"], "languages": ["fi", "sv"]}
    page = Page(client.post("/provider/apply", data=data).get_data(as_text=True))
    assert page.announces("Check the last digit") and page.announces("Give a price for at least one service")
    page = Page(client.post("/provider/apply", data={**data, "business_id": "0112038-9", "price-home_care": "47,50"}).get_data(as_text=True))
    assert page.h1() == "Check your application before sending it" and "€47.50" in page.text()
    assert client.post("/provider/apply/send", data={"csrf_token": token}).status_code == 303
    application = db.scalar(select(ProviderApplication).where(ProviderApplication.company_name == "Uusi Hoiva Oy"))
    assert application.status == "submitted"

    county = app.test_client()
    county.use_language("en")
    county.sign_in("admin")
    url = f"/admin/applications/{application.id}"
    token = _token(county, url)
    page = Page(county.post(url, data={"csrf_token": token, "decision": "reject", "message": ""}).get_data(as_text=True))
    assert page.announces("Write the reason or the question")
    assert county.post(url, data={"csrf_token": token, "decision": "approve", "message": ""}).status_code == 303
    db.expire_all()
    provider = db.scalar(select(Provider).where(Provider.business_id == "0112038-9"))
    assert provider is not None
    assert db.scalar(select(ProviderOffering).where(ProviderOffering.provider_id == provider.id)).unit_price_cents == 4750
    assert client.get("/provider/clients").status_code == 200


def test_only_the_countys_staff_approve(provider, db):
    assert provider.get("/admin/applications").status_code == 403
    assert provider.get("/admin/price-changes").status_code == 403
    token = _token(provider, "/provider/prices")
    offering = db.scalars(select(ProviderOffering)).first()
    assert provider.post(f"/admin/price-changes/{offering.id}", data={"csrf_token": token, "decision": "approve"}).status_code == 403


def test_a_price_change_applies_once_approved_and_ends_the_earlier_price(provider, app, db):
    provider_id = db.scalar(select(User.provider_id).where(User.username == "provider"))
    current = db.scalar(select(ProviderOffering).where(ProviderOffering.provider_id == provider_id, ProviderOffering.approved_on.is_not(None)))
    start = TODAY + timedelta(days=10)
    token = _token(provider, "/provider/prices")
    assert provider.post("/provider/prices", data={"csrf_token": token, "service_type": current.service_type_id, "price": "99,90",
                                                   "valid_from": start.strftime("%d.%m.%Y")}).status_code == 303
    new = db.scalar(select(ProviderOffering).where(ProviderOffering.unit_price_cents == 9990))
    assert new.approved_on is None
    county = app.test_client()
    county.sign_in("admin")
    token = _token(county, "/admin/price-changes")
    assert county.post(f"/admin/price-changes/{new.id}", data={"csrf_token": token, "decision": "approve"}).status_code == 303
    db.expire_all()
    assert db.get(ProviderOffering, new.id).approved_on == TODAY
    assert db.get(ProviderOffering, current.id).valid_to == start - timedelta(days=1)


def test_settlements_are_marked_paid_and_downloaded(app, provider, db):
    county = app.test_client()
    county.use_language("en")
    county.sign_in("admin")
    month = month_start(TODAY - timedelta(days=40))
    page = Page(county.get(f"/admin/settlements?month={month:%Y-%m}").get_data(as_text=True))
    provider_id = db.scalar(select(User.provider_id).where(User.username == "provider"))
    mark = page.button(f"Mark as paid: {db.get(Provider, provider_id).name}")
    assert mark.find_parent("form")["action"] == f"/admin/settlements/{provider_id}/{month.year}/{month.month}/paid"
    token = _token(county, "/admin/settlements")
    assert county.post(f"/admin/settlements/{provider_id}/{month.year}/{month.month}/paid", data={"csrf_token": token}).status_code == 303
    settlement = db.scalar(select(Settlement).where(Settlement.provider_id == provider_id))
    assert settlement.total_cents == settlement.charged_cents - settlement.credited_cents > 0
    csv = county.get(f"/admin/settlements/{provider_id}/{month.year}/{month.month}.csv")
    assert csv.mimetype == "text/csv" and csv.get_data(as_text=True).count("\r\n") > 2
    own = Page(provider.get(f"/provider/settlements?month={month:%Y-%m}").get_data(as_text=True))
    assert own.summary()["Status"].startswith("Paid on")
    assert provider.get(f"/provider/settlements/{month.year}/{month.month}.csv").get_data(as_text=True) == csv.get_data(as_text=True)


@pytest.mark.parametrize("figure", ["clients", "granted", "used", "providers", "satisfaction"])
def test_the_county_overview_figures_download_as_csv(client, figure):
    client.sign_in("admin")
    response = client.get(f"/admin/overview/{figure}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).lstrip("\ufeff").strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("Vuosi;")  # Finnish: `;` between fields, a decimal comma
    if figure in ("granted", "used"):
        assert re.fullmatch(r"20[0-9]{2};[0-9]+,[0-9]{2}", lines[1]), lines
    if figure == "satisfaction":  # the average as the page shows it: one decimal, none from fewer than five ratings
        assert re.fullmatch(r"20[0-9]{2};([0-4];|[0-9]{2,};[1-5],[0-9])", lines[1]), lines


def test_the_applicant_sees_the_countys_question_and_sends_again(client, app, db):
    client.use_language("en")
    token = _token(client, "/provider/apply")
    data = {"csrf_token": token, "action": "check", "username": "asker", "password": "a-long-password-1",
            "company_name": "Kysyvä Oy", "business_id": "0112038-9", "contact_person": "K", "phone": "1",
            "email": "k@example.fi", "street": "Tie 2", "postal_code": "65100", "office_municipality_id": "1",
            "municipality_ids": ["1"], "languages": ["fi"], "price-meals": "9,80"}
    client.post("/provider/apply", data=data)
    client.post("/provider/apply/send", data={"csrf_token": _token(client, "/provider/apply")})
    application = db.scalar(select(ProviderApplication).where(ProviderApplication.company_name == "Kysyvä Oy"))
    county = app.test_client()
    county.sign_in("admin")
    url = f"/admin/applications/{application.id}"
    county.post(url, data={"csrf_token": _token(county, url), "decision": "more_info", "message": "Send your insurance details."})
    page = Page(client.get("/provider/apply").get_data(as_text=True))
    assert "The county asks for more information: Send your insurance details." in page.text()
    token = _token(client, "/provider/apply")
    client.post("/provider/apply", data={**data, "csrf_token": token, "username": "", "password": ""})
    assert client.post("/provider/apply/send", data={"csrf_token": token}).status_code == 303
    db.expire_all()
    assert db.get(ProviderApplication, application.id).status == "submitted"
