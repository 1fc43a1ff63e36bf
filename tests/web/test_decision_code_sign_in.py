"""Signing in with a decision's number and the one-time code of its letter, and the limited view it gives:
route by route over the whole route table, expiry, single use, withdrawal, hashing, waits after failures."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from flask import url_for
from sqlalchemy import select

from portal.db.models import (AccessLogEntry, Base, Client, Decision, DecisionCode, Plan, PlanLine, ProviderChoice,
                              ServiceType, User, UserSession)
from portal.domain.decision_codes import grouped
from portal.services import decision_codes
from portal.services.auth import authenticate
from portal.services.decisions import make_decision
from portal.web.access import open_to_decision_code
from portal.web.once import FIELD

TODAY = date.today()
WRONG = "The decision number or the code is wrong"

# What a decision-code sign-in opens: the vouchers (the overview), the providers, choosing one, the decisions,
# and what every page needs (signing in and out, the language, the help pages in the footer). Nothing else.
OPEN = {
    "client.overview", "client.providers", "client.compare", "client.provider", "client.choose",
    "client.decisions", "client.decision", "client.decision_pdf",
    "public.index", "public.home", "public.sign_in", "public.decision_code_sign_in", "public.sign_out",
    "public.extend_session", "public.language", "public.easy_language", "public.accessibility", "public.feedback",
    "public.accessibility_feedback", "public.feedback_sent", "public.where_to_turn",
}
# Closed on purpose, each considered: the client's other pages (the plan and what was used, the timeline, messages,
# mandates, the access log, rating), the account's settings, notifications, and strong sign-in's own steps.
CLOSED = {
    "client.plan", "client.plan_version", "client.transactions", "client.timeline", "client.proposal",
    "client.messages", "client.mandate_list", "client.grant_mandate", "client.decide_mandate",
    "client.access_log_page", "client.rating",
    # A service agreement binds the client to a company's terms and its notice ends them; confirming or disputing
    # services moves a provider's money; what providers see is read beside the access log: a full sign-in's matters.
    "client.agreements", "client.agreement", "client.agreement_pdf", "client.answer", "client.notice",
    "client.services_to_confirm",
    "client.dispute", "client.sharing",
    "public.change_password", "public.notifications", "public.notification_settings", "public.mark_read",
    "public.open_alert",
    "public.strong_sign_in", "public.strong_sign_in_return", "public.strong_sign_in_keys", "public.signed_out",
    "public.become_a_provider",  # for companies, not for a client signed in with a letter's code
}
# Whole audiences that are someone else's: every one of their routes is closed, and each checks its role anyway.
CLOSED_AUDIENCES = {"relative", "case_manager", "admin", "provider"}


def _aino(db) -> Client:
    return db.scalar(select(Client).where(Client.client_number == "A0000001"))


def _decision(db) -> Decision:
    """Aino's decision on her plan in force (made when it was accepted, or now)."""
    plan = db.scalar(select(Plan).where(Plan.client_id == _aino(db).id, Plan.status == "accepted"))
    decision = make_decision(db, plan, TODAY)
    db.commit()
    return decision


def _code(db, decision: Decision, moment: datetime | None = None, days: int = 30) -> str:
    manager = db.scalar(select(User).where(User.username == "casemanager"))
    made = decision_codes.make_code(db, decision, manager, moment or datetime.now(UTC), days)
    db.commit()
    return made.code


def _sign_in(client, number: str, code: str):
    token = client.csrf_token("/sign-in/code")
    return client.post("/sign-in/code", data={"csrf_token": token, "number": number, "code": code})


def _signed_in(client, db):
    decision = _decision(db)
    response = _sign_in(client, decision.number, _code(db, decision))
    assert response.status_code == 303 and response.headers["Location"] == "/overview"
    return decision


def _clock(app, start: datetime) -> list[datetime]:
    moment = [start]
    app.config["CLOCK"] = lambda: moment[0]
    return moment


def test_the_letters_code_signs_in_to_the_limited_view_and_says_for_whom(app, client, db):
    client.use_language("en")
    assert 'href="/sign-in/code"' in client.get("/sign-in").get_data(as_text=True)
    decision = _decision(db)
    code = _code(db, decision)
    typed = "-".join(code[i:i + 4] for i in (0, 4, 8)).lower()  # as someone might type it
    response = _sign_in(client, " " + decision.number.lower().replace("-", " "), typed)
    assert response.status_code == 303
    page = client.get("/overview").get_data(as_text=True)
    assert f"You signed in with the code of decision {decision.number}" in page and "of Aino Virtanen" in page
    assert "Signed in with a code from a letter: Aino Virtanen" in page
    assert "Change password" not in page
    nav = [a["href"] for a in BeautifulSoup(page, "html.parser").select("nav.main-nav a")]
    assert nav == ["/overview", "/decisions"], nav
    db.expire_all()
    user = db.scalar(select(User).where(User.role == "decision_code", User.client_id == _aino(db).id))
    assert db.scalar(select(UserSession.signed_in_with).where(UserSession.user_id == user.id)) == "decision_code"
    assert authenticate(db, user.username, decision_codes.NO_PASSWORD, "192.0.2.1", datetime.now(UTC)) is None


def test_a_code_works_once_and_the_account_is_made_once(app, client, db):
    client.use_language("en")
    decision = _decision(db)
    code = _code(db, decision)
    assert _sign_in(client, decision.number, code).status_code == 303
    assert client.post("/sign-out", data={"csrf_token": client.csrf_token("/overview")}).status_code == 303
    assert client.get("/overview").status_code == 302  # signing out works as for everyone
    again = _sign_in(client, decision.number, code)
    assert again.status_code == 200 and WRONG in again.get_data(as_text=True)
    assert _sign_in(client, decision.number, _code(db, decision)).status_code == 303  # a new letter's code
    db.expire_all()
    assert len(db.scalars(select(User).where(User.role == "decision_code")).all()) == 1


def test_a_code_stops_working_at_the_end_of_its_last_day(app, client, db):
    client.use_language("en")
    made = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    decision = _decision(db)
    code = _code(db, decision, made, days=30)
    moment = _clock(app, datetime(2026, 4, 1, 21, 0, tzinfo=UTC))  # 1 April, midnight in Finland (UTC+3)
    assert WRONG in _sign_in(client, decision.number, code).get_data(as_text=True)
    moment[0] = datetime(2026, 4, 1, 20, 59, tzinfo=UTC)
    assert _sign_in(client, decision.number, code).status_code == 303


def test_a_newer_letter_withdraws_the_earlier_code(app, client, db):
    client.use_language("en")
    decision = _decision(db)
    first, second = _code(db, decision), _code(db, decision)
    assert WRONG in _sign_in(client, decision.number, first).get_data(as_text=True)
    assert _sign_in(client, decision.number, second).status_code == 303


def test_an_unknown_number_and_a_wrong_code_get_the_same_answer(app, client, db):
    client.use_language("en")
    decision = _decision(db)
    _code(db, decision)
    answers = []
    for number, code in ((decision.number, "ACEF HJKM NPRT"), ("PB-2000-999999", "ACEF HJKM NPRT"),
                         ("nonsense", "x" * 40), (decision.number, "")):
        page = _sign_in(client, number, code).get_data(as_text=True)
        answers.append(BeautifulSoup(page, "html.parser").select_one("[data-error-summary]").get_text(" ", strip=True))
    assert answers[0] == answers[1] == answers[2] and WRONG in answers[0]
    assert "Enter the code" in answers[3]


def test_after_failures_even_the_right_code_waits(app, client, db):
    client.use_language("en")
    moment = _clock(app, datetime(2026, 5, 4, 9, 0, tzinfo=UTC))
    decision = _decision(db)
    code = _code(db, decision, moment[0])
    for _ in range(3):
        assert WRONG in _sign_in(client, decision.number, "ACEF HJKM NPRT").get_data(as_text=True)
    refused = _sign_in(client, decision.number, code).get_data(as_text=True)
    assert "Too many failed attempts" in refused
    moment[0] += timedelta(seconds=6)
    assert _sign_in(client, decision.number, code).status_code == 303


def test_the_code_is_nowhere_in_the_database(app, client, db):
    client.use_language("en")
    assert client.sign_in("casemanager").status_code == 303
    aino = _aino(db)
    _decision(db)
    token = client.csrf_token(f"/case-manager/clients/{aino.id}")
    letter = client.post(f"/case-manager/clients/{aino.id}/sign-in-code", data={"csrf_token": token})
    code = re.search(r'class="letter__code">([^<]+)<', letter.get_data(as_text=True)).group(1)
    db.expire_all()
    stored = db.scalar(select(DecisionCode.code_hash).order_by(DecisionCode.id.desc()).limit(1))
    assert stored.startswith("$argon2")
    plain = code.replace(" ", "")
    for table in Base.metadata.sorted_tables:
        for row in db.execute(table.select()):
            text = " ".join(str(value) for value in row)
            assert plain not in text and code not in text, f"the code is in {table.name}"


def test_the_case_managers_letter_is_made_once_in_the_clients_language(app, client, db):
    client.use_language("en")
    assert client.sign_in("casemanager").status_code == 303
    aino = _aino(db)
    decision = _decision(db)
    path = f"/case-manager/clients/{aino.id}"
    assert "Print a sign-in code letter" in client.get(path).get_data(as_text=True)
    form = {"csrf_token": client.csrf_token(path), FIELD: "k" * 30}
    letter = client.post(f"{path}/sign-in-code", data=form)
    page = BeautifulSoup(letter.get_data(as_text=True), "html.parser")
    article = page.select_one("article.letter")
    assert letter.status_code == 200 and article["lang"] == aino.language
    code = article.select_one(".letter__code").get_text()
    assert re.fullmatch(r"[A-Z0-9]{4} [A-Z0-9]{4} [A-Z0-9]{4}", code)
    assert decision.number in article.get_text() and aino.street_address in article.get_text()
    assert "/sign-in/code" in article.get_text()
    repeat = client.post(f"{path}/sign-in-code", data=form)  # the same form again: no second code
    assert repeat.status_code == 303
    made = client.get(repeat.headers["Location"]).get_data(as_text=True)
    assert "A sign-in code has already been made" in made and "was already saved" in made
    assert "make a new code" in made and code not in made
    db.expire_all()
    assert db.scalar(select(DecisionCode).where(DecisionCode.decision_id == decision.id)
                     .order_by(DecisionCode.id.desc())).created_by_user_id is not None
    assert len(db.scalars(select(DecisionCode).join(Decision).where(Decision.client_id == aino.id)).all()) == 1
    assert db.scalar(select(AccessLogEntry.detail).where(AccessLogEntry.action == "make_sign_in_code")) == decision.number
    signed = app.test_client()
    signed.use_language("en")
    assert _sign_in(signed, decision.number, code).status_code == 303
    assert "It was used to sign in" in client.get(repeat.headers["Location"]).get_data(as_text=True)


def test_another_case_managers_client_gets_no_code(app, client, db):
    assert client.sign_in("casemanager").status_code == 303
    manager_id = db.scalar(select(User.case_manager_id).where(User.username == "casemanager"))
    other = db.scalar(select(Client).where(Client.case_manager_id != manager_id))
    token = client.csrf_token("/case-manager/clients")
    assert client.post(f"/case-manager/clients/{other.id}/sign-in-code", data={"csrf_token": token}).status_code == 404
    assert client.get(f"/case-manager/clients/{_aino(db).id}/sign-in-codes/999999").status_code == 404


def test_the_access_log_names_the_role_and_choices_count_as_the_clients(app, client, db):
    client.use_language("en")
    _signed_in(client, db)
    line = db.scalar(select(PlanLine).join(Plan).join(ServiceType).where(
        Plan.client_id == _aino(db).id, Plan.status == "accepted", ServiceType.code == "transport"))
    providers = client.get(f"/plan/lines/{line.id}/providers").get_data(as_text=True)
    choose = re.search(r'href="(/plan/lines/\d+/providers/\d+/choose)"', providers).group(1)
    start = (TODAY + timedelta(days=3)).strftime("%-d.%-m.%Y")
    assert client.post(choose, data={"csrf_token": client.csrf_token(choose), "start": start}).status_code == 303
    db.expire_all()
    assert db.scalar(select(ProviderChoice.chosen_by).where(ProviderChoice.plan_line_id == line.id)
                     .order_by(ProviderChoice.id.desc())) == "client"
    roles = set(db.scalars(select(AccessLogEntry.actor_role).where(AccessLogEntry.action.in_(
        ["view_overview", "view_providers", "choose_provider"]), AccessLogEntry.actor_role == "decision_code")))
    assert roles == {"decision_code"}
    own = app.test_client()
    own.use_language("en")
    assert own.sign_in("client").status_code == 303
    assert "Aino Virtanen, signed in with a code from a letter" in own.get("/access-log").get_data(as_text=True)


def test_no_link_on_the_limited_pages_leads_to_a_closed_page(app, client, db):
    """What the navigation and the pages offer is what the sign-in opens, read plainly or in easy language."""
    client.use_language("fi")
    _signed_in(client, db)
    for reading in ("", "easy"):
        client.set_cookie("reading", reading)
        seen, queue = set(), ["/overview"]
        while queue and len(seen) < 30:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            response = client.get(path)
            assert response.status_code in (200, 302, 303), f"{path} gave {response.status_code} ({reading})"
            if response.mimetype == "text/html" and response.status_code == 200:
                links = BeautifulSoup(response.get_data(as_text=True), "html.parser").select("a[href^='/']")
                queue += [a["href"].split("#")[0] for a in links if not a["href"].startswith(("/static", "/language"))]
        assert "/overview" in seen and any(path.startswith("/decisions/") for path in seen)


# The access matrix: every route of the application, GET and POST.

def _examples(db) -> dict[str, object]:
    """A value for every URL parameter: Aino's own where the open routes need them, anything elsewhere."""
    aino = _aino(db)
    line = db.scalar(select(PlanLine).join(Plan).join(ServiceType).where(
        Plan.client_id == aino.id, Plan.status == "accepted", ServiceType.code == "home_care"))
    provider_id = db.scalar(select(ProviderChoice.provider_id).where(ProviderChoice.plan_line_id == line.id))
    decision_id = db.scalar(select(Decision.id).where(Decision.client_id == aino.id))
    return {"line_id": line.id, "provider_id": provider_id, "decision_id": decision_id, "client_id": aino.id,
            "code": "fi", "year": TODAY.year, "month": TODAY.month}


def _value(rule, name: str, examples):
    """The example, or a word the route takes (any(...)), or a number."""
    words = getattr(rule._converters[name], "items", None)
    return examples.get(name) or (min(words) if words else 1)


def _url(app, rule, examples) -> str:
    with app.test_request_context():
        return url_for(rule.endpoint, **{name: _value(rule, name, examples) for name in rule.arguments})


def _unconsidered(app) -> list[str]:
    """Routes nobody has said whether a decision-code sign-in opens: each must be in OPEN or CLOSED."""
    return sorted(rule.endpoint for rule in app.url_map.iter_rules()
                  if rule.endpoint != "static" and rule.endpoint.split(".")[0] not in CLOSED_AUDIENCES
                  and rule.endpoint not in OPEN | CLOSED)


def _matrix_problems(app, client, examples, rules) -> list[str]:
    """Each route answered as the lists say: an open one is reached, every other refused (403, or sign-in)."""
    token = client.csrf_token("/overview")
    client.checks_pages = False  # only who may open what: the pages are checked where they are tested
    problems = []
    for rule in rules:
        url = _url(app, rule, examples)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            if rule.endpoint == "public.sign_out" and method == "POST":
                continue  # signing out is tested on its own
            response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
            refused = response.status_code == 403 or (
                response.status_code in (302, 303) and "/sign-in" in response.headers.get("Location", "")
                and rule.endpoint not in ("public.index", "public.sign_in", "public.decision_code_sign_in"))
            if refused == (rule.endpoint in OPEN):
                problems.append(f"{method} {url} ({rule.endpoint}) gave {response.status_code}")
    client.checks_pages = True
    client.use_language(client.language)  # as before /language/... chose another
    return problems


def test_every_route_is_considered_for_the_decision_code_sign_in(app):
    assert not _unconsidered(app), "add each to OPEN or CLOSED in this test"
    marked = {endpoint for endpoint, view in app.view_functions.items() if getattr(view, "open_to_decision_code", False)}
    assert marked == OPEN, f"opened without being listed: {marked - OPEN}; listed but closed: {OPEN - marked}"


def test_a_decision_code_sign_in_reaches_exactly_the_open_routes(app, client, db):
    client.use_language("en")
    _signed_in(client, db)
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]
    assert len(rules) > 90
    assert _matrix_problems(app, client, _examples(db), rules) == []
    assert client.get("/overview").status_code == 200  # still signed in after all of it


def test_a_route_added_without_being_considered_fails_the_matrix(app, client, db):
    """A planted route: closed by default, and the matrix names it until it is listed."""
    def planted():
        return "planted"

    planted.access = "public"
    app.add_url_rule("/planted", "client.planted", planted)
    app.add_url_rule("/planted-open", "client.planted_open", open_to_decision_code(lambda: "open"))
    client.use_language("en")
    _signed_in(client, db)
    assert client.get("/planted").status_code == 403  # closed until someone opens it
    assert {"client.planted", "client.planted_open"} <= set(_unconsidered(app))
    planted_rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("client.planted")]
    problems = _matrix_problems(app, client, {}, planted_rules)
    assert problems == ["GET /planted-open (client.planted_open) gave 200"]


def test_signing_out_with_a_code_works_as_for_others(app, client, db):
    _signed_in(client, db)
    token = client.csrf_token("/overview")
    assert client.post("/sign-out", data={"csrf_token": token}).headers["Location"] == "/sign-in"
    db.expire_all()
    assert db.scalar(select(UserSession.ended_at).where(UserSession.signed_in_with == "decision_code")) is not None
    assert client.get("/decisions").status_code == 302
