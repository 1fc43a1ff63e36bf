"""Settings from the environment."""

import os
import secrets
from datetime import timedelta
from pathlib import Path


def _kept_secret(instance_path: Path, variable: str, file_name: str) -> str:
    """A secret from the environment, or one made once and kept in instance/ for local use."""
    if key := os.environ.get(variable):
        return key
    path = instance_path / file_name
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        with os.fdopen(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600), "w") as file:
            file.write(secrets.token_hex(32))
    return path.read_text().strip()


def from_environment(instance_path: Path) -> dict:
    development = os.environ.get("PORTAL_ENV", "production") == "development"
    default_db = f"sqlite:///{instance_path / 'portal.sqlite3'}"
    return {
        "SECRET_KEY": _kept_secret(instance_path, "SECRET_KEY", "secret-key"),
        # Personal identity codes are stored only as hashes keyed with this: it must outlive SECRET_KEY's rotations.
        "IDENTITY_KEY_SECRET": _kept_secret(instance_path, "IDENTITY_KEY_SECRET", "identity-key-secret"),
        "DATABASE_URL": os.environ.get("DATABASE_URL", default_db),
        "SERVICE_NAME_KEY": "personal_budget",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": not development,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": not development,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        # Signed out after this long without a request; warned two minutes before.
        "IDLE_TIMEOUT": timedelta(minutes=int(os.environ.get("IDLE_TIMEOUT_MINUTES", "20"))),
        # Signed out this long after signing in, however busy.
        "ABSOLUTE_TIMEOUT": timedelta(hours=int(os.environ.get("ABSOLUTE_TIMEOUT_HOURS", "12"))),
        "IDLE_WARNING": timedelta(minutes=2),
        # How often forms that can be abused may be sent (Flask-Limiter's notation).
        "RATE_LIMIT_SIGN_IN": os.environ.get("RATE_LIMIT_SIGN_IN", "30 per minute"),
        "RATE_LIMIT_MANDATE_REQUEST_ACCOUNT": os.environ.get("RATE_LIMIT_MANDATE_REQUEST_ACCOUNT", "10 per hour"),
        "RATE_LIMIT_MANDATE_REQUEST_ADDRESS": os.environ.get("RATE_LIMIT_MANDATE_REQUEST_ADDRESS", "30 per hour"),
        "RATE_LIMIT_APPLICATION": os.environ.get("RATE_LIMIT_APPLICATION", "30 per hour"),
        "RATE_LIMIT_FEEDBACK": os.environ.get("RATE_LIMIT_FEEDBACK", "20 per hour"),
        # Counted in the database on PostgreSQL, so that several servers count together (redis://… also
        # works); in memory on SQLite, which serves from one machine.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", ""),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Behind this many proxies, the client's address is read from X-Forwarded-For (0: not at all).
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "fi",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Helsinki",
        "LANGUAGES": ("fi", "sv", "en"),
        # Alerts by e-mail: through this SMTP server; without SMTP_HOST, written to MAIL_FOLDER and
        # listed for the county's staff at /admin/mail (development).
        "SMTP_HOST": os.environ.get("SMTP_HOST", ""),
        "SMTP_PORT": int(os.environ.get("SMTP_PORT", "587")),
        "SMTP_TLS": os.environ.get("SMTP_TLS", "starttls"),  # starttls, ssl or none
        "SMTP_USER": os.environ.get("SMTP_USER", ""),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD", ""),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "henkilokohtainen-budjetti@example.fi"),
        "MAIL_FOLDER": os.environ.get("MAIL_FOLDER", str(instance_path / "mail")),
        # The portal's address, for the links in e-mails and letters.
        "PORTAL_URL": os.environ.get("PORTAL_URL", "http://127.0.0.1:5000"),
    }
