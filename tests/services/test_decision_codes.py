"""One-time decision codes: how they are made, typed and stored, and the sign-in that uses one once, even when
several servers try at the same moment (on SQLite and on PostgreSQL)."""

import multiprocessing
import random
from datetime import UTC, date, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.builders import a_client, a_county, an_accepted_plan, an_account
from portal.db.migrate import upgrade
from portal.db.models import Decision, DecisionCode, Plan, User
from portal.db.session import make_engine
from portal.domain.decision_codes import (ALPHABET, LENGTH, CodeState, expires_at, grouped, last_day, new_code,
                                          state_of, typed_code, typed_number)
from portal.domain.roles import Role
from portal.domain.service_types import ServiceKind
from portal.services import decision_codes
from portal.services.auth import TooManyAttempts
from portal.services.decisions import make_decision

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ADDRESS = "192.0.2.1"
WORKERS = 8


def test_a_code_has_twelve_characters_without_look_alikes_and_is_printed_in_fours():
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200 and all(len(code) == LENGTH and set(code) <= set(ALPHABET) for code in codes)
    assert not set(ALPHABET) & set("0O1IL2Z5S8B6GUVD")
    assert grouped("ACEFHJKMNPRT") == "ACEF HJKM NPRT"
    assert new_code(random.Random(1).choice) == new_code(random.Random(1).choice)


@pytest.mark.parametrize("typed", ["ACEF HJKM NPRT", "acef-hjkm-nprt", " AcEf\u00a0hjkm–nprt ", "ACEFHJKMNPRT"])
def test_a_code_is_read_with_or_without_spaces_and_dashes_in_either_case(typed):
    assert typed_code(typed) == "ACEFHJKMNPRT"


@pytest.mark.parametrize("typed", ["PB-2026-000123", "pb 2026 000123", "2026-000123", "PB2026000123 "])
def test_a_decision_number_is_read_as_it_was_given(typed):
    assert typed_number(typed) == "PB-2026-000123"


def test_a_code_works_to_the_end_of_its_last_day_in_finland():
    made = datetime(2026, 3, 2, 21, 30, tzinfo=UTC)  # already 3 March in Finland
    assert expires_at(made, 30) == datetime(2026, 4, 1, 21, 0, tzinfo=UTC)  # 2 April 00:00, summer time
    assert last_day(expires_at(made, 30)) == date(2026, 4, 1)
    code = expires_at(made, 30)
    assert state_of(None, None, code, code - timedelta(seconds=1)) == CodeState.IN_FORCE
    assert state_of(None, None, code.replace(tzinfo=None), code) == CodeState.EXPIRED
    assert state_of(NOW, None, code, NOW) == CodeState.USED
    assert state_of(None, NOW, code, NOW) == CodeState.WITHDRAWN


def _decision(db) -> Decision:
    plan = db.scalar(select(Plan).where(Plan.status == "accepted").order_by(Plan.id))
    return make_decision(db, plan, plan.period_start)


def _manager(db) -> User:
    return db.scalar(select(User).where(User.role == Role.CASE_MANAGER).order_by(User.id))


def test_only_an_argon2_hash_is_kept_and_a_new_code_withdraws_the_clients_earlier_ones(db):
    decision = _decision(db)
    first = decision_codes.make_code(db, decision, _manager(db), NOW, 30)
    second = decision_codes.make_code(db, decision, _manager(db), NOW + timedelta(minutes=1), 30)
    assert second.row.code_hash.startswith("$argon2") and second.code not in second.row.code_hash
    assert PasswordHasher().verify(second.row.code_hash, second.code)
    db.refresh(first.row)
    assert first.row.withdrawn_at is not None and second.row.withdrawn_at is None
    assert decision_codes.sign_in(db, decision.number, first.code, ADDRESS, NOW + timedelta(minutes=2)) is None
    signed = decision_codes.sign_in(db, decision.number, second.code, ADDRESS, NOW + timedelta(minutes=2))
    assert signed.user.role == Role.DECISION_CODE and signed.user.client_id == decision.client_id
    assert signed.decision.id == decision.id


def test_a_code_signs_in_once_and_the_client_has_one_account(db):
    decision = _decision(db)
    made = decision_codes.make_code(db, decision, _manager(db), NOW, 30)
    first = decision_codes.sign_in(db, grouped(made.code).lower(), made.code, ADDRESS, NOW)
    assert first is None  # the number was typed wrong (the code itself is not the number)
    first = decision_codes.sign_in(db, decision.number, grouped(made.code).lower(), ADDRESS, NOW)
    assert first is not None and decision_codes.sign_in(db, decision.number, made.code, ADDRESS, NOW) is None
    again = decision_codes.make_code(db, decision, _manager(db), NOW, 30)
    assert decision_codes.sign_in(db, decision.number, again.code, ADDRESS, NOW).user.id == first.user.id


def test_an_expired_code_signs_in_no_one(db):
    decision = _decision(db)
    made = decision_codes.make_code(db, decision, _manager(db), NOW, 1)
    assert decision_codes.sign_in(db, decision.number, made.code, ADDRESS, made.row.expires_at) is None
    assert decision_codes.sign_in(db, decision.number, made.code, ADDRESS,
                                  made.row.expires_at - timedelta(seconds=1)) is not None


def test_every_try_takes_one_argon2_check_whatever_is_wrong(db, monkeypatch):
    """An unknown number, a wrong code, no code in force, a right one: the same work, so the time tells nothing."""
    decision = _decision(db)
    made = decision_codes.make_code(db, decision, _manager(db), NOW, 30)
    checks = []
    verify = PasswordHasher.verify
    monkeypatch.setattr(PasswordHasher, "verify", lambda self, hashed, code: checks.append(1) or verify(self, hashed, code))
    tries = [("PB-1999-000001", made.code), (decision.number, "ACEFHJKMNPRT"), ("", "x"), (decision.number, made.code),
             (decision.number, made.code)]  # the last: used already, so no code is in force
    for moment, (number, code) in enumerate(tries):
        checks.clear()
        decision_codes.sign_in(db, number, code, f"192.0.2.{moment}", NOW)
        assert len(checks) == 1, (number, code)


def test_failures_make_even_the_right_code_wait_from_that_address_and_for_that_number(db):
    decision = _decision(db)
    made = decision_codes.make_code(db, decision, _manager(db), NOW, 30)
    for _ in range(3):
        assert decision_codes.sign_in(db, decision.number, "ACEFHJKMNPRT", ADDRESS, NOW) is None
    with pytest.raises(TooManyAttempts) as refused:
        decision_codes.sign_in(db, decision.number, made.code, ADDRESS, NOW)
    assert refused.value.until == NOW + timedelta(seconds=5)
    for number in range(7):  # guessing the number's code from other addresses: ten failures in all
        decision_codes.sign_in(db, decision.number, "ACEFHJKMNPRT", f"198.51.100.{number}", NOW)
    with pytest.raises(TooManyAttempts):
        decision_codes.sign_in(db, decision.number, made.code, "203.0.113.1", NOW)
    later = NOW + timedelta(minutes=1)
    assert decision_codes.sign_in(db, decision.number, made.code, ADDRESS, later) is not None


# Several servers at once: one code, eight sign-ins at the same moment, one wins.

def _try(url: str, number: str, code: str, address: str, go, results) -> None:
    engine = make_engine(url, immediate=url.startswith("sqlite"))
    with Session(engine) as db:
        go.wait()
        try:
            signed = decision_codes.sign_in(db, number, code, address, NOW)
            db.commit()
            results.put("in" if signed is not None else "refused")
        except Exception as error:  # noqa: BLE001 - counted: any of these would be a 500
            db.rollback()
            results.put(f"error:{type(error).__name__}")
    engine.dispose()


def _race(url: str) -> list[str]:
    engine = make_engine(url)
    with Session(engine) as db:
        decision = _decision(db)
        made = decision_codes.make_code(db, decision, _manager(db), NOW - timedelta(hours=1), 30)
        number, code_id = decision.number, made.row.id
        db.commit()
    engine.dispose()
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.services.test_decision_codes"])
    go, results = context.Event(), context.Queue()
    workers = [context.Process(target=_try, args=(url, number, made.code, f"192.0.2.{n}", go, results))
               for n in range(WORKERS)]
    for worker in workers:
        worker.start()
    go.set()
    outcomes = sorted(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
    engine = make_engine(url)
    with Session(engine) as db:
        used = db.scalar(select(DecisionCode.used_at).where(DecisionCode.id == code_id))
        accounts = db.scalars(select(User.id).where(User.role == Role.DECISION_CODE)).all()
    engine.dispose()
    assert used is not None and len(accounts) == 1
    return outcomes


def test_one_code_tried_at_once_signs_in_once_on_sqlite(database_url):
    assert _race(database_url) == ["in"] + ["refused"] * (WORKERS - 1)


def test_one_code_tried_at_once_signs_in_once_on_postgresql(tmp_path):
    from tests.postgres import TemporaryPostgres

    server = TemporaryPostgres().start()
    try:
        url = server.create_database("codes")
        upgrade(url)
        engine = make_engine(url)
        with Session(engine) as db:
            county = a_county(db)
            an_account(db, Role.CASE_MANAGER, "manager", case_manager=county.case_managers[0])
            an_accepted_plan(db, a_client(db, county, "Aino", "Virtanen"), {ServiceKind.HOME_CARE: 20},
                             date(2026, 1, 1))
            db.commit()
        engine.dispose()
        assert _race(url) == ["in"] + ["refused"] * (WORKERS - 1)
    finally:
        server.stop()
