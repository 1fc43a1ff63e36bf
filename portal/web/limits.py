"""Limits on how often a form that can be abused may be sent: per address, and per account.

Flask-Limiter counts in the database on PostgreSQL (`portal-database://`, shared by every server)
and in memory on SQLite; RATELIMIT_STORAGE_URI names another storage, such as Redis. The limits
themselves are settings (RATE_LIMIT_*).
"""

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user

limiter = Limiter(key_func=get_remote_address)


def _setting(name: str):
    return lambda: current_app.config[name]


def per_address(setting: str):
    """At most the setting's number of POSTs from one address."""
    return limiter.limit(_setting(setting), methods=["POST"], key_func=get_remote_address)


def per_address_whatever_method(setting: str):
    """At most the setting's number of requests from one address, GETs too (a sign-in that comes back by GET)."""
    return limiter.limit(_setting(setting), key_func=get_remote_address)


def per_account(setting: str):
    """At most the setting's number of POSTs from one signed-in account, wherever from."""
    return limiter.limit(_setting(setting), methods=["POST"],
                         key_func=lambda: f"user:{current_user.id}" if current_user.is_authenticated else get_remote_address())


def init_app(app: Flask) -> None:
    """Counts where the factory's settings say (`rate_limits.choose_storage`)."""
    limiter.init_app(app)
