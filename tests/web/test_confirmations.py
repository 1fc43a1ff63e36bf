"""The pages of the client's confirmations: the client confirms all that the page showed or disputes a row
(a relative acting for them too), the provider sees its open disputes, the case manager resolves one, and the
settlement pages show the confirmations and the amount to pay."""

from datetime import date, timedelta

from sqlalchemy import func, select

from portal.db.models import AccessLogEntry, Mandate, ServiceDispute, ServiceEvent, User
from portal.domain.plans import iso_month, month_start
from portal.services import ledger, settlements
from tests.pages import Page

TODAY = date.today()
LAST_MONTH = month_start(month_start(TODAY) - timedelta(days=1))
PAGE = f"/services-to-confirm?month={iso_month(LAST_MONTH)}"


def _signed_in(app, username, language="en"):
    client = app.test_client()
    client.use_language(language)
    assert client.sign_in(username).status_code == 303
    return client


def _form_of(client, path):
    html = client.get(path).get_data(as_text=True)
    page = Page(html)
    return page, {field["name"]: field.get("value", "") for field in page.soup.select("form[method=post] input[type=hidden]")}


def test_the_client_confirms_what_the_page_showed_and_disputes_a_row(app, db):
    client = _signed_in(app, "client")
    page, hidden = _form_of(client, PAGE)
    assert page.h1() == "Services to confirm"
    assert "wait for confirmation" in page.text() and "count as confirmed" in page.text()
    aino = db.scalar(select(User).where(User.username == "client")).client_id
    waiting = db.scalars(select(ServiceEvent.id).join(ServiceEvent.voucher).where(
        ServiceEvent.voucher.has(client_id=aino), ServiceEvent.service_date >= LAST_MONTH,
        ServiceEvent.service_date < month_start(TODAY), ServiceEvent.confirmed_at.is_(None),
        ~ServiceEvent.dispute.has())).all()
    assert int(hidden["up_to"]) == max(waiting)

    to_dispute = next(href for name, href in page.links() if name.startswith("Dispute"))
    form_page = client.get(to_dispute)
    token = Page(form_page.get_data(as_text=True)).soup.select_one("input[name=csrf_token]")["value"]
    refused = client.post(to_dispute, data={"csrf_token": token, "reason": "other", "note": ""})
    assert refused.status_code == 200 and "Tell what is wrong" in Page(refused.get_data(as_text=True)).text()
    disputed = client.post(to_dispute, data={"csrf_token": token, "reason": "not_delivered", "note": ""})
    assert disputed.status_code == 303

    confirmed = client.post("/services-to-confirm", data=hidden)
    assert confirmed.status_code == 303
    assert db.scalar(select(func.count()).select_from(ServiceEvent).where(ServiceEvent.id.in_(waiting),
                                                                           ServiceEvent.confirmed_at.is_not(None))) \
        == len(waiting) - 1
    assert ledger.discrepancies(db) == []
    logged = db.scalars(select(AccessLogEntry.action).where(AccessLogEntry.client_id == aino)).all()
    assert {"view_services_to_confirm", "confirm_services", "dispute_service"} <= set(logged)


def test_a_relative_acting_for_the_client_disputes_and_confirms_in_the_clients_name(app, db):
    relative = app.test_client()
    relative.use_language("en")
    assert relative.sign_in("relative").status_code == 303
    aino = db.scalar(select(User).where(User.username == "client")).client_id
    mandate = db.scalar(select(Mandate).where(Mandate.client_id == aino, Mandate.status == "active"))
    assert relative.post("/act-for", data={"csrf_token": relative.csrf_token("/act-for"),
                                          "whom": str(mandate.id)}).status_code == 303
    page, hidden = _form_of(relative, PAGE)
    assert "Aino Virtanen" in page.text()
    to_dispute = next(href for name, href in page.links() if name.startswith("Dispute"))
    token = Page(relative.get(to_dispute).get_data(as_text=True)).soup.select_one("input[name=csrf_token]")["value"]
    assert relative.post(to_dispute, data={"csrf_token": token, "reason": "wrong_units",
                                           "note": "Käynti kesti tunnin."}).status_code == 303
    event_id = int(to_dispute.split("/")[-2])
    dispute = db.scalar(select(ServiceDispute).where(ServiceDispute.service_event_id == event_id))
    relative_id = db.scalar(select(User.id).where(User.username == "relative"))
    assert (dispute.party, dispute.disputed_by_user_id) == ("relative", relative_id)
    assert relative.post("/services-to-confirm", data=hidden).status_code == 303
    assert db.scalar(select(func.count()).select_from(ServiceEvent).where(
        ServiceEvent.confirmed_by_user_id == relative_id)) > 0
    assert ledger.discrepancies(db) == []


def test_another_clients_service_cannot_be_disputed(app, db):
    client = _signed_in(app, "client")
    aino = db.scalar(select(User).where(User.username == "client")).client_id
    other = db.scalar(select(ServiceEvent.id).where(~ServiceEvent.voucher.has(client_id=aino)))
    assert client.get(f"/services-to-confirm/{other}/dispute").status_code == 404


def test_the_provider_sees_its_open_disputes_and_the_case_manager_resolves_one(app, db):
    provider = _signed_in(app, "provider")
    page = Page(provider.get("/provider/disputes").get_data(as_text=True))
    assert page.h1() == "Open disputes" and "Hoitaja oli paikalla vain puoli tuntia." in page.text()
    services = Page(provider.get(f"/provider/services?month={iso_month(LAST_MONTH)}").get_data(as_text=True))
    assert "Disputed: " in services.text()
    dispute = db.scalar(select(ServiceDispute).where(ServiceDispute.resolved_at.is_(None)))
    manager = _signed_in(app, "casemanager")
    path = f"/case-manager/clients/{dispute.client_id}/disputes/{dispute.id}"
    listed = Page(manager.get(f"/case-manager/clients/{dispute.client_id}/disputes").get_data(as_text=True))
    assert [href for name, href in listed.links() if name.startswith("Resolve")] == [path]
    token = Page(manager.get(path).get_data(as_text=True)).soup.select_one("input[name=csrf_token]")["value"]
    refused = manager.post(path, data={"csrf_token": token, "resolution": "credited", "units": "", "note": ""})
    assert refused.status_code == 200 and "Enter the units to credit back" in Page(refused.get_data(as_text=True)).text()
    resolved = manager.post(path, data={"csrf_token": token, "resolution": "stands", "note": "Käynti tehtiin."})
    assert resolved.status_code == 303
    db.refresh(dispute)
    assert dispute.resolution == "stands"
    assert manager.get(f"/case-manager/clients/{dispute.client_id + 10_000}/disputes").status_code == 404
    assert ledger.discrepancies(db) == []


def test_the_settlement_pages_show_the_confirmations_and_the_amount_to_pay(app, db):
    provider = _signed_in(app, "provider")
    dispute = db.scalar(select(ServiceDispute).where(ServiceDispute.resolved_at.is_(None)))
    total = settlements.month_total(db, dispute.provider_id, LAST_MONTH)
    page = Page(provider.get(f"/provider/settlements?month={iso_month(LAST_MONTH)}").get_data(as_text=True))
    summary = page.summary()
    assert summary["Disputed, held out of the payment"].startswith(f"{total.confirmed.held_events} services")
    assert "can be settled from" in page.text()
    admin = _signed_in(app, "admin")
    county = Page(admin.get(f"/admin/settlements?month={iso_month(LAST_MONTH)}").get_data(as_text=True))
    assert "Open: can be settled from" in county.text() and "disputed 1" in county.text()
    csv = admin.get(f"/admin/settlements/{dispute.provider_id}/{LAST_MONTH.year}/{LAST_MONTH.month}.csv")
    assert "Disputed, held out of the payment" in csv.get_data(as_text=True)
