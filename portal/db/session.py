"""One engine per app, one session per request (closed when the request ends).

On SQLite a request that may change something (POST) runs immediate transactions (BEGIN
IMMEDIATE): each takes the database's write lock when it starts, so a request that reads and
then writes cannot find that another wrote in between, and requests wait for each other
instead of failing. A safe request (GET, HEAD) reads without taking the lock, so pages are
served side by side; its session refuses to write, and the little a page does write (the
session's renewal, the access log) goes through `write_transaction`, a short transaction of
its own. On PostgreSQL the conditional updates lock the rows they change.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, immediate: bool = False) -> Engine:
    """An engine for the URL; `immediate` makes SQLite take the write lock at every BEGIN."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        _create_private(engine.url.database)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.close()
            if immediate:
                dbapi_connection.isolation_level = None  # the BEGIN below, not the driver's own

        if immediate:
            @event.listens_for(engine, "begin")
            def _begin_immediate(connection):
                connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True)


def _create_private(path: str | None) -> None:
    """A new SQLite file readable by its owner only (SQLite gives its -wal and -shm files the same)."""
    if path and path != ":memory:" and not os.path.exists(path):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def dialect_insert(session: Session):
    """The INSERT of the session's database, with its ON CONFLICT clauses (PostgreSQL's or SQLite's)."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def init_app(app: Flask) -> None:
    url = app.config["DATABASE_URL"]
    engine = make_engine(url)
    requests = make_engine(url, immediate=True) if url.startswith("sqlite") else engine
    app.extensions["db_sessionmaker"] = sessionmaker(requests, expire_on_commit=False)
    app.extensions["db_reading_sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    app.extensions["db_engine"] = engine
    app.extensions["db_request_engine"] = requests
    app.teardown_appcontext(_close_session)


def dispose(app: Flask) -> None:
    app.extensions["db_request_engine"].dispose()
    app.extensions["db_engine"].dispose()


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SafeRequestWrites(RuntimeError):
    """A GET or HEAD request tried to write through its reading session."""


def reads_only() -> bool:
    """Whether this is a safe request (GET, HEAD), whose session reads only."""
    return has_request_context() and request.method in SAFE_METHODS


def get_session() -> Session:
    """The request's session: in a safe request, one that reads without locks and cannot write."""
    if "db_session" not in g:
        if reads_only():
            g.db_session = current_app.extensions["db_reading_sessionmaker"]()
            event.listen(g.db_session, "before_flush", _refuse_flush)
            event.listen(g.db_session, "do_orm_execute", _refuse_change)
        else:
            g.db_session = current_app.extensions["db_sessionmaker"]()
    return g.db_session


def _refuse_flush(session: Session, _context, _instances) -> None:
    if session.new or session.dirty or session.deleted:
        raise SafeRequestWrites("a safe request does not write through its session: use write_transaction()")


def _refuse_change(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        raise SafeRequestWrites("a safe request does not write through its session: use write_transaction()")


@contextmanager
def write_transaction() -> Iterator[Session]:
    """A short immediate transaction of its own, committed at the end, beside a safe request's
    reading session."""
    session = current_app.extensions["db_sessionmaker"]()
    try:
        yield session
        session.commit()
    finally:
        session.close()


def _close_session(_exc: BaseException | None) -> None:
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.close()


@contextmanager
def reading_session() -> Iterator[Session]:
    """A session for a long read, such as a file streamed to the browser: on SQLite it takes no
    write lock (the request's own session does, from its first statement), so nobody waits for
    the download."""
    session = Session(current_app.extensions["db_engine"])
    try:
        yield session
    finally:
        session.close()
