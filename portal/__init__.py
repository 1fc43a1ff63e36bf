"""The personal budget portal."""

from pathlib import Path

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import cli, config
from portal.db import session as db_session
from portal.web import errors, i18n, layout, limits, paging, security, sessions, timing
from portal.web.numbers import BoundedIntegerConverter
from portal.web.admin.routes import blueprint as admin_blueprint
from portal.web.case_manager.routes import blueprint as case_manager_blueprint
from portal.web.client import mandates as _client_mandates  # noqa: F401 (registers its routes)
from portal.web.client import plan_proposal as _client_plan_proposal  # noqa: F401 (registers its routes)
from portal.web.client import providers as _client_providers  # noqa: F401 (registers its routes)
from portal.web.client.routes import blueprint as client_blueprint
from portal.web.provider import applying as _provider_applying  # noqa: F401 (registers its routes)
from portal.web.provider.routes import blueprint as provider_blueprint
from portal.web.relative.routes import blueprint as relative_blueprint
from portal.web.public.routes import blueprint as public_blueprint

csrf = CSRFProtect()
ROOT = Path(__file__).resolve().parent.parent


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
    limits.init_app(app)
    security.init_app(app)
    layout.init_app(app)
    paging.init_app(app)
    errors.init_app(app)
    app.register_blueprint(public_blueprint)
    app.register_blueprint(client_blueprint)
    app.register_blueprint(relative_blueprint)
    app.register_blueprint(case_manager_blueprint)
    app.register_blueprint(admin_blueprint)
    app.register_blueprint(provider_blueprint)
    cli.init_app(app)
    return app
