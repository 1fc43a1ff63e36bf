"""Random sequences of recordings, corrections, plan revisions and settlements, through the
real services on a real database, with the books checked after every step (the provider's clients'
vouchers and settlements) and after every sequence (every running total in the database).

Invariants:
- every voucher's stored totals, in total and month by month, are what its ledger entries add up to;
- what is left = granted - charged + credited, and it is never below zero;
- a recording never takes a month past its quantity;
- what is credited on a recording never exceeds what it charged;
- a settled month's figures never change, and its rows add up to them;
- with the client's confirmations and disputes: what the months pay (settled or not) plus what open
  disputes hold is what the services charged less what was credited back, so a held amount is paid
  exactly once, when released; a dispute's month holds it while open.
"""

import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.db.models import (Correction, LedgerEntry, Plan, ProviderMonth, ServiceDispute, ServiceEvent, Settlement,
                              User, Voucher)
from portal.db.session import make_engine
from portal.domain.agreements import Party
from portal.domain.budget import Band
from portal.domain.confirmations import CONFIRMATION_DAYS, ConfirmationError, DisputeReason, Resolution
from portal.domain.ledger import Entry, EntryKind, position_of
from portal.domain.plans import PlanError, month_start
from portal.domain.recording import RecordingError
from portal.domain.statement import totals_of
from portal.services import caseload, dispute_resolution, disputes, ledger, plans, provider_work, settlements

TODAY = date.today()
SETTLING_DAY = TODAY + timedelta(days=CONFIRMATION_DAYS + 1)  # the days to confirm today's recordings are over


class Books(RuleBasedStateMachine):
    template: Path

    def __init__(self):
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="books-"))
        shutil.copy(self.template, self.folder / "portal.sqlite3")
        self.engine = make_engine(f"sqlite:///{self.folder / 'portal.sqlite3'}", immediate=True)
        self.db = Session(self.engine, expire_on_commit=False)
        self.provider = self.db.scalar(select(User).where(User.username == "provider"))
        self.admin = self.db.scalar(select(User).where(User.username == "admin"))
        self.client_ids = sorted({c.plan_line.plan.client_id for c in self._choices()})
        self.events: list[int] = []
        self.paid: dict[date, tuple[int, int, int]] = {}

    def teardown(self):
        try:  # what check-ledger says of the whole database, once each sequence has run (its steps touch one
            assert ledger.discrepancies(self.db) == []  # provider's clients, whose books are checked after each)
        finally:
            self.db.close()
            self.engine.dispose()
            shutil.rmtree(self.folder, ignore_errors=True)

    def _choices(self):
        return [c for c in provider_work.choices_of(self.db, self.provider.provider_id, TODAY) if c.status == "accepted"]

    def _entries(self) -> int:
        return self.db.scalar(select(func.count()).select_from(LedgerEntry))

    @rule(pick=st.integers(0, 100), days_back=st.integers(0, 59), units=st.integers(1, 12))
    def record(self, pick, days_back, units):
        choices = self._choices()
        choice = choices[pick % len(choices)]
        day = TODAY - timedelta(days=days_back)
        before = self._entries()
        try:
            recorded = provider_work.record(self.db, self.provider.provider_id, self.provider, choice.id, day, units, TODAY)
        except RecordingError:
            self.db.rollback()
            assert self._entries() == before  # a refusal saves nothing
            return
        self.db.commit()
        self.events.append(recorded.event.id)
        month = ledger.position_of_voucher(self.db, recorded.event.voucher_id).month(day)
        assert month.units_used <= month.unit_limit

    @precondition(lambda self: self.events)
    @rule(pick=st.integers(0, 1000), units=st.integers(1, 6))
    def correct(self, pick, units):
        self.correct_event(self.events[pick % len(self.events)], units)

    def correct_event(self, event_id, units):
        try:
            provider_work.correct(self.db, self.provider.provider_id, self.provider, event_id, units, "wrong_units", "", TODAY)
        except RecordingError:
            self.db.rollback()
            return
        self.db.commit()

    @rule(months_back=st.integers(1, 2))
    def settle(self, months_back):
        month = month_start(TODAY)
        for _ in range(months_back):
            month = month_start(month - timedelta(days=1))
        try:
            settled = settlements.settle(self.db, self.provider.provider_id, month, self.admin, SETTLING_DAY)
        except LookupError:
            self.db.rollback()
            return
        self.db.commit()
        paid = settled.settlement
        snapshot = (paid.events, paid.charged_cents, paid.credited_cents, paid.held_cents, paid.released_cents)
        assert self.paid.setdefault(month, snapshot) == snapshot

    def _client_of(self, event_id: int) -> int:
        return self.db.scalar(select(Voucher.client_id).join(ServiceEvent, ServiceEvent.voucher_id == Voucher.id)
                              .where(ServiceEvent.id == event_id))

    @precondition(lambda self: self.events)
    @rule(pick=st.integers(0, 1000), reason=st.sampled_from(list(DisputeReason)))
    def dispute(self, pick, reason):
        event_id = self.events[pick % len(self.events)]
        try:
            disputes.dispute(self.db, self._client_of(event_id), self.admin, Party.CLIENT, event_id, reason, "x", TODAY)
        except ConfirmationError:
            self.db.rollback()
            return
        self.db.commit()

    @precondition(lambda self: self.events)
    @rule(pick=st.integers(0, 1000))
    def confirm_all(self, pick):
        event_id = self.events[pick % len(self.events)]
        event = self.db.get(ServiceEvent, event_id)
        try:
            disputes.confirm_all(self.db, self._client_of(event_id), self.admin, event.service_date, event_id, TODAY)
        except ConfirmationError:
            self.db.rollback()
            return
        self.db.commit()

    def _open_dispute(self, pick):
        open_ones = disputes.open_disputes(self.db, provider_id=self.provider.provider_id)
        return open_ones[pick % len(open_ones)] if open_ones else None

    @rule(pick=st.integers(0, 1000), units=st.integers(1, 6))
    def correct_disputed(self, pick, units):
        found = self._open_dispute(pick)
        if found is not None:
            self.correct_event(found.service_event_id, units)

    @rule(pick=st.integers(0, 1000), credit=st.booleans(), units=st.integers(1, 6))
    def resolve(self, pick, credit, units):
        found = self._open_dispute(pick)
        if found is None:
            return
        resolution = Resolution.CREDITED if credit else Resolution.STANDS
        try:
            dispute_resolution.resolve(self.db, found, self.admin, resolution, units, "", TODAY)
        except ConfirmationError:
            self.db.rollback()
            return
        self.db.commit()

    @rule(pick=st.integers(0, 100), quantity=st.integers(1, 40), remove=st.booleans())
    def revise_plan(self, pick, quantity, remove):
        client_id = self.client_ids[pick % len(self.client_ids)]
        client = caseload.client_of(self.db, self.db.scalar(select(Plan.case_manager_id).where(Plan.client_id == client_id)),
                                 client_id)
        try:
            draft = plans.new_version(self.db, client, client.case_manager_id, TODAY)
        except PlanError:
            self.db.rollback()
            return
        line = draft.lines[pick % len(draft.lines)]
        service_type = line.service_type
        plans.remove_line(self.db, draft, line.id)
        if not remove or not draft.lines:
            plans.add_line(self.db, draft, service_type, {Band.WEEKDAY: quantity}, travel=False, county_units=0)
        plans.propose(draft, TODAY)
        plans.accept(self.db, client_id, draft.id, TODAY)
        self.db.commit()

    @invariant()
    def the_books_hold(self):
        vouchers = self.db.scalars(select(Voucher.id).where(Voucher.client_id.in_(self.client_ids))).all()
        stored = ledger.positions_of(self.db, vouchers)
        entries = {}
        for voucher_id, kind, amount_cents, month in self.db.execute(
                select(LedgerEntry.voucher_id, LedgerEntry.kind, LedgerEntry.amount_cents, LedgerEntry.month)
                .where(LedgerEntry.voucher_id.in_(vouchers)).order_by(LedgerEntry.id)):
            entries.setdefault(voucher_id, []).append(Entry(EntryKind(kind), abs(amount_cents), month))
        for voucher_id in vouchers:
            replayed = position_of(entries.get(voucher_id, []))  # raises if any entry was not allowed
            position = stored[voucher_id]
            assert position.balance == replayed.balance
            assert position.left_cents == position.granted_cents - position.charged_cents + position.credited_cents >= 0
            assert {m.month: m.balance for m in position.months if m.balance != replayed.month(m.month).balance} == {}
        over_credited = self.db.scalar(select(func.count()).select_from(ServiceEvent).where(
            ServiceEvent.credited_cents > ServiceEvent.charged_cents))
        assert over_credited == 0
        for event_id in self.events[-5:]:
            event = self.db.get(ServiceEvent, event_id, populate_existing=True)
            credited = self.db.scalar(select(func.coalesce(func.sum(Correction.credited_cents), 0))
                                      .where(Correction.service_event_id == event_id))
            assert credited == event.credited_cents <= event.charged_cents
        for month, snapshot in self.paid.items():
            row = self.db.get(ProviderMonth, (self.provider.provider_id, month), populate_existing=True)
            assert (row.events, row.charged_cents, row.credited_cents, row.held_cents, row.released_cents) == snapshot
            paid = self.db.scalar(select(Settlement).where(Settlement.provider_id == self.provider.provider_id,
                                                           Settlement.month == month))
            rows = totals_of(settlements.statement(self.db, self.provider.provider_id, month).rows)
            assert (paid.charged_cents, paid.credited_cents) == (rows.charged_cents, rows.credited_cents) == snapshot[1:3]

    @invariant()
    def each_held_amount_is_paid_once(self):
        provider_id = self.provider.provider_id
        months = self.db.scalars(select(ProviderMonth.month).where(ProviderMonth.provider_id == provider_id)).all()
        paid_and_open = sum(settlements.month_total(self.db, provider_id, month).total_cents for month in months)
        held = self.db.scalar(select(func.coalesce(func.sum(ServiceDispute.held_cents), 0)).where(
            ServiceDispute.provider_id == provider_id, ServiceDispute.resolved_at.is_(None)))
        charged, credited = self.db.execute(select(func.coalesce(func.sum(ServiceEvent.charged_cents), 0),
                                                   func.coalesce(func.sum(ServiceEvent.credited_cents), 0))
                                            .where(ServiceEvent.provider_id == provider_id)).one()
        assert paid_and_open + held == charged - credited


@pytest.mark.parametrize("steps", [25])
def test_the_books_hold_whatever_happens(demo_database, steps):
    Books.template = demo_database
    run_state_machine_as_test(Books, settings=settings(max_examples=12, stateful_step_count=steps, deadline=None))
