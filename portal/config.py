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
        # A sign-in code printed in a decision's letter works once, until the end of this many days.
        "DECISION_CODE_DAYS": int(os.environ.get("DECISION_CODE_DAYS", "30")),
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
        # Strong e-identification through OpenID Connect (Suomi.fi e-Identification); offered only with OIDC_ISSUER.
        # The keys are files: a private JWK or PEM (RSA). Without OIDC_SIGNING_KEY one is made once in instance/.
        "OIDC_ISSUER": os.environ.get("OIDC_ISSUER", ""),
        "OIDC_CLIENT_ID": os.environ.get("OIDC_CLIENT_ID", ""),
        "OIDC_SIGNING_KEY": os.environ.get("OIDC_SIGNING_KEY", str(instance_path / "oidc-signing-key.json")),
        "OIDC_ENCRYPTION_KEY": os.environ.get("OIDC_ENCRYPTION_KEY", ""),  # set: ID tokens must come encrypted
        "OIDC_SCOPES": os.environ.get("OIDC_SCOPES", "openid"),
        # The claim with the personal identity code (Suomi.fi's nationalIdentificationNumber).
        "OIDC_IDENTITY_CLAIM": os.environ.get("OIDC_IDENTITY_CLAIM", "urn:oid:1.2.246.21"),
        # Where the identity provider sends the user back after signing out (default: this portal's /signed-out).
        "OIDC_POST_LOGOUT_REDIRECT": os.environ.get("OIDC_POST_LOGOUT_REDIRECT", ""),
        # Mandates from Suomi.fi e-Authorizations besides the portal's own: "none", or "fake" (in memory, with the
        # demo's one authorization; for the demo and the tests), and the register's issue for personal budgets.
        "AUTHORIZATION_REGISTER": os.environ.get("AUTHORIZATION_REGISTER", "none"),
        "SUOMI_FI_ISSUE_CODE": os.environ.get("SUOMI_FI_ISSUE_CODE", "henkilokohtainen-budjetti"),
    }
