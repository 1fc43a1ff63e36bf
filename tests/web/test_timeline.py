"""The timeline of a client plan: the client, a relative acting for them and the case manager read what happened
to the plan and its services, in order and with dates, and what is still to come; nobody else reads it."""

from datetime import date, timedelta

import pytest
from babel.dates import format_date
from sqlalchemy import func, select

from portal.db.models import (
    AccessLogEntry,
    CaseManager,
    Client,
    Mandate,
    Plan,
    PlanLine,
    Provider,
    ProviderMonth,
    ProviderChoice,
    ServiceEvent,
    ServiceType,
    User,
)
from portal.builders import a_choice
from portal.demo_data import PASSWORD
from portal.domain.plans import month_start, next_month
from portal.domain.settlement import can_settle
from portal.domain.providers import ChoiceStatus, Chooser
from portal.services import settlements
from portal.services.auth import hash_password
from portal.services.timeline import timeline_of
from tests.pages import Page
from tests.queries import queries_sent

TODAY = date.today()


def _en(day: date) -> str:
    """A date as the English pages write it: 3 Nov 2026."""
    return format_date(day, "d MMM yyyy", locale="en_GB")


def _aino(db) -> Client:
    return db.scalar(select(Client).where(Client.client_number == "A0000001"))


def _line(db, code: str) -> PlanLine:
    return db.scalar(select(PlanLine).join(Plan).join(ServiceType)
                     .where(Plan.client_id == _aino(db).id, Plan.status == "accepted", ServiceType.code == code))


def _steps(page: Page, heading: str) -> list[tuple[str, str]]:
    """The (date as the machine reads it, the words) of each step of the list under this heading."""
    lists = [ol for ol in page.soup.find_all("ol") if ol.get("aria-labelledby")
             and " ".join(page.soup.find(id=ol["aria-labelledby"]).get_text().split()) == heading]
    assert len(lists) == 1, f"one list under {heading!r}: {page.headings(2)}"
    return [(li.time["datetime"], " ".join(li.get_text(" ").split())) for li in lists[0].find_all("li")]


def _in_order(steps: list[tuple[str, str]]) -> bool:
    return [day for day, _words in steps] == sorted(day for day, _words in steps)


def _as_relative(client, db):
    client.sign_in("relative")
    mandate = db.scalar(select(Mandate).where(Mandate.client_id == _aino(db).id, Mandate.status == "active"))
    client.post("/act-for", data={"csrf_token": client.csrf_token("/act-for"), "whom": str(mandate.id)})
    return client


def _other_case_manager(client, db):
    other = db.scalar(select(CaseManager).where(CaseManager.id != _aino(db).case_manager_id))
    db.add(User(username="othercm", password_hash=hash_password(PASSWORD), role="case_manager",
                display_name="Other", case_manager_id=other.id))
    db.commit()
    client.sign_in("othercm")
    return client


def _log_after(db, before: int) -> list[tuple[str, int, bool]]:
    db.expire_all()
    return [(entry.action, entry.client_id, entry.mandate_id is not None) for entry in
            db.scalars(select(AccessLogEntry).where(AccessLogEntry.id > before).order_by(AccessLogEntry.id))]


def _last_log_id(db) -> int:
    return db.scalar(select(func.max(AccessLogEntry.id))) or 0


def test_the_client_reads_the_plans_steps_in_order_with_dates(signed_in_client, db):
    signed_in_client.use_language("en")
    page = Page(signed_in_client.get("/plan/timeline").get_data(as_text=True))
    assert page.h1() == "Timeline of your client plan" and page.title().startswith("Timeline of your client plan")
    happened, upcoming = _steps(page, "What has happened"), _steps(page, "What is still to come")
    assert _in_order(happened) and _in_order(upcoming) and max(happened)[0] <= TODAY.isoformat() <= min(upcoming)[0]
    words = [text for _day, text in happened]
    in_force = db.scalar(select(Plan).where(Plan.client_id == _aino(db).id, Plan.status == "accepted"))
    switched = db.scalar(select(ProviderChoice).join(Provider).where(
        ProviderChoice.plan_line_id == _line(db, "home_care").id, Provider.name == "Aurinko Kotiapu Oy"))
    story = [f"Version {in_force.version} of the client plan was accepted.",
             f"Aurinko Kotiapu Oy was chosen as the provider of home care from {_en(switched.valid_from)}.",
             "Aurinko Kotiapu Oy confirmed it will provide home care.",
             "Aurinko Kotiapu Oy started home care.",
             # her home help changes provider next month: the new one's terms wait for her answer
             f"Vaasan Kotipalvelu Oy was chosen as the provider of home help and cleaning from {_en(next_month(TODAY))}.",
             f"The case manager proposed version {in_force.version + 1} of the client plan.",
             "Vaasan Kotipalvelu Oy confirmed it will provide home help and cleaning.",
             "Vaasan Kotipalvelu Oy proposed a service agreement for home help and cleaning."]
    found = [next(i for i, text in enumerate(words) if text.endswith(sentence)) for sentence in story]
    assert found == sorted(found), words
    assert sum("was chosen as the provider of home care" in text for text in words) == 2  # the switch
    assert not any("version 1 " in text or "Version 1 " in text for text in words)  # last year's plan is its own story
    assert not any("transport" in text for text in words)  # no provider chosen for it yet
    ending = db.scalar(select(ProviderChoice).where(ProviderChoice.plan_line_id == _line(db, "home_help").id,
                                                    ProviderChoice.valid_to.is_not(None)))
    assert ending.valid_to == next_month(TODAY) - timedelta(days=1)
    assert upcoming == [(ending.valid_to.isoformat(), f"{_en(ending.valid_to)} The service agreement for home help and "
                                                      f"cleaning with {ending.provider.name} ends."),
                        (in_force.review_date.isoformat(),
                         f"{_en(in_force.review_date)} The client plan is due to be reviewed.")]
    assert ("Timeline", "/plan/timeline") in page.links()
    assert page.soup.find("a", href="/plan/timeline", attrs={"aria-current": "page"})


def test_finnish_sentences_name_the_service_in_its_own_case(signed_in_client):
    page = Page(signed_in_client.get("/plan/timeline").get_data(as_text=True))
    assert page.h1() == "Asiakassuunnitelmasi aikajana"
    words = " ".join(text for _day, text in _steps(page, "Mitä on tapahtunut"))
    assert "Kotihoidon palveluntuottajaksi valittiin Aurinko Kotiapu Oy" in words
    assert "Aurinko Kotiapu Oy vahvisti tuottavansa kotihoidon." in words
    assert "Aurinko Kotiapu Oy aloitti kotihoidon." in words
    ends, review = [text for _day, text in _steps(page, "Mitä on vielä tulossa")]
    assert "Kotipalvelun ja siivouksen palvelusopimus palveluntuottajan " in ends and ends.endswith(" kanssa päättyy.")
    assert review.endswith("Asiakassuunnitelma on määrä tarkistaa.")


def test_the_plan_and_the_overview_lead_to_it(signed_in_client):
    signed_in_client.use_language("en")
    for path in ("/plan", "/overview"):
        page = Page(signed_in_client.get(path).get_data(as_text=True))
        assert page.link("See the timeline of the plan")["href"] == "/plan/timeline", path


def test_a_paid_settlement_and_a_declined_choice_with_its_reason(signed_in_client, db):
    aino, home_care = _aino(db), _line(db, "home_care")
    served, provider_id = db.execute(  # the first month served, long past its days to confirm
        select(ServiceEvent.service_date, ServiceEvent.provider_id).where(ServiceEvent.voucher_id == home_care.voucher_id)
        .order_by(ServiceEvent.service_date).limit(1)).one()
    aurinko = db.get(Provider, provider_id)
    admin = db.scalar(select(User).where(User.username == "admin"))
    settlements.settle(db, aurinko.id, month_start(served), admin, TODAY)
    transport = _line(db, "transport")
    kotirinne = db.scalar(select(Provider).where(Provider.name == "Kotirinne Oy"))
    a_choice(db, transport, kotirinne, TODAY + timedelta(days=3), status=ChoiceStatus.DECLINED,
             chosen_on=TODAY - timedelta(days=2), reason="We have no driver free on weekdays.", chosen_by=Chooser.CLIENT)
    db.commit()
    signed_in_client.use_language("en")
    page = Page(signed_in_client.get("/plan/timeline").get_data(as_text=True))
    steps = _steps(page, "What has happened")
    month = format_date(month_start(served), "LLLL yyyy", locale="en_GB")
    assert (TODAY.isoformat(), f"{_en(TODAY)} The settlement for home care ({month}) was paid to {aurinko.name}.") in steps
    declined = [text for day, text in steps if "Kotirinne" in text]
    assert declined == [
        f"{_en(TODAY - timedelta(days=2))} Kotirinne Oy was chosen as the provider of the transport service "
        f"from {_en(TODAY + timedelta(days=3))}.",
        f"{_en(TODAY - timedelta(days=1))} Kotirinne Oy declined to provide the transport service. "
        "Reason given: We have no driver free on weekdays."]
    assert _in_order(steps)


def test_a_relative_acting_reads_the_clients_name_never_your(client, db):
    client.use_language("en")
    _as_relative(client, db)
    before = _last_log_id(db)
    page = Page(client.get("/plan/timeline").get_data(as_text=True))
    assert page.h1() == "Timeline of Aino Virtanen's client plan"
    main = " ".join(page.soup.find("main").get_text(" ").split())
    assert "Aino Virtanen" in main and "your" not in main.lower()
    assert any("Aurinko Kotiapu Oy confirmed it will provide home care." in text
               for _day, text in _steps(page, "What has happened"))
    assert _log_after(db, before) == [("view_timeline", _aino(db).id, True)]  # once, with the mandate
    assert ("Timeline", "/plan/timeline") in page.links()


def test_the_relative_and_the_case_manager_read_what_the_client_reads(app, db):
    readers = {}
    for who in ("client", "relative", "casemanager"):
        reader = app.test_client()
        reader.use_language("sv")
        if who == "relative":
            _as_relative(reader, db)
            path = "/plan/timeline"
        else:
            reader.sign_in(who)
            path = f"/case-manager/clients/{_aino(db).id}/timeline" if who == "casemanager" else "/plan/timeline"
        page = Page(reader.get(path).get_data(as_text=True))
        readers[who] = (_steps(page, "Vad som har hänt"), _steps(page, "Vad som ännu är på kommande"))
    assert readers["client"] == readers["relative"] == readers["casemanager"]
    assert any("Som serviceproducent för hemvården valdes Aurinko Kotiapu Oy" in text
               for _day, text in readers["client"][0])


def test_the_case_manager_opens_it_from_the_client_page_and_the_read_is_logged_once(client, db):
    client.use_language("en")
    client.sign_in("casemanager")
    aino = _aino(db)
    client_page = Page(client.get(f"/case-manager/clients/{aino.id}").get_data(as_text=True))
    path = client_page.link("See the timeline of the plan")["href"]
    assert path == f"/case-manager/clients/{aino.id}/timeline"
    before = _last_log_id(db)
    page = Page(client.get(path).get_data(as_text=True))
    assert page.h1() == "Timeline of Aino Virtanen's client plan"
    assert page.link("Back to the client")["href"] == f"/case-manager/clients/{aino.id}"
    assert _in_order(_steps(page, "What has happened"))
    assert page.soup.find("a", href="/case-manager/clients", attrs={"aria-current": "page"})
    assert _log_after(db, before) == [("view_timeline", aino.id, False)]


def test_another_case_managers_client_is_not_found(client, db):
    _other_case_manager(client, db)
    before = _last_log_id(db)
    response = client.get(f"/case-manager/clients/{_aino(db).id}/timeline")
    assert response.status_code == 404 and "Aino" not in response.get_data(as_text=True)
    assert client.get("/case-manager/clients/999999999/timeline").status_code == 404
    assert _log_after(db, before) == []


@pytest.mark.parametrize("who", ["stranger", "provider", "admin"])
def test_nobody_without_a_mandate_reads_it(client, db, who):
    if who == "stranger":
        db.add(User(username="stranger", password_hash=hash_password(PASSWORD), role="relative",
                    display_name="Stranger"))
        db.commit()
    client.sign_in(who)
    before = _last_log_id(db)
    for path in ("/plan/timeline", f"/case-manager/clients/{_aino(db).id}/timeline"):
        response = client.get(path)
        assert response.status_code == 403, (who, path)
        assert "Aino" not in response.get_data(as_text=True)
    assert _log_after(db, before) == []


def test_signing_in_comes_first(client):
    for path in ("/plan/timeline", "/case-manager/clients/1/timeline"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


def test_a_client_without_a_plan_reads_that_nothing_has_happened_yet(client, db):
    other = db.scalar(select(Client).where(Client.id != _aino(db).id).order_by(Client.id))
    db.add(Client(client_number="A0009999", first_name="Uusi", last_name="Asiakas", language="fi",
                  municipality_id=other.municipality_id, case_manager_id=other.case_manager_id))
    db.flush()
    newcomer = db.scalar(select(Client).where(Client.client_number == "A0009999"))
    db.add(User(username="newcomer", password_hash=hash_password(PASSWORD), role="client", display_name="Uusi",
                client_id=newcomer.id))
    db.commit()
    client.use_language("en")
    client.sign_in("newcomer")
    page = Page(client.get("/plan/timeline").get_data(as_text=True))
    assert "Nothing has happened to the client plan yet." in page.text()
    assert not page.soup.select("ol.timeline")


def test_the_number_of_queries_does_not_grow_with_the_plan(db):
    """Read with a bounded number of queries: more choices, services and paid months add none."""
    aino, home_care = _aino(db), _line(db, "home_care")

    def queries() -> int:
        return queries_sent(db, lambda: timeline_of(db, aino.id, TODAY))

    before = queries()
    admin = db.scalar(select(User).where(User.username == "admin"))
    for provider_id in set(db.scalars(select(ServiceEvent.provider_id).where(
            ServiceEvent.voucher_id == home_care.voucher_id))):
        first = db.scalar(select(func.min(ServiceEvent.service_date)).where(
            ServiceEvent.voucher_id == home_care.voucher_id, ServiceEvent.provider_id == provider_id))
        if can_settle(month_start(first), TODAY, db.scalar(select(ProviderMonth.last_recorded_on).where(
                ProviderMonth.provider_id == provider_id, ProviderMonth.month == month_start(first)))):
            settlements.settle(db, provider_id, month_start(first), admin, TODAY)
    for code, name in (("transport", "Kotirinne Oy"), ("meals", "Kotirinne Oy")):
        a_choice(db, _line(db, code), db.scalar(select(Provider).where(Provider.name == name)),
                 TODAY + timedelta(days=20), status=ChoiceStatus.PENDING)
    db.flush()
    assert queries() == before <= 7  # the agreements and their steps are one
