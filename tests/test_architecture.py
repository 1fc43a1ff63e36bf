"""Rules about the code's shape that a reviewer would otherwise have to remember."""

import ast
import re
from pathlib import Path

import pytest

from portal import create_app

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN_IN_DOMAIN = ("flask", "flask_babel", "flask_login", "flask_wtf", "sqlalchemy", "werkzeug", "portal.web", "portal.db", "portal.services")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
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


@pytest.mark.parametrize("path", sorted((ROOT / "portal" / "services").glob("*.py")), ids=lambda p: p.name)
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
