"""A use case is one unit of work: it commits when it returns, rolls back when it raises, and
nested use cases commit once, at the end of the outermost (a binding form's key with its action)."""

import pytest
from sqlalchemy import func, select

from portal.db.models import AccessLogEntry, Client, User
from portal.domain.access_log import AccessAction
from portal.services import access_log
from portal.services.work import side_write, unit_of_work, use_case


class Refused(Exception):
    pass


def _entries(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(AccessLogEntry))


@use_case
def _note(db, user_id: int, client_id: int, fail: bool = False) -> int:
    access_log.record(db, db.get(User, user_id), client_id, AccessAction.VIEW_OVERVIEW, detail="unit test")
    db.flush()
    if fail:
        raise Refused
    return client_id


@pytest.fixture()
def someone(db):
    return db.scalar(select(User.id).order_by(User.id).limit(1)), db.scalar(select(Client.id).limit(1))


def test_a_use_case_commits_what_it_wrote_when_it_returns(app, db, someone):
    before = _entries(db)
    with app.test_request_context("/plan", method="POST"):
        assert _note(*someone) == someone[1]
    assert _entries(db) == before + 1


def test_a_use_case_that_raises_leaves_nothing_behind(app, db, someone):
    before = _entries(db)
    with app.test_request_context("/plan", method="POST"):
        with pytest.raises(Refused):
            _note(*someone, fail=True)
    assert _entries(db) == before


def test_nested_use_cases_commit_once_at_the_end_of_the_outermost(app, db, someone):
    before = _entries(db)
    with app.test_request_context("/plan", method="POST"):
        with unit_of_work():
            _note(*someone)
            assert _entries(db) == before  # not yet committed: the outer unit is still open
            _note(*someone)
        assert _entries(db) == before + 2


def test_an_error_in_a_nested_use_case_undoes_the_whole_unit(app, db, someone):
    before = _entries(db)
    with app.test_request_context("/plan", method="POST"):
        with pytest.raises(Refused):
            with unit_of_work():
                _note(*someone)
                _note(*someone, fail=True)
    assert _entries(db) == before


def test_within_runs_the_same_steps_in_the_callers_session(db, someone):
    before = _entries(db)
    _note.within(db, *someone)
    db.rollback()  # the caller owns the transaction
    assert _entries(db) == before


def test_a_page_writes_apart_from_its_reading_session(app, db, someone):
    before = _entries(db)
    user_id, client_id = someone

    @side_write
    def note(session):
        access_log.record(session, session.get(User, user_id), client_id, AccessAction.VIEW_OVERVIEW)

    with app.test_request_context("/overview", method="GET"):
        note()
    assert _entries(db) == before + 1
