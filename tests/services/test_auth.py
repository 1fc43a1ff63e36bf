from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.db.models import SignInFailure
from portal.domain.sign_in import THROTTLES, Counted
from portal.services.auth import TooManyAttempts, authenticate

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def test_the_right_password_signs_in(db):
    assert authenticate(db, "client", "demo-password", "192.0.2.1", NOW).username == "client"


def test_failures_are_stored_only_as_hashes(db):
    assert authenticate(db, "client", "wrong", "192.0.2.1", NOW) is None
    db.flush()
    keys = db.scalars(select(SignInFailure.key_hash)).all()
    assert len(keys) == 3
    assert all(len(key) == 64 and "client" not in key and "192.0.2.1" not in key for key in keys)


def test_failures_from_one_address_make_that_account_wait_longer_each_time(db):
    moment = NOW
    waits = []
    for _ in range(6):
        try:
            authenticate(db, "client", "wrong", "192.0.2.1", moment)
        except TooManyAttempts as refused:
            waits.append(refused.until - moment)
            moment = refused.until
            authenticate(db, "client", "wrong", "192.0.2.1", moment)
        moment += timedelta(seconds=1)
    assert waits == sorted(waits) and len(waits) >= 2 and waits[-1] > waits[0]
    with pytest.raises(TooManyAttempts) as refused:
        authenticate(db, "client", "demo-password", "192.0.2.1", moment)
    assert authenticate(db, "client", "demo-password", "192.0.2.1", refused.value.until) is not None


def test_the_account_from_anywhere_never_waits_more_than_a_minute(db):
    for number in range(40):
        try:
            authenticate(db, "client", "wrong", f"192.0.2.{number}", NOW)
        except TooManyAttempts:
            pass  # guessing goes on from the next address
    assert THROTTLES[Counted.ACCOUNT].wait_after(40) == timedelta(minutes=1)
    with pytest.raises(TooManyAttempts) as refused:
        authenticate(db, "client", "demo-password", "198.51.100.1", NOW)
    assert refused.value.until <= NOW + timedelta(minutes=1)
    assert authenticate(db, "client", "demo-password", "198.51.100.1", NOW + timedelta(minutes=1)) is not None


def test_an_address_guessing_many_accounts_waits(db):
    for number in range(20):
        authenticate(db, f"guess{number}", "wrong", "192.0.2.9", NOW)
    with pytest.raises(TooManyAttempts):
        authenticate(db, "client", "demo-password", "192.0.2.9", NOW)
    assert authenticate(db, "client", "demo-password", "192.0.2.10", NOW) is not None
