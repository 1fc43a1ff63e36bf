"""Several processes recording against one voucher at the same moment (used by the tests)."""

import multiprocessing
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from portal.db.models import LedgerEntry, ServiceEvent, User, Voucher
from portal.db.session import make_engine
from portal.domain.ledger import EntryKind
from portal.domain.recording import RecordingError
from portal.services import provider_work
from portal.services.ledger import post_entry

WORKERS = 4
ATTEMPTS = 6
AFFORDABLE = 5


def _worker(url: str, user_id: int, choice_id: int, service_date: date, go, results) -> None:
    engine = make_engine(url)
    made = refused = 0
    with Session(engine) as db:
        user = db.get(User, user_id)
        go.wait()
        for _ in range(ATTEMPTS):
            while True:
                try:
                    provider_work.record(db, user.provider_id, user, choice_id, service_date, 1, service_date)
                    db.commit()
                    made += 1
                except RecordingError:
                    db.rollback()
                    refused += 1
                except OperationalError:
                    db.rollback()  # SQLite: another writer holds the lock; try the same recording again
                    continue
                break
    engine.dispose()
    results.put((made, refused))


def prepare(url: str) -> tuple[int, int, int, date]:
    """A voucher of the demo provider's client with room for exactly AFFORDABLE units."""
    engine = make_engine(url)
    with Session(engine) as db:
        user = db.scalar(select(User).where(User.username == "provider"))
        today = date.today()
        choice = next(c for c in provider_work.choices_of(db, user.provider_id, today)
                      if c.status == "accepted" and c.valid_from <= today)
        first = provider_work.record(db, user.provider_id, user, choice.id, today, 1, today).event
        per_unit = first.charged_cents
        voucher = db.get(Voucher, first.voucher_id)
        post_entry(db, voucher.id, EntryKind.CHARGE, voucher.remaining_cents - AFFORDABLE * per_unit)
        db.commit()
        ids = (user.id, choice.id, voucher.id)
    engine.dispose()
    return (*ids, today)


def race(url: str) -> dict:
    user_id, choice_id, voucher_id, today = prepare(url)
    context = multiprocessing.get_context("spawn")
    go, results = context.Event(), context.Queue()
    workers = [context.Process(target=_worker, args=(url, user_id, choice_id, today, go, results)) for _ in range(WORKERS)]
    for worker in workers:
        worker.start()
    go.set()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    engine = make_engine(url)
    with Session(engine) as db:
        voucher = db.get(Voucher, voucher_id)
        state = {
            "made": sum(made for made, _ in outcomes),
            "refused": sum(refused for _, refused in outcomes),
            "remaining": voucher.remaining_cents,
            "sum_of_entries": db.scalar(select(func.sum(LedgerEntry.amount_cents)).where(LedgerEntry.voucher_id == voucher_id)),
            "events_today": db.scalar(select(func.count()).select_from(ServiceEvent).where(
                ServiceEvent.voucher_id == voucher_id, ServiceEvent.service_date == today,
                ServiceEvent.recorded_at >= today - timedelta(days=1))),
        }
    engine.dispose()
    return state
