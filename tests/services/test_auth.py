from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.db.models import SignInFailure
from portal.services.auth import AttemptLimit, TooManyAttempts, authenticate

LIMIT = AttemptLimit(max_failures=3, window=timedelta(minutes=15))
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def test_the_right_password_signs_in(db):
    assert authenticate(db, "client", "demo-password", "192.0.2.1", NOW, LIMIT).username == "client"


def test_failures_are_stored_only_as_hashes(db):
    assert authenticate(db, "client", "wrong", "192.0.2.1", NOW, LIMIT) is None
    db.flush()
    keys = db.scalars(select(SignInFailure.key_hash)).all()
    assert len(keys) == 2
    assert all(len(key) == 64 and "client" not in key and "192.0.2.1" not in key for key in keys)


def test_the_account_is_refused_for_a_while_after_repeated_failures(db):
    for minute in range(3):
        authenticate(db, "client", "wrong", f"192.0.2.{minute}", NOW + timedelta(minutes=minute), LIMIT)
    with pytest.raises(TooManyAttempts):
        authenticate(db, "Client ", "demo-password", "198.51.100.1", NOW + timedelta(minutes=5), LIMIT)
    later = NOW + timedelta(minutes=20)
    assert authenticate(db, "client", "demo-password", "198.51.100.1", later, LIMIT) is not None


def test_the_address_is_refused_after_failures_on_many_accounts(db):
    for name in ("a", "b", "c"):
        authenticate(db, name, "wrong", "192.0.2.9", NOW, LIMIT)
    with pytest.raises(TooManyAttempts):
        authenticate(db, "client", "demo-password", "192.0.2.9", NOW, LIMIT)
    assert authenticate(db, "client", "demo-password", "192.0.2.10", NOW, LIMIT) is not None
