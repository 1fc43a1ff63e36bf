"""Flask-Limiter's counts kept in the portal's own database, so that every server behind a proxy
counts the same attempts: a `limits` storage for the fixed-window strategy, `portal-database://`.

Each count moves in one statement (an upsert that starts a new window when the old one has ended),
so two servers counting at once never lose an attempt.
"""

import math
import random
import time

from sqlalchemy import delete, func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from limits.storage import Storage

from portal.db.models import RateLimit
from portal.db.session import make_engine

_INCREMENT = text(
    "INSERT INTO rate_limits (key, hits, window_ends) VALUES (:key, :amount, :ends) "
    "ON CONFLICT (key) DO UPDATE SET "
    "hits = CASE WHEN rate_limits.window_ends <= :now THEN :amount ELSE rate_limits.hits + :amount END, "
    "window_ends = CASE WHEN rate_limits.window_ends <= :now THEN :ends ELSE rate_limits.window_ends END "
    "RETURNING hits"
)
_SWEEP_ONE_IN = 200  # now and then, forget the windows that ended an hour ago


class DatabaseStorage(Storage):
    STORAGE_SCHEME = ["portal-database"]

    def __init__(self, uri: str, database_url: str = "", wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.engine: Engine = make_engine(database_url)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = math.floor(time.time())  # whole seconds: a window ends at most a second late
        with self.engine.begin() as connection:
            hits = connection.execute(_INCREMENT, {"key": key, "amount": amount, "now": now,
                                                   "ends": now + expiry}).scalar_one()
            if random.randrange(_SWEEP_ONE_IN) == 0:
                connection.execute(delete(RateLimit).where(RateLimit.window_ends < now - 3600))
        return int(hits)

    def _row(self, key: str):
        with self.engine.connect() as connection:
            return connection.execute(select(RateLimit.hits, RateLimit.window_ends)
                                      .where(RateLimit.key == key, RateLimit.window_ends > time.time())).first()

    def get(self, key: str) -> int:
        row = self._row(key)
        return int(row.hits) if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row.window_ends if row else time.time()  # seconds since the epoch

    def check(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(select(func.count()).select_from(RateLimit).limit(1))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with self.engine.begin() as connection:
            return connection.execute(delete(RateLimit)).rowcount

    def clear(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(RateLimit).where(RateLimit.key == key))


def choose_storage(config: dict) -> None:
    """Flask-Limiter's storage: as set, or this database on PostgreSQL (every server counts the same
    attempts) and memory on SQLite."""
    if not config["RATELIMIT_STORAGE_URI"]:
        shared = config["DATABASE_URL"].startswith("postgresql")
        config["RATELIMIT_STORAGE_URI"] = "portal-database://" if shared else "memory://"
    if config["RATELIMIT_STORAGE_URI"].startswith(DatabaseStorage.STORAGE_SCHEME[0]):
        config.setdefault("RATELIMIT_STORAGE_OPTIONS", {"database_url": config["DATABASE_URL"]})
