"""The demo county as a migrated SQLite file, made once per test run and copied for each test that needs it.

With several test processes (`make test`), the controlling process starts `python -m tests.demo_template FOLDER`
before the workers begin, and the workers run the tests that need no demo (tests/conftest.py puts them first) while
it is made; whoever comes first makes it, under a lock, and the others wait for it. Alone, a test process makes it
when its first test needs it."""

import fcntl
import os
import sys
from datetime import date
from pathlib import Path

os.environ.setdefault("PORTAL_HASHING", "cheapest")  # as the tests' own (tests/conftest.py)

from sqlalchemy.orm import Session  # noqa: E402

from portal import demo_data  # noqa: E402
from portal.db.migrate import upgrade  # noqa: E402
from portal.db.session import make_engine  # noqa: E402

IDENTITY_SECRET = "test-identity-key-secret"  # the demo's identity keys are made with it (strong sign-in)
FOLDER_VARIABLE = "PORTAL_TEST_DEMO_FOLDER"  # set by the controlling process for its workers


def template(folder: Path) -> Path:
    """The demo database in `folder`, made now unless another process has made it or is making it."""
    path = folder / "demo.sqlite3"
    with open(folder / "demo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            building = folder / "demo.building.sqlite3"
            building.unlink(missing_ok=True)
            _build(building)
            building.rename(path)
    return path


def _build(path: Path) -> None:
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        demo_data.load(session, date.today(), identity_secret=IDENTITY_SECRET)
        session.commit()
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()


if __name__ == "__main__":
    template(Path(sys.argv[1]))
