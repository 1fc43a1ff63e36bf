"""Providers' quality information: the provider sends it, only the county's staff approve it, and clients compare
only what was approved, with the county's supervision findings, in a fixed number of queries."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import event, select

from portal.db.models import Plan, PlanLine, Provider, ProviderOffice, ProviderQuality, SupervisionFinding, User
from portal.domain.quality import QualityStatus
from portal.domain.service_types import ServiceKind
from tests.pages import Page

TODAY = date.today()


def _provider_id(db, username="provider") -> int:
    return db.scalar(select(User.provider_id).where(User.username == username))


def _waiting(db) -> ProviderQuality:
    return db.scalar(select(ProviderQuality).where(ProviderQuality.provider_id == _provider_id(db),
                                                   ProviderQuality.status == QualityStatus.SUBMITTED))


def _form(client, path) -> dict:
    """The form's fields as the page fills them."""
    page = Page(client.get(path).get_data(as_text=True)).soup
    values = {}
    for control in page.select("form[method=post] input, form[method=post] textarea"):
        name, kind = control.get("name"), control.get("type")
        if kind in ("radio", "checkbox"):
            if control.has_attr("checked"):
                values.setdefault(name, []).append(control["value"])
        elif control.name == "textarea":
            values[name] = control.get_text().strip()
        else:
            values[name] = control.get("value", "")
    values.pop("submission_key", None)
    return values


@pytest.fixture()
def provider(client):
    client.use_language("en")
    client.sign_in("provider")
    return client


@pytest.fixture()
def admin(client):
    client.use_language("en")
    client.sign_in("admin")
    return client


def test_the_provider_sees_its_figures_waiting_and_is_told_what_is_wrong(provider, db):
    html = provider.get("/provider/quality").get_data(as_text=True)
    assert "Waiting for the county's approval" in html
    values = _form(provider, "/provider/quality") | {
        "continuity_percent": "150", "founded_year": "1700", "complaints-0-year": str(TODAY.year - 1),
        "complaints-0-received": "2", "complaints-0-upheld": "3", "complaints-1-year": "", "complaints-1-received": "4",
        "staff_count": "kaksi"}
    response = provider.post("/provider/quality", data=values)
    page = Page(response.get_data(as_text=True))
    assert response.status_code == 200
    for message in ["Enter a share from 0 to 100.", "Enter a year from 1800 to this year.",
                    "Complaints upheld cannot be more than the complaints received.",
                    "Enter the year of these complaints.", "Enter a whole number"]:
        assert message in page.text(), message
    assert page.soup.select_one("[data-error-summary] a[href='#complaints-0-upheld']")
    db.expire_all()
    assert _waiting(db).continuity_percent == 84  # nothing was saved
    values |= {"continuity_percent": "91", "founded_year": "1998", "complaints-0-upheld": "1",
               "complaints-1-received": "", "staff_count": "40"}
    response = provider.post("/provider/quality", data=values)
    assert response.status_code == 303
    db.expire_all()
    waiting = _waiting(db)
    assert (waiting.continuity_percent, waiting.staff_count) == (91, 40)
    assert waiting.complaints == [{"year": TODAY.year - 1, "received": 2, "upheld": 1}]
    assert db.scalar(select(ProviderQuality.id).where(ProviderQuality.provider_id == _provider_id(db),
                                                      ProviderQuality.status == QualityStatus.SUBMITTED,
                                                      ProviderQuality.id != waiting.id)) is None


def test_a_provider_cannot_tell_of_another_providers_office(provider, db):
    own = _provider_id(db)
    other = db.scalar(select(ProviderOffice).where(ProviderOffice.provider_id != own).order_by(ProviderOffice.id))
    before = (other.step_free_entrance, other.parking)
    values = _form(provider, "/provider/quality") | {"offices-0-office_id": str(other.id),
                                                     "offices-0-step_free_entrance": "no", "offices-0-parking": "no"}
    response = provider.post("/provider/quality", data=values)
    assert response.status_code == 200
    assert "The form named an office that is not yours." in Page(response.get_data(as_text=True)).text()
    db.expire_all()
    assert all(office["office_id"] != other.id for office in _waiting(db).offices)
    assert (db.get(ProviderOffice, other.id).step_free_entrance, db.get(ProviderOffice, other.id).parking) == before


@pytest.mark.parametrize("username", ["provider", "client", "casemanager"])
def test_only_the_countys_staff_approve(client, db, username):
    waiting = _waiting(db)
    client.sign_in(username)
    assert client.get("/admin/quality").status_code in (302, 303, 403, 404)
    token = client.csrf_token("/account/password")
    response = client.post(f"/admin/quality/{waiting.id}", data={"csrf_token": token, "decision": "approve"})
    assert response.status_code in (302, 303, 403, 404)
    db.expire_all()
    assert db.get(ProviderQuality, waiting.id).status == QualityStatus.SUBMITTED


def test_the_county_approves_and_the_offices_accessibility_goes_with_it(admin, db):
    waiting = _waiting(db)
    office = db.scalar(select(ProviderOffice).where(ProviderOffice.provider_id == waiting.provider_id))
    db.execute(ProviderOffice.__table__.update().where(ProviderOffice.id == office.id).values(parking=False))
    db.commit()
    page = Page(admin.get("/admin/quality").get_data(as_text=True))
    assert f"/admin/quality/{waiting.id}" in [href for _name, href in page.links()]
    review = Page(admin.get(f"/admin/quality/{waiting.id}").get_data(as_text=True)).text()
    assert "84%" in review and "62%" in review  # the version sent beside the one approved
    token = admin.csrf_token(f"/admin/quality/{waiting.id}")
    response = admin.post(f"/admin/quality/{waiting.id}", data={"csrf_token": token, "decision": "return"})
    assert "Write to the provider what to correct" in response.get_data(as_text=True)
    response = admin.post(f"/admin/quality/{waiting.id}", data={"csrf_token": token, "decision": "approve"})
    assert response.status_code == 303
    db.expire_all()
    assert db.get(ProviderQuality, waiting.id).status == QualityStatus.APPROVED
    assert db.get(ProviderOffice, office.id).parking is True
    again = admin.post(f"/admin/quality/{waiting.id}", data={"csrf_token": token, "decision": "return",
                                                             "message": "Korjaa"})
    assert "already been decided" in admin.get(again.location).get_data(as_text=True)
    assert db.get(ProviderQuality, waiting.id).status == QualityStatus.APPROVED


def test_a_returned_version_tells_the_provider_why(client, db):
    waiting = _waiting(db)
    client.use_language("en")
    client.sign_in("admin")
    token = client.csrf_token(f"/admin/quality/{waiting.id}")
    client.post(f"/admin/quality/{waiting.id}", data={"csrf_token": token, "decision": "return",
                                                      "message": "The staff count seems to include the office."})
    client.post("/sign-out", data={"csrf_token": client.csrf_token("/admin/quality")})
    client.sign_in("provider")
    text = Page(client.get("/provider/quality").get_data(as_text=True)).text()
    assert "The county returned your information" in text
    assert "The staff count seems to include the office." in text


def _aino_home_care(db) -> PlanLine:
    aino = db.scalar(select(User.client_id).where(User.username == "client"))
    return db.scalar(select(PlanLine).join(Plan).join(PlanLine.service_type)
                     .where(Plan.client_id == aino, Plan.status == "accepted")
                     .where(PlanLine.service_type.has(code=ServiceKind.HOME_CARE.value)))


def _compared(client, db, count: int) -> tuple[str, list[int]]:
    line = _aino_home_care(db)
    page = Page(client.get(f"/plan/lines/{line.id}/providers").get_data(as_text=True))
    ids = list(dict.fromkeys(int(found) for _name, href in page.links()
                             for found in re.findall(rf"/plan/lines/{line.id}/providers/(\d+)$", href)))
    own = _provider_id(db)
    chosen = ([own] if own in ids else []) + [each for each in ids if each != own]
    query = "&".join(f"provider={each}" for each in chosen[:count])
    return f"/plan/lines/{line.id}/compare?{query}", chosen[:count]


def test_clients_compare_only_approved_figures_with_the_findings(signed_in_client, db):
    signed_in_client.use_language("en")
    path, ids = _compared(signed_in_client, db, 3)
    own = _provider_id(db)
    assert own in ids, "the demo provider is approved for Aino's home care"
    text = Page(signed_in_client.get(path).get_data(as_text=True)).text()
    assert "62%" in text and "8 people" in text  # approved
    assert "84%" not in text and "31 people" not in text  # waiting for the county: never shown
    assert "a supervision visit found nothing to remark on" in text
    db.add(SupervisionFinding(provider_id=own, found_on=TODAY - timedelta(days=4 * 365), kind="order",
                              summary_fi="Vanha määräys", put_right_by=TODAY - timedelta(days=1000)))
    db.commit()
    assert "Vanha määräys" not in signed_in_client.get(path).get_data(as_text=True)  # older than three years
    page = signed_in_client.get(f"/plan/lines/{_aino_home_care(db).id}/providers/{own}").get_data(as_text=True)
    assert "62%" in page and "84%" not in page


def test_the_comparison_reads_quality_in_the_same_queries_for_two_or_three(signed_in_client, app, db):
    counts = []
    for count in (2, 3):
        path, _ids = _compared(signed_in_client, db, count)
        statements = []
        engines = {app.extensions["db_engine"], app.extensions["db_request_engine"]}

        def keep(_conn, _cursor, statement, *_rest):
            statements.append(statement)
        for engine in engines:
            event.listen(engine, "before_cursor_execute", keep)
        try:
            assert signed_in_client.get(path).status_code == 200
        finally:
            for engine in engines:
                event.remove(engine, "before_cursor_execute", keep)
        counts.append(len([each for each in statements if each.lstrip().upper().startswith("SELECT")]))
    assert counts[0] == counts[1], counts


def test_the_county_records_a_supervision_finding(admin, db):
    provider = db.scalar(select(Provider).order_by(Provider.id))
    path = f"/admin/providers/{provider.id}/findings"
    token = admin.csrf_token(path)
    response = admin.post(path, data={"csrf_token": token, "kind": "order", "found_on": "1.2.2026",
                                      "summary_fi": "Lääkehoitosuunnitelma puuttui."})
    assert "Enter the date by which the order must be put right." in response.get_data(as_text=True)
    response = admin.post(path, data={"csrf_token": token, "kind": "remark", "found_on": "31.2.2026"})
    assert "Enter the date as day.month.year" in response.get_data(as_text=True)
    found = (TODAY - timedelta(days=10))
    response = admin.post(path, data={"csrf_token": token, "kind": "order", "found_on": f"{found:%d.%m.%Y}",
                                      "put_right_by": f"{TODAY + timedelta(days=30):%d.%m.%Y}",
                                      "summary_fi": "Lääkehoitosuunnitelma puuttui."})
    assert response.status_code == 303
    assert "Lääkehoitosuunnitelma puuttui." in admin.get(path).get_data(as_text=True)
    assert admin.get("/admin/providers/999999/findings").status_code == 404
