"""Pages are read side by side: a GET takes no write lock, cannot write by accident, and writes
what it must (the session's renewal, the access log) in a short transaction of its own."""

import sqlite3

import pytest
from sqlalchemy import func, select, update

from portal.db.models import AccessLogEntry, Client, User, UserSession
from portal.db.session import SafeRequestWrites, get_session, write_transaction
from portal.domain.access_log import AccessAction


def _database_file(app) -> str:
    return app.extensions["db_engine"].url.database


def test_a_page_being_read_leaves_the_database_free_for_a_writer(app):
    with app.test_request_context("/overview", method="GET"):
        assert get_session().scalar(select(func.count()).select_from(Client)) > 0  # a read is under way
        writer = sqlite3.connect(_database_file(app), timeout=0.2)
        try:
            writer.execute("BEGIN IMMEDIATE")  # would wait, and fail, if the page held the write lock
            writer.execute("ROLLBACK")
        finally:
            writer.close()


def test_a_form_being_sent_holds_the_write_lock_from_its_first_statement(app):
    with app.test_request_context("/plan", method="POST"):
        get_session().scalar(select(func.count()).select_from(Client))
        writer = sqlite3.connect(_database_file(app), timeout=0.2)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                writer.execute("BEGIN IMMEDIATE")
        finally:
            writer.close()


def test_a_page_cannot_write_through_its_session(app):
    with app.test_request_context("/overview", method="GET"):
        db = get_session()
        db.scalars(select(Client).limit(1)).one().first_name = "Changed"
        with pytest.raises(SafeRequestWrites):
            db.flush()
        db.rollback()
        with pytest.raises(SafeRequestWrites):
            db.execute(update(UserSession).values(ended_why="x"))


def test_what_a_page_must_write_is_written_in_a_transaction_of_its_own(app, db):
    before = db.scalar(select(func.count()).select_from(AccessLogEntry))
    user = db.scalars(select(User).where(User.role == "case_manager").limit(1)).one()
    client_id = db.scalar(select(Client.id).where(Client.case_manager_id == user.case_manager_id).limit(1))
    with app.test_request_context("/overview", method="GET"):
        reading = get_session()
        reading.scalar(select(func.count()).select_from(Client))
        with write_transaction() as writing:
            assert writing is not reading
            writing.add(AccessLogEntry(actor_user_id=user.id, actor_role=user.role, client_id=client_id,
                                       action=AccessAction.VIEW_OVERVIEW.value, detail=""))
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(AccessLogEntry)) == before + 1
