"""Mandates: the access matrix over every client-data route, the access log, and the flows."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import url_for
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from portal.db.models import (AccessLogEntry, AppendOnlyError, Client, Decision, Mandate, Plan, PlanLine, ProviderChoice,
                              ServiceEvent, ServiceType, User)
from portal.demo_data import PASSWORD
from portal.services.auth import hash_password
from portal.web.acting import ACTING_FOR
from tests.pages import Page

TODAY = date.today()


def _aino(db):
    return db.scalar(select(Client).where(Client.client_number == "A0000001"))


def _examples(db):
    """A value for every URL parameter a client-data route can take."""
    aino = _aino(db)
    line = db.scalar(
        select(PlanLine).join(Plan).join(ServiceType)
        .where(Plan.client_id == aino.id, Plan.status == "accepted", ServiceType.code == "home_care")
    )
    provider_id = db.scalar(
        # The previous provider: it has delivered (so it can be rated) and can be chosen again.
        select(ProviderChoice.provider_id).where(ProviderChoice.plan_line_id == line.id, ProviderChoice.valid_to.is_not(None))
    )
    old_plan = db.scalar(select(Plan.id).where(Plan.client_id == aino.id, Plan.status == "superseded"))
    mandate_id = db.scalar(select(Mandate.id).where(Mandate.client_id == aino.id, Mandate.status == "active"))
    decision_id = db.scalar(select(Decision.id).where(Decision.client_id == aino.id).order_by(Decision.id.desc()).limit(1))
    choice_id = db.scalar(  # the provider in force, whose agreement runs
        select(ProviderChoice.id).where(ProviderChoice.plan_line_id == line.id, ProviderChoice.valid_to.is_(None)))
    event_id = db.scalar(select(ServiceEvent.id).where(ServiceEvent.voucher_id == line.voucher_id).limit(1))
    return {"line_id": line.id, "provider_id": provider_id, "plan_id": old_plan, "mandate_id": mandate_id,
            "decision_id": decision_id, "choice_id": choice_id, "event_id": event_id}


def _routes(app, access):
    """(endpoint, rule, methods) of every route whose view is marked with this access."""
    return [
        (rule.endpoint, rule, rule.methods - {"HEAD", "OPTIONS"})
        for rule in app.url_map.iter_rules()
        if getattr(app.view_functions[rule.endpoint], "access", None) == access
    ]


def _url(app, rule, examples):
    with app.test_request_context():
        return url_for(rule.endpoint, **{name: examples[name] for name in rule.arguments})


def _holder(db, username, scope=None, status="active", valid_until=None, client=None, source="portal"):
    user = User(username=username, password_hash=hash_password(PASSWORD), role="relative", display_name=f"{username} Holder")
    db.add(user)
    db.flush()
    if scope:
        db.add(Mandate(client_id=client.id, holder_user_id=user.id, scope=scope, status=status, source=source,
                       valid_until=valid_until or TODAY + timedelta(days=90),
                       requested_by="register" if source == "suomi_fi" else "client"))
    db.commit()
    return user


def _act_for(client, aino):
    """What a tampered or stale session would hold: the client's id as the one acted for."""
    with client.session_transaction() as session:
        session[ACTING_FOR] = aino.id


def test_every_client_blueprint_route_checks_whose_data_it_is(app):
    unprotected = [
        rule.rule for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("client.")
        and getattr(app.view_functions[rule.endpoint], "access", None) not in ("client_data", "own_client_data")
    ]
    assert not unprotected, f"client routes without client_data or own_client_data: {unprotected}"


def test_the_matrix_knows_every_parameter(app, db):
    examples = _examples(db)
    for _endpoint, rule, _methods in _routes(app, "client_data") + _routes(app, "own_client_data"):
        missing = set(rule.arguments) - set(examples)
        assert not missing, f"{rule.rule}: add an example for {missing} to the access matrix"


@pytest.mark.parametrize(
    "case",
    ["no mandate", "expired mandate", "revoked mandate", "requested, not confirmed", "mandate for someone else",
     "register mandate ended"],
)
def test_without_a_valid_mandate_no_client_route_shows_anything(app, client, db, case):
    aino, examples = _aino(db), _examples(db)
    other = db.scalar(select(Client).where(Client.id != aino.id))
    holder = {
        "no mandate": lambda: _holder(db, "stranger"),
        "expired mandate": lambda: _holder(db, "expired", "act", valid_until=TODAY - timedelta(days=1), client=aino),
        "revoked mandate": lambda: _holder(db, "revoked", "act", status="revoked", client=aino),
        "requested, not confirmed": lambda: _holder(db, "asked", "act", status="requested", client=aino),
        "mandate for someone else": lambda: _holder(db, "elsewhere", "act", client=other),
        "register mandate ended": lambda: _holder(db, "dropped", "act", status="revoked", client=aino, source="suomi_fi"),
    }[case]()
    assert client.sign_in(holder.username).status_code == 303
    _act_for(client, aino)
    token = client.csrf_token("/my-mandates")
    routes = _routes(app, "client_data") + _routes(app, "own_client_data")
    assert len(routes) >= 10
    for _endpoint, rule, methods in routes:
        url = _url(app, rule, examples)
        for method in methods:
            _act_for(client, aino)
            response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
            assert response.status_code in (302, 303, 403), f"{method} {url} gave {response.status_code}"
            body = response.get_data(as_text=True)
            assert "Aino" not in body and aino.client_number not in body, f"{method} {url} showed the client's data"


def test_a_view_mandate_reads_but_every_post_is_refused(app, client, db):
    aino, examples = _aino(db), _examples(db)
    viewer = _holder(db, "viewer", "view", client=aino)
    client.use_language("en")
    client.sign_in(viewer.username)
    _act_for(client, aino)
    token = client.csrf_token("/overview")
    log_before = db.scalar(select(AccessLogEntry.id).order_by(AccessLogEntry.id.desc()).limit(1))
    choices_before = db.scalar(select(func.count()).select_from(ProviderChoice))
    for _endpoint, rule, methods in _routes(app, "client_data"):
        url = _url(app, rule, examples)
        assert client.get(url).status_code == 200, url
        if "POST" in methods:
            response = client.post(url, data={"csrf_token": token, "score": "5", "start": "1.1.2030"})
            assert response.status_code == 403, url
            assert "Nothing was changed" in Page(response.get_data(as_text=True)).text()
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(ProviderChoice)) == choices_before
    actions = db.scalars(select(AccessLogEntry.action).where(AccessLogEntry.id > log_before)).all()
    assert "choose_provider" not in actions and "rate_provider" not in actions


def test_a_view_mandate_shows_no_actions(client, db):
    aino = _aino(db)
    viewer = _holder(db, "viewer2", "view", client=aino)
    client.use_language("en")
    client.sign_in(viewer.username)
    _act_for(client, aino)
    page = Page(client.get("/overview").get_data(as_text=True))
    names = [name for name, _href in page.links()] + [" ".join(b.get_text(" ").split()) for b in page.soup.find_all("button")]
    assert not any(name.startswith(("Change provider", "Choose a provider", "Rate ")) for name in names)
    line_id = _examples(db)["line_id"]
    providers = Page(client.get(f"/plan/lines/{line_id}/providers").get_data(as_text=True))
    targets = [href for _name, href in providers.links()] + [form.get("action", "") for form in providers.soup.find_all("form")]
    assert not any("/choose" in target for target in targets)


def test_an_act_mandate_reaches_every_client_route_but_not_the_clients_own(app, client, db):
    aino, examples = _aino(db), _examples(db)
    client.sign_in("relative")
    _act_for(client, aino)
    for _endpoint, rule, _methods in _routes(app, "client_data"):
        assert client.get(_url(app, rule, examples)).status_code == 200, rule.rule
    for _endpoint, rule, _methods in _routes(app, "own_client_data"):
        assert client.get(_url(app, rule, examples)).status_code == 403, rule.rule


def test_a_revoked_mandate_stops_access_at_the_next_request(client, db):
    aino = _aino(db)
    holder = _holder(db, "midway", "act", client=aino)
    client.sign_in(holder.username)
    _act_for(client, aino)
    assert client.get("/plan").status_code == 200
    mandate = db.scalar(select(Mandate).where(Mandate.holder_user_id == holder.id))
    mandate.status = "revoked"
    db.commit()
    response = client.get("/plan")
    assert response.status_code in (302, 403)
    assert "Aino" not in response.get_data(as_text=True)


def test_reading_each_client_page_as_a_relative_is_logged(app, client, db):
    aino, examples = _aino(db), _examples(db)
    relative = db.scalar(select(User).where(User.username == "relative"))
    client.sign_in("relative")
    _act_for(client, aino)
    expected = {
        "client.overview": "view_overview",
        "client.plan": "view_plan",
        "client.plan_version": "view_plan",
        "client.timeline": "view_timeline",
        "client.transactions": "view_transactions",
        "client.providers": "view_providers",
        "client.compare": None,  # a comparison needs two providers: not found with one
        "client.provider": "view_providers",
        "client.choose": "view_providers",
        "client.rating": "view_providers",
        "client.access_log_page": "view_access_log",
        "client.proposal": "view_plan",
        "client.messages": "view_messages",
        "client.decisions": "view_decisions",
        "client.decision": "view_decisions",
        "client.decision_pdf": "view_decisions",
        "client.sharing": "view_sharing",
        "client.agreements": "view_agreement",
        "client.agreement": "view_agreement",
        "client.agreement_pdf": "view_agreement",
        "client.answer": "view_agreement",  # its URL read is the agreement's page
        "client.notice": "view_agreement",
        "client.services_to_confirm": "view_services_to_confirm",
        "client.dispute": "view_services_to_confirm",
    }
    for endpoint, rule, _methods in _routes(app, "client_data"):
        assert endpoint in expected, f"say what reading {endpoint} logs"
        before = db.scalar(select(AccessLogEntry.id).order_by(AccessLogEntry.id.desc()).limit(1)) or 0
        client.get(_url(app, rule, examples))
        db.expire_all()
        entries = db.scalars(select(AccessLogEntry).where(AccessLogEntry.id > before)).all()
        if expected[endpoint] is None:
            continue
        assert [(e.action, e.actor_user_id, e.client_id, e.mandate_id is not None) for e in entries] == [
            (expected[endpoint], relative.id, aino.id, True)
        ], endpoint
        assert entries[0].at is not None

    client2 = app.test_client()
    client2.use_language("en")
    client2.sign_in("client")
    page = Page(client2.get("/access-log").get_data(as_text=True))
    assert "Mikko Virtanen, with a mandate" in page.text()
    assert "Read the client plan" in page.text() and "Read what the budget has been used for" in page.text()


def test_the_log_cannot_be_changed_or_deleted(app, db):
    db.add(AccessLogEntry(actor_user_id=1, actor_role="client", client_id=1, action="view_plan"))
    db.commit()
    entry = db.scalars(select(AccessLogEntry)).first()
    entry.action = "view_overview"
    with pytest.raises(AppendOnlyError):
        db.flush()
    db.rollback()
    db.delete(db.scalars(select(AccessLogEntry)).first())
    with pytest.raises(AppendOnlyError):
        db.flush()
    db.rollback()
    for statement in ("UPDATE access_log SET action = 'x'", "DELETE FROM access_log"):
        with pytest.raises(DatabaseError, match="append-only"):
            db.execute(text(statement))
        db.rollback()
    writable = [
        rule.rule for rule in app.url_map.iter_rules()
        if "log" in rule.rule and rule.methods & {"POST", "PUT", "PATCH", "DELETE"}
    ]
    assert not writable


def _form(client, url):
    page = Page(client.get(url).get_data(as_text=True))
    return page.soup.select_one("input[name=csrf_token]")["value"]


def test_a_client_gives_a_mandate_after_checking_it(client, db):
    _holder(db, "daughter")
    client.use_language("en")
    client.sign_in("client")
    token = _form(client, "/mandates/new")
    until = (TODAY + timedelta(days=365)).strftime("%d.%m.%Y")
    data = {"csrf_token": token, "username": "daughter", "scope": "view", "valid_until": until}
    check = Page(client.post("/mandates/new", data=data).get_data(as_text=True))
    assert check.h1() == "Check the mandate before giving it" and "daughter Holder" in check.text()
    assert db.scalar(select(Mandate).join(User, Mandate.holder_user_id == User.id).where(User.username == "daughter")) is None
    response = client.post("/mandates/new", data={**data, "confirm": "yes"})
    assert response.status_code == 303
    mandate = db.scalar(select(Mandate).join(User, Mandate.holder_user_id == User.id).where(User.username == "daughter"))
    assert (mandate.status, mandate.scope, mandate.requested_by) == ("active", "view", "client")
    assert "daughter Holder" in Page(client.get("/mandates").get_data(as_text=True)).text()


@pytest.mark.parametrize(
    ("username", "valid_until", "message"),
    [
        ("nobody-here", "31.12.2030", "No one in the service has this username"),
        ("client", "31.12.2030", "You cannot give a mandate to yourself"),
        ("relative", "31.12.2030", "already has a valid mandate"),
        ("daughter", "1.1.2000", "The end date must be in the future"),
        ("daughter", "1.1.2099", "at most 10 years"),
        ("daughter", "someday", "Enter the end date as day.month.year"),
    ],
)
def test_a_mandate_that_cannot_be_given_is_an_error_on_the_form(client, db, username, valid_until, message):
    _holder(db, "daughter")
    client.use_language("en")
    client.sign_in("client")
    token = _form(client, "/mandates/new")
    page = Page(client.post("/mandates/new", data={"csrf_token": token, "username": username, "scope": "act",
                                                   "valid_until": valid_until}).get_data(as_text=True))
    assert page.announces(message) and page.title().startswith("Error: Give a mandate")


def test_a_requested_mandate_is_valid_only_once_the_client_confirms_it(app, client, db):
    son = _holder(db, "son")
    client.use_language("en")
    client.sign_in("son")
    token = _form(client, "/my-mandates/request")
    data = {"csrf_token": token, "client_number": "a0000001", "last_name": "virtanen", "scope": "act",
            "valid_until": (TODAY + timedelta(days=200)).strftime("%d.%m.%Y")}
    assert Page(client.post("/my-mandates/request", data=data).get_data(as_text=True)).h1().startswith("Check your request")
    assert client.post("/my-mandates/request", data={**data, "confirm": "yes"}).status_code == 303
    mandate = db.scalar(select(Mandate).where(Mandate.holder_user_id == son.id))
    assert mandate.status == "requested"
    assert len(Page(client.get("/act-for").get_data(as_text=True)).soup.select("input[name=whom]")) == 1  # only "Myself"

    aino_client = app.test_client()
    aino_client.use_language("en")
    aino_client.sign_in("client")
    assert "son Holder" in Page(aino_client.get("/mandates").get_data(as_text=True)).text()
    token = _form(aino_client, f"/mandates/{mandate.id}/decision")
    assert aino_client.post(f"/mandates/{mandate.id}/decision", data={"csrf_token": token, "decision": "confirm"}).status_code == 303
    db.expire_all()
    assert db.get(Mandate, mandate.id).status == "active"
    assert "Aino Virtanen" in Page(client.get("/act-for").get_data(as_text=True)).text()


def _request(client, number, last_name):
    token = _form(client, "/my-mandates/request")
    data = {"csrf_token": token, "client_number": number, "last_name": last_name, "scope": "view", "valid_until": "31.12.2030"}
    check = client.post("/my-mandates/request", data=data)
    sent = client.post("/my-mandates/request", data={**data, "confirm": "yes"})
    return check, sent, client.get("/my-mandates")


def _without_tokens(page: str) -> str:
    return re.sub(r'(value|content)="[A-Za-z0-9_.-]{20,}"', r'\1=""', page)


def test_a_request_answers_the_same_whether_or_not_the_client_exists(app, client, db):
    _holder(db, "guess")
    client.use_language("en")
    client.sign_in("guess")
    signed_in = datetime.now(UTC)
    app.config["CLOCK"] = lambda: signed_in  # the pages' idle countdown does not tell the answers apart
    answers = {}
    for name, (number, last_name) in {"exists": ("A0000001", "Virtanen"), "missing": ("A0000999", "Virtanen"),
                                      "wrong name": ("A0000001", "Nieminen")}.items():
        check, sent, home = _request(client, number, last_name)
        assert check.status_code == 200 and sent.status_code == 303
        answers[name] = (_without_tokens(check.get_data(as_text=True)).replace(number, "N").replace(last_name, "L"),
                         sent.headers["Location"])
        assert f"for client number {number}" in Page(home.get_data(as_text=True)).text()
    assert answers["exists"] == answers["missing"] == answers["wrong name"]
    page = client.get("/my-mandates").get_data(as_text=True)
    assert "Aino" not in page and "If the client number and the last name matched" in Page(page).text()  # no leak anywhere
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Mandate).where(Mandate.client_id == _aino(db).id,
                                                                      Mandate.status == "requested")) == 1


def test_requests_for_mandates_are_limited(app, db):
    app.config.update(RATELIMIT_ENABLED=True, RATE_LIMIT_MANDATE_REQUEST_ACCOUNT="4 per hour")
    from portal.web.limits import limiter

    limiter.init_app(app)
    _holder(db, "prober")
    client = app.test_client()
    client.use_language("en")
    client.sign_in("prober")
    statuses = []
    for number in range(4):
        token = _form(client, "/my-mandates/request")
        statuses.append(client.post("/my-mandates/request", data={"csrf_token": token, "client_number": f"A000010{number}",
                                                                   "last_name": "X", "scope": "view", "valid_until": "31.12.2030"}).status_code)
    refused = client.post("/my-mandates/request", data={"csrf_token": _form(client, "/my-mandates/request")})
    assert statuses == [200] * 4 and refused.status_code == 429
    assert "Too many tries in a short time" in Page(refused.get_data(as_text=True)).text()


def test_the_client_revokes_a_mandate_and_it_stops_at_once(app, client, db):
    client.sign_in("relative")
    aino = _aino(db)
    _act_for(client, aino)
    assert client.get("/plan").status_code == 200
    owner = app.test_client()
    owner.sign_in("client")
    mandate = db.scalar(select(Mandate).where(Mandate.client_id == aino.id, Mandate.status == "active"))
    token = _form(owner, f"/mandates/{mandate.id}/decision")
    assert owner.post(f"/mandates/{mandate.id}/decision", data={"csrf_token": token, "decision": "revoke"}).status_code == 303
    assert client.get("/plan").status_code in (302, 403)


def test_the_chooser_preselects_nothing_and_announces_the_switch(client, db):
    client.use_language("en")
    client.sign_in("relative")
    page = Page(client.get("/act-for").get_data(as_text=True))
    assert not page.soup.select("input[checked]")
    token = page.soup.select_one("input[name=csrf_token]")["value"]
    error = Page(client.post("/act-for", data={"csrf_token": token}).get_data(as_text=True))
    assert error.title().startswith("Error: ") and error.announces("Choose whose matters you want to handle")
    aino_mandate = db.scalar(select(Mandate).where(Mandate.client_id == _aino(db).id, Mandate.status == "active"))
    response = client.post("/act-for", data={"csrf_token": token, "whom": str(aino_mandate.id)})
    assert response.headers["Location"] == "/overview"
    page = Page(client.get("/overview").get_data(as_text=True))
    alerts = [" ".join(alert.get_text(" ").split()) for alert in page.soup.select('[role="alert"]')]
    assert any("You are now acting on behalf of Aino Virtanen." in alert for alert in alerts)  # announced at once
    assert "You are acting on behalf of Aino Virtanen" in page.text() and "can act" in page.text()
    assert f"valid until {aino_mandate.valid_until.day} " in page.text()


def test_mandates_ending_within_thirty_days_are_noticed(client, db):
    client.use_language("en")
    client.sign_in("relative")
    page = Page(client.get("/my-mandates").get_data(as_text=True))
    assert re.search(r"Your mandate for \w+ \w+ ends on", page.text())
    ending = db.scalar(select(Mandate).where(Mandate.scope == "view", Mandate.status == "active", Mandate.valid_until < TODAY + timedelta(days=30)))
    token = client.csrf_token("/act-for")
    client.post("/act-for", data={"csrf_token": token, "whom": str(ending.id)})
    assert "ends on" in Page(client.get("/overview").get_data(as_text=True)).text()


def test_a_case_manager_records_a_paper_mandate_for_their_own_client(app, client, db):
    _holder(db, "neighbour")
    client.use_language("en")
    client.sign_in("casemanager")
    aino = _aino(db)
    url = f"/case-manager/clients/{aino.id}/mandates"
    token = _form(client, url)
    signed = (TODAY - timedelta(days=3)).strftime("%d.%m.%Y")
    error = client.post(url, data={"csrf_token": token, "username": "neighbour", "scope": "view", "valid_until": "31.12.2030",
                                   "signed_on": "tomorrow"}).get_data(as_text=True)
    assert Page(error).announces("Enter the date of signing")
    response = client.post(url, data={"csrf_token": token, "username": "neighbour", "scope": "view",
                                      "valid_until": "31.12.2030", "signed_on": signed})
    assert response.status_code == 303
    page = Page(client.get(url).get_data(as_text=True)).text()
    assert "Given on paper on" in page and "recorded by Maria Lindqvist" in page
    entries = db.scalars(select(AccessLogEntry.action).where(AccessLogEntry.client_id == aino.id, AccessLogEntry.actor_role == "case_manager")).all()
    assert "record_paper_mandate" in entries and "view_mandates" in entries
    others = db.scalar(select(Client.id).where(Client.case_manager_id != aino.case_manager_id))
    assert client.get(f"/case-manager/clients/{others}/mandates").status_code == 404
