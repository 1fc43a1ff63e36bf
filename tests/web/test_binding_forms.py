"""Every binding form, sent twice with the same one-time key (a double click, a slow connection
and a second press): one result, and the second time a normal page saying it was already saved."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.builders import a_feedback
from portal.db.models import (
    AccessibilityFeedback,
    AccessLogEntry,
    Client,
    Correction,
    Mandate,
    Message,
    Plan,
    PlanLine,
    ProviderApplication,
    ProviderChoice,
    ProviderOffering,
    ServiceEvent,
    ServiceType,
    Settlement,
    Submission,
    User,
)
from portal.demo_data import PASSWORD
from portal.domain.plans import month_start
from portal.services import provider_work
from portal.services.auth import hash_password
from tests.demo import choice_with_room
from tests.pages import Page

TODAY = date.today()
KEY = "one-form-sent-twice-0123456789"


def _count(db, model, *where):
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model).where(*where))


def _aino(db):
    return db.scalar(select(Client).where(Client.client_number == "A0000001"))


def _user(db, username):
    return db.scalar(select(User).where(User.username == username))


def _line(db, code):
    return db.scalar(select(PlanLine).join(Plan).join(ServiceType).where(
        Plan.client_id == _aino(db).id, Plan.status == "accepted", ServiceType.code == code))


def _own_choice(db):
    return choice_with_room(db, units=3)


def _recorded_event(db):
    provider = _user(db, "provider")
    event = provider_work.record(db, provider.provider_id, provider, _own_choice(db).id, TODAY, 2, TODAY).event
    db.commit()
    return event


def _pending_choice(db):
    choice = _own_choice(db)
    choice.status = "pending"
    db.commit()
    return choice


def _requested_mandate(db):
    holder = User(username="daughter", password_hash=hash_password(PASSWORD), role="relative", display_name="Daughter")
    db.add(holder)
    db.flush()
    mandate = Mandate(client_id=_aino(db).id, holder_user_id=holder.id, scope="view", status="requested",
                      valid_until=TODAY + timedelta(days=90), requested_by="holder")
    db.add(mandate)
    db.commit()
    return mandate


def _draft(db):
    aino = _aino(db)
    return db.scalar(select(Plan).where(Plan.client_id == aino.id, Plan.status.in_(("proposed", "draft"))))


def _as_draft(db):
    draft = _draft(db)
    draft.status = "draft"
    db.commit()
    return draft


def _pending_price(db):
    return db.scalar(select(ProviderOffering).where(ProviderOffering.approved_on.is_(None)))


def _submitted_application(db):
    user = User(username="applicant", password_hash=hash_password(PASSWORD), role="provider", display_name="Applicant")
    db.add(user)
    db.flush()
    application = ProviderApplication(
        user_id=user.id, status="submitted", company_name="Uusi Hoiva Oy", business_id="0112038-9", contact_person="Anna",
        phone="040 1", email="anna@example.fi", street="Katu 1", postal_code="65100", office_municipality_id=1,
        municipality_ids=[1], languages=["fi"], specialisms=[], prices={"meals": 950})
    db.add(application)
    db.commit()
    return application


TWO_MONTHS_AGO = month_start(month_start(month_start(TODAY) - timedelta(days=1)) - timedelta(days=1))

# (case, who, where the form is, where it posts, what it sends, what counts one result)
CASES = {
    "record a service": ("provider", lambda db: f"/provider/clients/{_own_choice(db).id}/record",
                         lambda db: {"service_date": TODAY.strftime("%d.%m.%Y"), "units": "1"},
                         lambda db: _count(db, ServiceEvent)),
    "correct a service": ("provider", lambda db: f"/provider/services/{_recorded_event(db).id}/correction",
                          lambda db: {"units": "1", "reason": "wrong_units", "note": ""},
                          lambda db: _count(db, Correction)),
    "accept a client": ("provider", lambda db: ("/provider/clients", f"/provider/clients/{_pending_choice(db).id}/decision"),
                        lambda db: {"decision": "accept", "reason": ""},
                        lambda db: _count(db, AccessLogEntry, AccessLogEntry.action == "provider_decision")),
    "propose a price": ("provider", lambda db: "/provider/prices",
                        lambda db: {"service_type": str(db.scalar(select(ServiceType.id).where(ServiceType.code == "meals"))),
                                    "price": "10,50", "valid_from": (TODAY + timedelta(days=10)).strftime("%d.%m.%Y")},
                        lambda db: _count(db, ProviderOffering)),
    "choose a provider": ("client", lambda db: f"/plan/lines/{_line(db, 'transport').id}/providers/{_eligible(db)}/choose",
                          lambda db: {}, lambda db: _count(db, ProviderChoice)),
    "send a message": ("client", lambda db: "/messages", lambda db: {"body": "Hei!"}, lambda db: _count(db, Message)),
    "rate a provider": ("client", lambda db: _rating_url(db), lambda db: {"score": "4", "comment": "Hyvä"},
                        lambda db: _count(db, AccessLogEntry, AccessLogEntry.action == "rate_provider")),
    "accept the plan": ("client", lambda db: "/plan/proposal", lambda db: {"decision": "accept", "plan": str(_draft(db).id)},
                        lambda db: _count(db, Plan, Plan.status == "superseded")),
    "give a mandate": ("client", lambda db: _relative_mandate_form(db),
                       lambda db: {"username": "helper", "scope": "view", "valid_until": f"1.1.{TODAY.year + 1}", "confirm": "yes"},
                       lambda db: _count(db, Mandate)),
    "confirm a mandate": ("client", lambda db: f"/mandates/{_requested_mandate(db).id}/decision",
                          lambda db: {"decision": "confirm"}, lambda db: _count(db, Mandate, Mandate.status == "active")),
    "ask for a mandate": ("relative", lambda db: "/my-mandates/request",
                          lambda db: {"client_number": "A0000004", "last_name": db.scalar(select(Client.last_name).where(
                              Client.client_number == "A0000004")), "scope": "view",
                              "valid_until": f"1.1.{TODAY.year + 1}", "confirm": "yes"},
                          lambda db: _count(db, Mandate)),
    "message a client": ("casemanager", lambda db: f"/case-manager/clients/{_aino(db).id}",
                         lambda db: {"body": "Hei Aino"}, lambda db: _count(db, Message), "/case-manager/clients/{id}/messages"),
    "add a service to a plan": ("casemanager", lambda db: f"/case-manager/plans/{_as_draft(db).id}",
                                lambda db: {"service_type": str(db.scalar(select(ServiceType.id).where(
                                    ServiceType.code == "day_activities"))), "weekday_units": "4"},
                                lambda db: _count(db, PlanLine), "/case-manager/plans/{id}/lines"),
    "propose a plan": ("casemanager", lambda db: f"/case-manager/plans/{_as_draft(db).id}", lambda db: {},
                       lambda db: _count(db, AccessLogEntry, AccessLogEntry.action == "propose_plan"),
                       "/case-manager/plans/{id}/propose"),
    "record a paper mandate": ("casemanager", lambda db: _paper_form(db),
                               lambda db: {"username": "helper", "scope": "view", "valid_until": f"1.1.{TODAY.year + 1}",
                                           "signed_on": TODAY.strftime("%d.%m.%Y")},
                               lambda db: _count(db, Mandate)),
    "settle a month": ("admin", lambda db: f"/admin/settlements?month={TWO_MONTHS_AGO:%Y-%m}", lambda db: {},
                       lambda db: _count(db, Settlement),  # past the clients' days to confirm its services
                       f"/admin/settlements/{{provider}}/{TWO_MONTHS_AGO.year}/{TWO_MONTHS_AGO.month}/paid"),
    "approve a price": ("admin", lambda db: "/admin/price-changes", lambda db: {"decision": "approve"},
                        lambda db: _count(db, ProviderOffering, ProviderOffering.approved_on.is_not(None)),
                        "/admin/price-changes/{offering}"),
    "decide an application": ("admin", lambda db: f"/admin/applications/{_submitted_application(db).id}",
                              lambda db: {"decision": "approve", "message": ""},
                              lambda db: _count(db, ProviderApplication, ProviderApplication.status == "approved")),
    "give feedback": ("client", lambda db: "/feedback", lambda db: {"kind": "other", "message": "Hei"},
                      lambda db: _count(db, AccessibilityFeedback)),
    "answer feedback": ("admin", lambda db: f"/admin/feedback/{_new_feedback(db).id}",
                        lambda db: {"status": "answered", "reply": "Kiitos palautteesta."},
                        lambda db: _count(db, AccessibilityFeedback, AccessibilityFeedback.status == "answered")),
}


def _new_feedback(db):
    feedback = a_feedback(db, "Taulukkoa on vaikea lukea.")
    db.commit()
    return feedback


def _eligible(db):
    from portal.services import providers

    line = _line(db, "transport")
    return providers.compare(db, line, providers.Filters(), TODAY).rows[0].provider.id


def _rating_url(db):
    line = _line(db, "home_care")
    choice = next(c for c in line.choices if c.status == "accepted")
    return f"/plan/lines/{line.id}/providers/{choice.provider_id}/rating"


def _helper(db):
    db.add(User(username="helper", password_hash=hash_password(PASSWORD), role="relative", display_name="Helper"))
    db.commit()


def _relative_mandate_form(db):
    _helper(db)
    return "/mandates/new"


def _paper_form(db):
    _helper(db)
    return f"/case-manager/clients/{_aino(db).id}/mandates"


def _post_url(db, form_url, case):
    if isinstance(form_url, tuple):
        return form_url[1]
    if len(case) < 5:
        return form_url.split("?")[0]
    template = case[4]
    return template.format(id=form_url.rstrip("/").split("/")[-1], provider=_user(db, "provider").provider_id,
                           offering=_pending_price(db).id if "{offering}" in template else "")


@pytest.mark.parametrize("name", list(CASES))
def test_the_same_form_sent_twice_makes_one_entry_and_a_normal_page(app, client, db, name):
    sent_twice(client, db, name, CASES[name])


def sent_twice(client, db, name, case):
    """One case of a CASES table sent twice with the same key (tests/web/test_binding_forms_agreements.py has more)."""
    who, form_url, values, count = case[:4]
    client.use_language("en")
    assert client.sign_in(who).status_code == 303
    url = form_url(db)
    page = client.get(url[0] if isinstance(url, tuple) else url)
    assert page.status_code == 200, url
    token = Page(page.get_data(as_text=True)).soup.select_one("input[name=csrf_token]")["value"]
    post_url = _post_url(db, url, case)
    data = {"csrf_token": token, "submission_key": KEY, **values(db)}
    before = count(db)
    first = client.post(post_url, data=data)
    assert first.status_code == 303, (name, first.get_data(as_text=True)[:3000])
    after_first = count(db)
    assert after_first == before + 1, name
    second = client.post(post_url, data=data)
    assert second.status_code == 303 and second.headers["Location"] == first.headers["Location"], name
    assert count(db) == after_first, f"{name}: the second press made another entry"
    shown = client.get(second.headers["Location"])
    assert shown.status_code == 200 and Page(shown.get_data(as_text=True)).announces("This was already saved")


def test_a_form_without_its_key_or_with_someone_elses_is_refused_with_a_sentence(client, db, app):
    client.use_language("en")
    client.sign_in("client")
    token = client.csrf_token("/messages")
    for key in ("", "short", "x" * 65, "bad key with spaces and more than twenty"):
        response = client.post("/messages", data={"csrf_token": token, "body": "Hei", "submission_key": key})
        assert response.status_code == 400 and "Your form had expired" in Page(response.get_data(as_text=True)).text()
    other = app.test_client()
    other.sign_in("casemanager")
    other.post(f"/case-manager/clients/{_aino(db).id}/messages",
               data={"csrf_token": other.csrf_token("/case-manager/clients"), "body": "Hei", "submission_key": KEY})
    response = client.post("/messages", data={"csrf_token": token, "body": "Hei", "submission_key": KEY})
    assert response.status_code == 400
    assert _count(db, Message, Message.body == "Hei") == 1


def test_a_refused_form_keeps_its_key_free_for_the_corrected_one(client, db):
    client.use_language("en")
    client.sign_in("provider")
    choice = _own_choice(db)
    url = f"/provider/clients/{choice.id}/record"
    token = client.csrf_token(url)
    wrong = client.post(url, data={"csrf_token": token, "submission_key": KEY, "service_date": "", "units": "1"})
    assert wrong.status_code == 200 and Page(wrong.get_data(as_text=True)).title().startswith("Error: ")
    assert _count(db, Submission, Submission.key == KEY) == 0
    right = client.post(url, data={"csrf_token": token, "submission_key": KEY, "service_date": TODAY.strftime("%d.%m.%Y"),
                                   "units": "1"})
    assert right.status_code == 303


@pytest.mark.parametrize("name", ["accept a client", "confirm a mandate", "approve a price"])
def test_the_same_decision_from_another_window_says_it_was_already_made(app, client, db, name):
    decided_twice(client, db, CASES[name])


def decided_twice(client, db, case):
    """Two windows, two keys: the second finds the decision made and says so on a normal page."""
    who, form_url, values = case[:3]
    client.use_language("en")
    client.sign_in(who)
    url = form_url(db)
    post_url = _post_url(db, url, case)
    token = client.csrf_token(url[0] if isinstance(url, tuple) else url)
    data = {"csrf_token": token, **values(db)}
    assert client.post(post_url, data=data).status_code == 303
    again = client.post(post_url, data=data)
    assert again.status_code == 303
    page = Page(client.get(again.headers["Location"]).get_data(as_text=True))
    assert page.announces("already") and page.announces("Nothing was changed")
