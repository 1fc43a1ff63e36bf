"""Races between separate processes, as between web servers' workers (used by the tests).

Each scenario prepares one situation on a database with the demo data, starts its workers
at the same moment, and reports what happened: attempts, entries made, euros too many,
and errors (anything but a clear refusal). Workers use an engine like the app's own, so
SQLite transactions are immediate ones there too.
"""

import multiprocessing
from datetime import date, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal.db.models import (Correction, LedgerEntry, ServiceDispute, ServiceEvent, Settlement, User, Voucher,
                              VoucherMonth)
from portal.db.session import make_engine
from portal.domain.agreements import Party
from portal.domain.confirmations import CONFIRMATION_DAYS, ConfirmationError
from portal.domain.ledger import EntryKind
from portal.domain.settlement import payable_cents
from portal.domain.plans import month_start
from portal.domain.recording import RecordingError
from portal.domain.statement import totals_of
from portal.services import disputes, ledger, provider_work, settlements
from portal.services.settlements import SettlementError

WORKERS = 8
TODAY = date.today()
LAST_MONTH_END = month_start(TODAY) - timedelta(days=1)
SETTLING_DAY = TODAY + timedelta(days=CONFIRMATION_DAYS + 1)  # the days to confirm services recorded today are over


def _engine(url: str):
    return make_engine(url, immediate=url.startswith("sqlite"))


def _user(db, username: str = "provider") -> User:
    return db.scalar(select(User).where(User.username == username))


def _attempt(db, action) -> str:
    """ok, refused (a clear refusal the page words) or error (what would be a server error)."""
    try:
        action()
        db.commit()
        return "ok"
    except (RecordingError, SettlementError, ConfirmationError, LookupError) as refusal:
        db.rollback()
        return f"refused:{refusal}"
    except Exception as error:  # noqa: BLE001 - counted: any of these would be a 500
        db.rollback()
        return f"error:{type(error).__name__}"


def _worker(url: str, task: str, arguments: tuple, repeat: int, go, results) -> None:
    engine = _engine(url)
    outcomes = []
    with Session(engine) as db:
        provider, admin = _user(db), _user(db, "admin")
        go.wait()
        for _ in range(repeat):
            if task == "record":
                choice_id, day, units = arguments
                outcomes.append(_attempt(db, lambda: provider_work.record(
                    db, provider.provider_id, provider, choice_id, day, units, TODAY)))
            elif task == "correct":
                event_id, units = arguments
                outcomes.append(_attempt(db, lambda: provider_work.correct(
                    db, provider.provider_id, provider, event_id, units, "wrong_units", "", TODAY)))
            elif task == "settle":
                (month,) = arguments
                outcomes.append(_attempt(db, lambda: settlements.settle(db, provider.provider_id, month, admin, SETTLING_DAY)))
            elif task == "dispute":
                client_id, event_id = arguments
                outcomes.append(_attempt(db, lambda: disputes.dispute(
                    db, client_id, admin, Party.CLIENT, event_id, "not_delivered", "", TODAY)))
            elif task == "confirm":
                client_id, month, up_to = arguments
                outcomes.append(_attempt(db, lambda: disputes.confirm_all(db, client_id, admin, month, up_to, TODAY)))
    engine.dispose()
    results.put(outcomes)


def _run(url: str, jobs: list[tuple[str, tuple, int]]) -> list[str]:
    # Workers fork from a server that has imported the portal once (no engine, no connection yet):
    # separate processes as with spawn, without each importing everything again.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.concurrency"])
    go, results = context.Event(), context.Queue()
    workers = [context.Process(target=_worker, args=(url, task, arguments, repeat, go, results))
               for task, arguments, repeat in jobs]
    for worker in workers:
        worker.start()
    go.set()
    outcomes = [outcome for _ in workers for outcome in results.get(timeout=300)]
    for worker in workers:
        worker.join(timeout=60)
    return outcomes


def _count(outcomes: list[str]) -> dict:
    return {"attempts": len(outcomes), "made": outcomes.count("ok"), "refused": sum(1 for outcome in outcomes if outcome.startswith("refused")),
            "refusals": sorted(set(outcome for outcome in outcomes if outcome.startswith("refused"))),
            "errors": sum(1 for outcome in outcomes if outcome.startswith("error"))}


def _choice(db, provider: User, day: date):
    """The demo provider's accepted client on that day with the most budget left."""
    choices = [c for c in provider_work.choices_of(db, provider.provider_id, day)
               if c.status == "accepted" and c.valid_from <= day]
    return max(choices, key=lambda c: c.plan_line.voucher.remaining_cents)


def _set_month_room(db, voucher_id: int, month: date, units: int) -> None:
    """Give the month exactly `units` more units of quantity, so that only the race decides."""
    db.execute(update(VoucherMonth).where(VoucherMonth.voucher_id == voucher_id, VoucherMonth.month == month)
               .values(unit_limit=VoucherMonth.units_used + units))


def overspend(url: str, affordable: int = 5) -> dict:
    """Recordings of one unit at once against a voucher with money for exactly `affordable`."""
    engine = _engine(url)
    with Session(engine) as db:
        provider = _user(db)
        choice = _choice(db, provider, TODAY)
        first = provider_work.record(db, provider.provider_id, provider, choice.id, TODAY, 1, TODAY).event
        voucher = db.get(Voucher, first.voucher_id)
        ledger.post_entry(db, voucher.id, EntryKind.CHARGE, voucher.remaining_cents - affordable * first.charged_cents,
                          TODAY)
        _set_month_room(db, voucher.id, month_start(TODAY), 1000)
        db.commit()
        choice_id, voucher_id = choice.id, voucher.id
    engine.dispose()
    outcomes = _run(url, [("record", (choice_id, TODAY, 1), 3)] * WORKERS)
    state = _count(outcomes)
    engine = _engine(url)
    with Session(engine) as db:
        voucher = db.get(Voucher, voucher_id)
        state.update(affordable=affordable, remaining_cents=voucher.remaining_cents,
                     sum_of_entries=db.scalar(select(func.sum(LedgerEntry.amount_cents)).where(LedgerEntry.voucher_id == voucher_id)),
                     euros_over=max(0, -voucher.remaining_cents) / 100)
    engine.dispose()
    return state


def month_limit(url: str, room: int = 6) -> dict:
    """Recordings of two units at once against a month with room for exactly `room` units."""
    engine = _engine(url)
    with Session(engine) as db:
        provider = _user(db)
        choice = _choice(db, provider, TODAY)
        voucher_id, month = choice.plan_line.voucher_id, month_start(TODAY)
        _set_month_room(db, voucher_id, month, room)
        db.commit()
        used_before = db.scalar(select(VoucherMonth.units_used).where(VoucherMonth.voucher_id == voucher_id, VoucherMonth.month == month))
        choice_id = choice.id
    engine.dispose()
    outcomes = _run(url, [("record", (choice_id, TODAY, 2), 3)] * WORKERS)
    state = _count(outcomes)
    engine = _engine(url)
    with Session(engine) as db:
        row = db.scalar(select(VoucherMonth).where(VoucherMonth.voucher_id == voucher_id, VoucherMonth.month == month))
        recorded = db.scalar(select(func.coalesce(func.sum(ServiceEvent.units - ServiceEvent.credited_units), 0)).where(
            ServiceEvent.voucher_id == voucher_id, ServiceEvent.service_date >= month))
        state.update(room=room, units_added=row.units_used - used_before, units_over=max(0, row.units_used - row.unit_limit),
                     stored_matches_recordings=recorded == row.units_used)
    engine.dispose()
    return state


def corrections(url: str, rounds: int = 8) -> dict:
    """Rounds of eight corrections at once, each crediting back all three units of one recording."""
    totals = {"attempts": 0, "made": 0, "refused": 0, "refusals": [], "errors": 0, "rounds_over": 0, "euros_over": 0.0}
    for _ in range(rounds):
        engine = _engine(url)
        with Session(engine) as db:
            provider = _user(db)
            choice = _choice(db, provider, TODAY)
            _set_month_room(db, choice.plan_line.voucher_id, month_start(TODAY), 3)
            event = provider_work.record(db, provider.provider_id, provider, choice.id, TODAY, 3, TODAY).event
            db.commit()
            event_id, charged = event.id, event.charged_cents
        engine.dispose()
        outcomes = _run(url, [("correct", (event_id, 3), 1)] * WORKERS)
        for key, value in _count(outcomes).items():
            totals[key] = sorted(set(totals[key]) | set(value)) if key == "refusals" else totals[key] + value
        engine = _engine(url)
        with Session(engine) as db:
            credited = db.scalar(select(func.coalesce(func.sum(Correction.credited_cents), 0))
                                 .where(Correction.service_event_id == event_id))
            ledger_credits = db.scalar(select(func.coalesce(func.sum(LedgerEntry.amount_cents), 0)).where(
                LedgerEntry.service_event_id == event_id, LedgerEntry.kind == "credit"))
        engine.dispose()
        if credited > charged or ledger_credits > charged:
            totals["rounds_over"] += 1
            totals["euros_over"] += (max(credited, ledger_credits) - charged) / 100
    return totals


def settle_while_recording(url: str) -> dict:
    """Seven workers record services dated last month while the county settles that month."""
    month = month_start(LAST_MONTH_END)
    engine = _engine(url)
    with Session(engine) as db:
        provider = _user(db)
        choice = _choice(db, provider, LAST_MONTH_END)
        _set_month_room(db, choice.plan_line.voucher_id, month, 1000)
        db.commit()
        choice_id, provider_id = choice.id, provider.provider_id
    engine.dispose()
    outcomes = _run(url, [("record", (choice_id, LAST_MONTH_END, 1), 3)] * (WORKERS - 1) + [("settle", (month,), 1)])
    state = _count(outcomes)
    engine = _engine(url)
    with Session(engine) as db:
        paid = db.scalar(select(Settlement).where(Settlement.provider_id == provider_id, Settlement.month == month))
        settled_in_race = paid is not None
        if not settled_in_race:  # a recording came between the settlement's check and its update, which refused: the
            admin = _user(db, "admin")  # recording's days to confirm start again; settled after them, it pays
            _attempt(db, lambda: settlements.settle(db, provider_id, month, admin, SETTLING_DAY))
            paid = db.scalar(select(Settlement).where(Settlement.provider_id == provider_id, Settlement.month == month))
        shown = settlements.statement(db, provider_id, month)
        provider = _user(db)
        late = _attempt(db, lambda: provider_work.record(db, provider_id, provider, choice_id, LAST_MONTH_END, 1, TODAY))
        after = settlements.month_total(db, provider_id, month)
        rows = totals_of(shown.rows)
        held = db.scalar(select(func.coalesce(func.sum(ServiceDispute.held_cents), 0)).where(  # the demo's dispute
            ServiceDispute.provider_id == provider_id, ServiceDispute.held_month == month))
        state.update(
            settled_in_race=settled_in_race,
            paid_eur=paid.total_cents / 100 if paid else None,
            rows_eur=payable_cents(rows.charged_cents, rows.credited_cents, held, 0) / 100,
            euros_changed_after_paid=(after.total_cents - paid.total_cents) / 100 if paid else None,
            record_after_settling=late,
        )
    engine.dispose()
    return state


def disputes_and_confirmations(url: str) -> dict:
    """Three workers dispute the same service of the demo client while three confirm all of its month: the
    service ends up disputed once or confirmed, never both; the provider's month counts what happened."""
    month = month_start(LAST_MONTH_END)
    engine = _engine(url)
    with Session(engine) as db:
        client_id = _user(db, "client").client_id
        waiting = disputes.services_to_confirm(db, client_id, month, TODAY).waiting
        event_id, up_to = waiting[0].event.id, waiting[-1].event.id
    engine.dispose()
    outcomes = _run(url, [("dispute", (client_id, event_id), 1)] * 3 + [("confirm", (client_id, month, up_to), 1)] * 3)
    state = _count(outcomes)
    engine = _engine(url)
    with Session(engine) as db:
        event = db.get(ServiceEvent, event_id)
        state.update(
            disputes=db.scalar(select(func.count()).select_from(ServiceDispute).where(ServiceDispute.service_event_id == event_id)),
            confirmed=event.confirmed_at is not None,
            check_ledger=ledger.discrepancies(db),
        )
    engine.dispose()
    return state

