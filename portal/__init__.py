"""The personal budget portal."""

from datetime import date
from pathlib import Path

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import cli, config
from portal.db import rate_limits
from portal.db import session as db_session
from portal.services import authorizations
from portal.web import admin, case_manager, client, provider, public, relative
from portal.web import access, errors, i18n, layout, limits, oidc, paging, security, sessions, static_files, timing
from portal.web.numbers import BoundedIntegerConverter

csrf = CSRFProtect()
ROOT = Path(__file__).resolve().parent.parent
# One blueprint per audience; each lists the modules whose routes it carries.
AUDIENCES = (public, client, relative, case_manager, admin, provider)


def create_app(settings: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.config.update(config.from_environment(Path(app.instance_path)))
    app.config.update(settings or {})
    if app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"], x_proto=app.config["TRUSTED_PROXIES"])
    db_session.init_app(app)
    timing.init_app(app)
    csrf.init_app(app)
    i18n.init_app(app)
    sessions.init_app(app)
    oidc.init_app(app)
    access.init_app(app)  # after the session's check: what a decision code's sign-in may open
    rate_limits.choose_storage(app.config)
    limits.init_app(app)
    security.init_app(app)
    static_files.init_app(app)
    layout.init_app(app)
    paging.init_app(app)
    errors.init_app(app)
    for audience in AUDIENCES:
        app.register_blueprint(audience.create_blueprint())
    app.extensions["mandate_register"] = _mandate_register(app.config)
    cli.init_app(app)
    return app


def _mandate_register(settings) -> authorizations.MandateRegister:
    """Suomi.fi e-Authorizations as AUTHORIZATION_REGISTER says: none, or the fake with the demo's authorization."""
    register = authorizations.register_named(settings["AUTHORIZATION_REGISTER"])
    if isinstance(register, authorizations.FakeRegister):
        from portal import demo_data

        demo_data.authorize_in(register, settings["SUOMI_FI_ISSUE_CODE"], date.today())
    return register
