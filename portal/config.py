"""Settings from the environment."""

import os
import secrets
from datetime import timedelta
from pathlib import Path


def _secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, or one kept in instance/ for local use."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = instance_path / "secret-key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def from_environment(instance_path: Path) -> dict:
    development = os.environ.get("PORTAL_ENV", "production") == "development"
    default_db = f"sqlite:///{instance_path / 'portal.sqlite3'}"
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "DATABASE_URL": os.environ.get("DATABASE_URL", default_db),
        "SERVICE_NAME_KEY": "personal_budget",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": not development,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": not development,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
        # Signed out after this long without a request; warned two minutes before.
        "IDLE_TIMEOUT": timedelta(minutes=int(os.environ.get("IDLE_TIMEOUT_MINUTES", "20"))),
        "IDLE_WARNING": timedelta(minutes=2),
        # Failed sign-ins allowed per account and per address within the window.
        "SIGN_IN_MAX_FAILURES": 5,
        "SIGN_IN_WINDOW": timedelta(minutes=15),
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "fi",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Helsinki",
        "LANGUAGES": ("fi", "sv", "en"),
    }
