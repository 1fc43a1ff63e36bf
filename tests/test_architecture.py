"""Rules about the code's shape that a reviewer would otherwise have to remember."""

import ast
import re
from pathlib import Path

import pytest

from portal import create_app

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN_IN_DOMAIN = ("flask", "flask_babel", "flask_login", "flask_wtf", "sqlalchemy", "werkzeug", "portal.web", "portal.db", "portal.services")


def _imports(path: Path, source: str | None = None) -> set[str]:
    tree = ast.parse(path.read_text() if source is None else source)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "portal" / "domain").glob("*.py")), ids=lambda p: p.name)
def test_the_domain_is_plain_python(path):
    bad = {name for name in _imports(path) if name.split(".")[0] in FORBIDDEN_IN_DOMAIN or name.startswith(FORBIDDEN_IN_DOMAIN)}
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", sorted((ROOT / "portal" / "services").rglob("*.py")), ids=lambda p: p.name)
def test_services_do_not_know_the_web(path):
    assert not {name for name in _imports(path) if name.startswith(("flask", "portal.web"))}


def _app():
    return create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://"})


def test_every_view_says_who_may_open_it():
    app = _app()
    unmarked = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and getattr(view, "access", None) is None
    ]
    assert not unmarked, f"views without public, signed_in or role_required: {unmarked}"


def test_url_parameters_are_typed():
    app = _app()
    untyped = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and re.search(r"<(?!(int|any)\()(?!int:)(?!path:filename)[^>]+>", rule.rule)
    ]
    assert not untyped, f"URL parameters without a converter: {untyped}"


def test_money_is_never_a_float():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "portal").rglob("*.py")
        if re.search(r"\bFloat\b|float\(", path.read_text())
    ]
    assert not offenders


def test_templates_have_no_inline_script_style_or_handlers():
    pattern = re.compile(r"<script>|<script [^>]*>[^<]+|<style|style=\"|\son[a-z]+=\"|hx-boost")
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if pattern.search(path.read_text())
    ]
    assert not offenders


# Money is computed in the domain and moved by the ledger's service; everything else reads it.
# The bulk writers of the ledger (migrations, the scale data) add up totals too: check-ledger
# and tests/test_scale_data.py hold them to the entries.
MONEY_MAY_BE_COMPUTED_IN = ("portal/domain/", "portal/services/ledger.py", "portal/db/migrations/",
                            "portal/scale_data.py")


def _is_money(node: ast.AST) -> bool:
    name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""
    return name.endswith("_cents") or name == "cents"


def _money_arithmetic(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and (_is_money(node.left) or _is_money(node.right)):
            lines.append(node.lineno)
        elif isinstance(node, ast.AugAssign) and (_is_money(node.target) or _is_money(node.value)):
            lines.append(node.lineno)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and _is_money(node.operand):
            lines.append(node.lineno)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "sum" and any(
                _is_money(inner) for argument in node.args for inner in ast.walk(argument)):
            lines.append(node.lineno)
    return lines


def test_money_is_computed_only_in_the_domain_and_the_ledger():
    offenders = {}
    for path in sorted((ROOT / "portal").rglob("*.py")):
        relative = str(path.relative_to(ROOT))
        if relative.startswith(MONEY_MAY_BE_COMPUTED_IN):
            continue
        found = _money_arithmetic(ast.parse(path.read_text()))
        if found:
            offenders[relative] = found
    assert not offenders, f"money arithmetic outside the domain and the ledger (file: lines): {offenders}"


_JINJA = re.compile(r"{{(.*?)}}|{%(.*?)%}", re.S)
_STRINGS = re.compile(r"\"[^\"]*\"|'[^']*'")


def _template_money(text: str) -> list[str]:
    found = []
    for match in _JINJA.finditer(text):
        raw = (match.group(1) or match.group(2) or "").strip("-")
        code = _STRINGS.sub("", raw)
        if "cents" in raw and (re.search(r"\s[-+*/]\s", code) or re.search(r"\|\s*sum\b", code)):
            found.append(raw.strip())
    return found


def test_templates_never_compute_money():
    offenders = [f"{path.relative_to(ROOT)}: {code}" for path in sorted((ROOT / "templates").rglob("*.html"))
                 for code in _template_money(path.read_text())]
    assert not offenders, offenders


def test_the_money_checks_find_what_they_look_for():
    assert _money_arithmetic(ast.parse("total = line.monthly_budget_cents * months"))
    assert _money_arithmetic(ast.parse("used = sum(v.used_cents for v in vouchers)"))
    assert _money_arithmetic(ast.parse("left -= closing_cents"))
    assert not _money_arithmetic(ast.parse("label = money(position.left_cents)"))
    assert _template_money("{%- set ns.total = ns.total + line.monthly_budget_cents %}")
    assert _template_money("{{ (budget.total_cents * months) | money }}")
    assert _template_money("{{ rows | sum(attribute='charged_cents') }}")
    assert not _template_money("{{ item.month.left_cents | money if x else \"–\" }}")


# POSTs that bind nobody to anything: signing in and out, a language, keeping a session,
# choosing whom to act for (also by opening an alert's page), the provider application (saved as a draft
# as often as one likes), and searches that are posted only to keep names out of addresses.
NOT_BINDING = {
    "public.sign_in", "public.decision_code_sign_in", "public.sign_out", "public.extend_session", "public.language",
    "relative.choose", "public.open_alert", "provider.apply", "provider.send_application", "case_manager.clients",
    "admin.users",
}


def test_every_post_that_changes_something_is_carried_out_once():
    app = _app()
    missing = []
    for rule in app.url_map.iter_rules():
        if "POST" not in (rule.methods or ()) or rule.endpoint in NOT_BINDING:
            continue
        view = app.view_functions[rule.endpoint]
        while view is not None and not hasattr(view, "binding"):
            view = getattr(view, "__wrapped__", None)
        if view is None:
            missing.append(rule.endpoint)
    assert not missing, f"binding POSTs without a one-time key (portal.web.once.binding): {missing}"


AUDIENCES = ("public", "client", "relative", "case_manager", "provider", "admin")


def _audience_of(path: Path) -> str | None:
    parts = path.relative_to(ROOT / "portal" / "web").parts
    return parts[0] if len(parts) > 1 and parts[0] in AUDIENCES else None


def _audience_imports(path: Path, source: str | None = None) -> set[str]:
    """The other audiences a module of an audience imports (its blueprint, views or forms)."""
    own = _audience_of(path)
    return {name.split(".")[2] for name in _imports(path, source)
            if name.startswith("portal.web.") and name.split(".")[2] in AUDIENCES and name.split(".")[2] != own}


def test_no_audience_imports_another():
    offenders = {str(path.relative_to(ROOT)): found for path in sorted((ROOT / "portal" / "web").rglob("*.py"))
                 if _audience_of(path) and (found := _audience_imports(path))}
    assert not offenders, f"shared forms and helpers live in portal/web/, not in another audience: {offenders}"


def test_the_audience_check_finds_what_it_looks_for():
    planted = ROOT / "portal" / "web" / "client" / "planted.py"
    assert _audience_imports(planted, "from portal.web.case_manager.forms import MessageForm\n") == {"case_manager"}
    assert not _audience_imports(planted, "from portal.web.client.forms import GrantMandateForm\n")
    assert not _audience_imports(planted, "from portal.web.forms import MessageForm\n")


def test_the_app_factory_wires_everything_explicitly():
    """Every blueprint is made and registered in create_app's list; nothing is imported for its side effects."""
    factory = (ROOT / "portal" / "__init__.py").read_text()
    assert "noqa" not in factory
    assert {blueprint for blueprint in _app().blueprints} == set(AUDIENCES)


def test_every_route_written_in_an_audience_is_served():
    import importlib
    from portal.web.routing import Routes

    app, unserved = _app(), []
    for path in sorted((ROOT / "portal" / "web").rglob("*.py")):
        if not _audience_of(path) or path.name == "__init__.py":
            continue
        module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
        routes = getattr(module, "routes", None)
        if isinstance(routes, Routes):
            served = set(app.view_functions.values())
            unserved += [f"{path.name}: {rule}" for rule, view, _options in routes._rules if view not in served]
    assert not unserved, f"routes that no blueprint carries (add the module to its create_blueprint): {unserved}"


def test_only_the_access_log_service_writes_the_access_log():
    """One entry point: portal.services.access_log (the bulk generator of a test county aside)."""
    writers = [str(path.relative_to(ROOT)) for path in sorted((ROOT / "portal").rglob("*.py"))
               if "AccessLogEntry" in path.read_text()
               and str(path.relative_to(ROOT)) not in ("portal/services/access_log.py", "portal/db/models.py",
                                                      "portal/scale_data.py")]
    assert not writers, writers


def _named_values() -> set[str]:
    from portal.domain.applications import ApplicationStatus
    from portal.domain.feedback import FeedbackStatus
    from portal.domain.mandates import MandateStatus
    from portal.domain.plans import PlanStatus
    from portal.domain.providers import ChoiceStatus
    from portal.domain.roles import Role

    return {state.value for states in (Role, PlanStatus, ChoiceStatus, MandateStatus, ApplicationStatus,
                                                         FeedbackStatus)
            for state in states}


def _constants(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [value for element in node.elts for value in _constants(element)]
    return []


def _names_a_state(node: ast.AST) -> bool:
    name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""
    return name.endswith(("role", "status"))


def _role_or_status_literals(source: str) -> list[tuple[int, str]]:
    """String literals of a role or a status where code compares, sets or filters by one."""
    named, found = _named_values(), []
    for node in ast.walk(ast.parse(source)):
        candidates: list[ast.AST] = []
        if isinstance(node, ast.Compare) and any(_names_a_state(side) for side in (node.left, *node.comparators)):
            candidates = [node.left, *node.comparators]
        elif isinstance(node, ast.keyword) and node.arg in ("role", "status", "actor_role"):
            candidates = [node.value]
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Attribute) and t.attr in ("role", "status")
                                                  for t in node.targets):
            candidates = [node.value]
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "role_required", "in_", "not_in"):
            candidates = list(node.args)
        elif isinstance(node, ast.match_case) and isinstance(node.pattern, ast.MatchValue):
            candidates = [node.pattern.value]
        found += [(getattr(node, "lineno", 0), value) for candidate in candidates for value in _constants(candidate)
                  if value in named]
    return found


def test_roles_and_statuses_are_named_by_their_enums():
    offenders = {}
    for path in sorted((ROOT / "portal").rglob("*.py")):
        relative = str(path.relative_to(ROOT))
        if relative.startswith("portal/db/migrations/"):
            continue  # a migration keeps the values of its day
        found = _role_or_status_literals(path.read_text())
        if found:
            offenders[relative] = found
    assert not offenders, f"use Role, PlanStatus, ChoiceStatus, MandateStatus, ApplicationStatus or FeedbackStatus: {offenders}"


def test_the_literal_check_finds_what_it_looks_for():
    assert _role_or_status_literals('if user.role == "admin": pass')
    assert _role_or_status_literals('choice.status = "pending"')
    assert _role_or_status_literals('select(X).where(X.status.in_(("draft", "proposed")))')
    assert _role_or_status_literals('@role_required("provider")\ndef f(): pass')
    assert _role_or_status_literals('User(role="client")')
    assert not _role_or_status_literals('if user.role == Role.ADMIN: pass')
    assert not _role_or_status_literals('relationship(back_populates="client")')
    assert not _role_or_status_literals('select(User.id).where(User.username == "client")')


# SQLAlchemy in the web layer: only the Server-Timing counter listens to the engines' statements.
WEB_MAY_IMPORT_SQLALCHEMY = {"portal/web/timing.py": {"sqlalchemy"}}
QUERY_METHODS = {"get", "scalar", "scalars", "execute", "add", "add_all", "delete", "merge", "query", "flush",
                 "commit", "rollback"}


def _sessions_used(tree: ast.AST) -> list[int]:
    """Lines where the web layer holds a database session: get_session(), or a query, a write, a commit
    or a rollback on one (db.get(...), db.commit(), get_session().scalar(...))."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("get_session", "write_transaction"):
            found.append(node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in QUERY_METHODS:
            receiver = node.func.value
            if getattr(receiver, "id", "") in ("db", "db_session") or getattr(getattr(receiver, "func", None), "id", "") == "get_session":
                found.append(node.lineno)
    return found


def _web_layer_problems(relative: str, source: str) -> list[str]:
    tree = ast.parse(source)
    problems = [f"imports {name}" for name in sorted(_imports(Path(relative), source))
                if name.startswith("portal.db")
                or name.startswith("sqlalchemy") and name not in WEB_MAY_IMPORT_SQLALCHEMY.get(relative, set())]
    return problems + [f"holds a database session on line {line}" for line in _sessions_used(tree)]


def test_the_web_layer_builds_no_query_and_loads_no_model():
    offenders = {}
    for path in sorted((ROOT / "portal" / "web").rglob("*.py")):
        relative = str(path.relative_to(ROOT))
        if found := _web_layer_problems(relative, path.read_text()):
            offenders[relative] = found
    assert not offenders, f"views and web helpers call services for what they read and write: {offenders}"


def test_the_web_layer_check_finds_what_it_looks_for():
    planted = "portal/web/client/planted.py"
    assert _web_layer_problems(planted, "from portal.db.models import User\n")
    assert _web_layer_problems(planted, "from sqlalchemy import select\n")
    assert _web_layer_problems(planted, "def f():\n    return db.get(User, 1)\n")
    assert _web_layer_problems(planted, "def f():\n    return get_session().scalar(q)\n")
    assert _web_layer_problems(planted, "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                        "    from portal.db.models import User\n")
    assert _web_layer_problems(planted, "from portal.db.session import get_session\n")
    assert _web_layer_problems(planted, "def f():\n    db.commit()\n")
    assert _web_layer_problems(planted, "def f():\n    get_session().rollback()\n")
    assert not _web_layer_problems(planted, "def f():\n    return plans.catalogue()\n")
    assert not _web_layer_problems(planted, "def f():\n    return flask.session.get('sid')\n")


MODULE_LINES, VIEW_LINES = 400, 30
SAYS_WHY_LONGER = re.compile(r"#\s*Longer than 400 lines:")


def _too_long(relative: str, source: str) -> list[str]:
    found = []
    if len(source.splitlines()) > MODULE_LINES and not SAYS_WHY_LONGER.search(source):
        found.append(f"{relative} has {len(source.splitlines())} lines and does not say why")
    if relative.startswith("portal/web/"):
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef) and any("routes." in ast.unparse(d) for d in node.decorator_list):
                lines = node.end_lineno - node.lineno + 1
                if lines > VIEW_LINES:
                    found.append(f"{relative}: the view {node.name} has {lines} lines")
    return found


def test_modules_and_views_stay_short_or_say_why():
    found = [problem for path in sorted((ROOT / "portal").rglob("*.py")) if "migrations" not in path.parts
             for problem in _too_long(str(path.relative_to(ROOT)), path.read_text())]
    assert not found, found


def test_the_length_check_finds_what_it_looks_for():
    view = "@routes.get('/x')\ndef x():\n" + "    a = 1\n" * 30
    assert _too_long("portal/web/client/planted.py", view)
    assert not _too_long("portal/services/planted.py", view)
    assert _too_long("portal/services/planted.py", "a = 1\n" * 401)
    assert not _too_long("portal/services/planted.py", "# Longer than 400 lines: a reason.\n" + "a = 1\n" * 401)
