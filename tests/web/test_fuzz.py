"""Hostile and careless input against every form and every id, for every role: never a server error.

The forms are not listed here: each role's pages are crawled, every form that posts is found
on them, and each of its fields in turn gets values no careful user would send. A new form
is covered as soon as a page shows it. The URL ids come from the route table.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from werkzeug.routing import IntegerConverter

from portal.services import submissions

ROLES = [None, "client", "relative", "casemanager", "provider", "admin"]
HOSTILE = ["", "x" * 5000, "-1", str(2**63), "1e309", "NaN", "١٢", "\x00", "<script>alert(1)</script>",
           "zzz-no-such-choice", "31.2.2027", "ÄÖÅ' OR 1=1 --"]
# Past SQLite's integer, and no such row. (Past PostgreSQL's integer, 2**31, every route refuses before any view:
# tests/web/test_numbers.py.)
HUGE_IDS = [str(2**63), "0"]
QUERY_VALUES = ["x", str(2**63), "-1", "١٢", "2026-13"]
SKIP_LINKS = ("/sign-out", "/language/", "/static/", ".csv", ".pdf", "mailto:", "tel:")  # a file has no links or forms
MOST_PAGES = 45
EXTRA_STARTS = {None: ["/feedback", "/sign-in/code", "/become-a-provider"], "client": ["/feedback", "/notifications", "/notifications/settings", "/decisions", "/services-to-confirm", "/agreements"],
                "relative": ["/notifications/settings", "/agreements"], "admin": ["/admin/feedback", "/admin/letters", "/admin/contacts", "/admin/quality"],
                "provider": ["/provider/quality", "/provider/ratings", "/provider/disputes"]}


def _links(base: str, page: str) -> list[str]:
    found = []
    for link in BeautifulSoup(page, "html.parser").find_all("a", href=True):
        href = urljoin(base, link["href"]).split("#")[0]
        if href.startswith("/") and not any(skip in href for skip in SKIP_LINKS):
            found.append(href)
    return found


def _forms(page: str, path: str) -> list[tuple[str, dict, list[str]]]:
    """(action, default values, field names) of every form on the page that posts."""
    found = []
    for form in BeautifulSoup(page, "html.parser").find_all("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        values, names = {}, []
        for control in form.find_all(["input", "select", "textarea", "button"]):
            name = control.get("name")
            if not name:
                continue
            kind = (control.get("type") or "").lower()
            if control.name == "select":
                options = control.find_all("option")
                chosen = next((o for o in options if o.get("value")), options[0] if options else None)
                values.setdefault(name, chosen.get("value", "") if chosen else "")
            elif control.name == "textarea":
                values.setdefault(name, control.get_text() or "Hei")
            elif kind in ("radio", "checkbox"):
                values.setdefault(name, control.get("value", "y"))
            elif control.name == "button" or kind == "submit":
                values.setdefault(name, control.get("value", ""))
            else:
                values.setdefault(name, control.get("value", ""))
            if name not in names:
                names.append(name)
        found.append((form.get("action") or path, values, names))
    return found


def _crawl(client, *starts: str) -> tuple[list[str], list[tuple[str, dict, list[str]]]]:
    """The pages reached from each start, up to MOST_PAGES from each, and the forms on them. A page is read once:
    reached again from a later start, its links are followed as they were found."""
    links_of: dict[str, list[str]] = {}
    forms = {}
    for start in starts:
        seen, queue = [], [start]
        while queue and len(seen) < MOST_PAGES:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.append(path)
            if path not in links_of:
                links_of[path] = _read(client, path, forms)
            queue.extend(link for link in links_of[path] if link not in seen)
    return list(links_of), [(action, values, names) for action, (_path, values, names) in forms.items()]


def _read(client, path: str, forms: dict) -> list[str]:
    """The links of one page (or where it redirects), keeping the forms it shows."""
    response = client.get(path)
    assert response.status_code < 500, path
    if response.status_code in (302, 303) and response.headers["Location"].startswith("/"):
        return [response.headers["Location"]]
    if response.status_code != 200 or response.mimetype != "text/html":
        return []
    page = response.get_data(as_text=True)
    for action, values, names in _forms(page, path):
        forms.setdefault(action, (path, values, names))
    return _links(path, page)


def _signed_in(app, role):
    client = app.test_client()
    client.use_language("en")
    if role:
        assert client.sign_in(role).status_code == 303
    return client


def _post(client, action, data):
    fresh = {key: value for key, value in data.items() if key != "submission_key"}
    if "submission_key" in data:
        fresh["submission_key"] = submissions.new_key()
    return client.post(action, data=fresh)


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "anonymous")
def test_no_form_field_gives_a_server_error(app, role):
    client = _signed_in(app, role)
    start = {None: "/provider/apply", "relative": "/my-mandates"}.get(role, "/")
    more = ("/accessibility/feedback", "/sign-in") if role is None else ()
    # EXTRA_STARTS: forms a crawl from the start may not reach within MOST_PAGES
    pages, forms = _crawl(client, start, *more, *EXTRA_STARTS.get(role, ()))
    assert forms, f"no forms found for {role}"
    if role == "client":  # the demo's terms wait for Aino's answer (a relative's crawl does not act for her)
        assert any(action.endswith("/agreement") for action, _values, _names in forms), "the agreement's answer"
    errors = []
    checked = set()  # (form, status): the shared page check on the first answer of each kind a form gives
    for action, values, names in forms:
        if action.startswith("/sign-out"):
            continue
        for name in names:
            if name == "csrf_token":
                continue
            if role is None:  # not signed in: each field from a fresh browser, as a form that signs in (an
                client = _signed_in(app, None)  # application, a code from a letter) ends the session it began in
                values = {**values, "csrf_token": client.csrf_token("/sign-in")}
            client.checks_pages = False
            for hostile in HOSTILE:
                response = _post(client, action, {**values, name: hostile})
                if response.status_code >= 500:
                    errors.append((action, name, hostile[:30]))
                elif (action, response.status_code) not in checked:
                    checked.add((action, response.status_code))
                    client.check(response)
            client.checks_pages = True
        response = _post(client, action, {"csrf_token": values.get("csrf_token", ""), "submission_key": ""})
        if response.status_code >= 500:
            errors.append((action, "(nothing)", ""))
        if role and client.get("/").status_code in (302, 303) and "sign-in" in client.get("/").headers.get("Location", ""):
            client = _signed_in(app, role)  # a form that signs out (a new password) ends this session
    assert not errors, errors
    for path in pages:  # whatever was saved on the way, every page still opens
        assert client.get(path).status_code < 500, path


@pytest.mark.parametrize("role", ROLES[1:])
def test_no_id_or_query_value_gives_a_server_error(app, role):
    client = _signed_in(app, role)
    token = client.csrf_token("/account/password")
    pages, _forms_found = _crawl(client, "/")
    client.checks_pages = False
    errors = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or not rule.arguments:
            continue
        for huge in HUGE_IDS:
            url = rule.rule
            for argument in rule.arguments:
                number = isinstance(rule._converters[argument], IntegerConverter)
                url = re.sub(rf"<[^>]*{argument}>", huge if number else "x", url)
            for method in sorted((rule.methods or set()) & {"GET", "POST"}):
                response = client.open(url, method=method, data={"csrf_token": token})
                if response.status_code >= 500:
                    errors.append((method, url))
    parameters: dict[str, set[str]] = {}
    for path in pages:
        parts = urlsplit(path)
        parameters.setdefault(parts.path, {"month", "plan", "page", "provider"}).update(
            pair.split("=")[0] for pair in parts.query.split("&") if pair)
    for base, names in parameters.items():
        for parameter in sorted(names):
            for hostile in QUERY_VALUES:
                if client.get(base, query_string={parameter: hostile}).status_code >= 500:
                    errors.append((base, parameter, hostile))
    assert not errors, errors
