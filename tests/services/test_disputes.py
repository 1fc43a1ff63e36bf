"""The client's confirmations and disputes through the real services: a dispute holds its row out of the
settlement; the provider's correction or the case manager's resolution releases it, in its own month or
in the next open one; the books (check-ledger) agree at every step."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.builders import a_choice, a_client, a_county, a_provider, an_accepted_plan, an_account, services_recorded, the_line
from portal.db.models import ServiceDispute, ServiceEvent
from portal.domain.agreements import Party
from portal.domain.confirmations import CONFIRMATION_DAYS, ConfirmationError, Resolution
from portal.domain.plans import month_start
from portal.domain.roles import Role
from portal.domain.service_types import ServiceKind
from portal.domain.settlement import settles_from
from portal.services import dispute_resolution, disputes, ledger, provider_work, settlements
from portal.services.paging import Where
from portal.services.settlements import SettlementError

TODAY = date.today()
LAST_MONTH = month_start(month_start(TODAY) - timedelta(days=1))
SETTLING_DAY = TODAY + timedelta(days=CONFIRMATION_DAYS + 1)
PRICE = 4500  # the voucher's value: the voucher pays it all


class Story:
    def __init__(self, db, first_visit: date = LAST_MONTH + timedelta(days=9)):
        county = a_county(db)
        self.provider = a_provider(db, county, "Aurinko Kotiapu Oy", offers={ServiceKind.HOME_CARE: PRICE})
        self.client = a_client(db, county, "Aino", "Virtanen")
        plan = an_accepted_plan(db, self.client, {ServiceKind.HOME_CARE: 20}, start=LAST_MONTH)
        self.choice = a_choice(db, the_line(plan, ServiceKind.HOME_CARE), self.provider, LAST_MONTH)
        self.aino = an_account(db, Role.CLIENT, "aino-disputes", client=self.client)
        self.manager = an_account(db, Role.CASE_MANAGER, "cm-disputes", case_manager=county.case_managers[0])
        self.staff = an_account(db, Role.PROVIDER, "aurinko-disputes")
        self.events = services_recorded(db, self.choice, [(first_visit, 2), (first_visit + timedelta(days=1), 1)],
                                        today=TODAY)
        db.commit()
        self.db = db

    def month(self, month=LAST_MONTH):
        return settlements.month_total(self.db, self.provider.id, month)

    def dispute(self, event, today=TODAY):
        made = disputes.dispute(self.db, self.client.id, self.aino, Party.CLIENT, event.id, "not_delivered", "", today)
        self.db.commit()
        return made


def test_a_dispute_holds_its_row_out_of_the_settlement_until_the_provider_corrects_it(db):
    story = Story(db)
    first, second = story.events
    assert story.month().total_cents == 3 * PRICE
    made = story.dispute(first)
    assert (made.held_cents, made.held_month) == (2 * PRICE, LAST_MONTH)
    month = story.month()
    assert (month.confirmed.held_events, month.confirmed.held_cents, month.total_cents) == (1, 2 * PRICE, PRICE)
    assert ledger.discrepancies(db) == []

    provider_work.correct(db, story.provider.id, story.staff, first.id, 1, "wrong_units", "One visit only", TODAY)
    db.commit()
    db.refresh(made)
    assert (made.resolution, made.released_month) == (Resolution.CORRECTED, None)
    month = story.month()
    assert (month.confirmed.held_events, month.confirmed.resolved_events, month.total_cents) == (0, 1, 2 * PRICE)
    assert ledger.discrepancies(db) == []


def test_a_dispute_of_a_settled_month_is_released_into_the_next_open_one(db):
    story = Story(db)
    first, _ = story.events
    story.dispute(first)
    month_end_passed = month_start(TODAY) + timedelta(days=CONFIRMATION_DAYS)  # 14 days after the month's end
    for too_early in (TODAY, month_end_passed):  # recorded today: the days to confirm run 14 days from today
        with pytest.raises(SettlementError):
            settlements.settle(db, story.provider.id, LAST_MONTH, story.manager, too_early)
        db.rollback()
    assert settles_from(LAST_MONTH, TODAY) == SETTLING_DAY
    paid = settlements.settle(db, story.provider.id, LAST_MONTH, story.manager, SETTLING_DAY).settlement
    db.commit()
    assert (paid.held_events, paid.held_cents, paid.total_cents) == (1, 2 * PRICE, PRICE)

    [open_one] = disputes.open_disputes(db, client_id=story.client.id)
    dispute_resolution.resolve(db, open_one, story.manager, Resolution.STANDS, None, "Visits were made", TODAY)
    db.commit()
    db.refresh(open_one)
    into = open_one.released_month
    assert open_one.resolution == Resolution.STANDS and into == month_start(TODAY)
    assert (story.month().confirmed.held_cents, story.month().total_cents) == (2 * PRICE, PRICE)  # paid stays paid
    later = story.month(into)
    assert (later.confirmed.released_events, later.confirmed.released_cents, later.total_cents) == (1, 2 * PRICE, 2 * PRICE)
    assert ledger.discrepancies(db) == []


def test_the_case_manager_credits_units_back_through_the_correction(db):
    story = Story(db)
    first, _ = story.events
    story.dispute(first)
    [open_one] = disputes.open_disputes(db, provider_id=story.provider.id)
    with pytest.raises(ConfirmationError, match="no_units"):
        dispute_resolution.resolve(db, open_one, story.manager, Resolution.CREDITED, 3, "", TODAY)
    correction = dispute_resolution.resolve(db, open_one, story.manager, Resolution.CREDITED, 2, "Not delivered", TODAY)
    db.commit()
    assert correction.credited_cents == 2 * PRICE
    db.refresh(open_one)
    assert open_one.resolution == Resolution.CREDITED
    assert story.month().total_cents == PRICE
    with pytest.raises(ConfirmationError, match="resolved"):  # once only
        dispute_resolution.resolve(db, open_one, story.manager, Resolution.STANDS, None, "", TODAY)
    db.rollback()
    assert ledger.discrepancies(db) == []


def test_confirm_all_confirms_what_the_page_showed_and_nothing_confirmed_is_disputed(db):
    story = Story(db)
    first, second = story.events
    shown = disputes.services_to_confirm(db, story.client.id, LAST_MONTH, TODAY)
    assert len(shown.waiting) == 2 and shown.up_to_id == second.id
    [late] = services_recorded(db, story.choice, [(LAST_MONTH + timedelta(days=20), 1)], today=TODAY)
    story.dispute(second)
    assert disputes.confirm_all(db, story.client.id, story.aino, LAST_MONTH, shown.up_to_id, TODAY) == 1
    db.commit()
    assert story.month().confirmed.confirmed_events == 1
    assert db.get(ServiceEvent, late.id).confirmed_at is None  # recorded after the page was shown
    with pytest.raises(ConfirmationError, match="confirmed"):
        story.dispute(first)
    db.rollback()
    assert ledger.discrepancies(db) == []


def test_after_the_days_to_confirm_a_row_counts_as_confirmed_and_cannot_be_disputed(db):
    story = Story(db)
    first, _ = story.events
    shown = disputes.services_to_confirm(db, story.client.id, LAST_MONTH, SETTLING_DAY)
    assert shown.waiting == [] and shown.last_day is None
    with pytest.raises(ConfirmationError, match="too_late"):
        story.dispute(first, today=SETTLING_DAY)
    db.rollback()
    assert disputes.confirm_all(db, story.client.id, story.aino, LAST_MONTH, first.id, SETTLING_DAY) == 0
    assert db.scalar(select(func.count()).select_from(ServiceDispute).where(ServiceDispute.client_id == story.client.id)) == 0


def test_another_clients_service_cannot_be_disputed(db):
    story = Story(db)
    other = a_client(db, a_county(db, name=("Muu", "Annan")), "Eino", "Muu")
    with pytest.raises(LookupError):
        disputes.dispute(db, other.id, story.aino, Party.CLIENT, story.events[0].id, "not_delivered", "", TODAY)


def test_the_providers_open_disputes_come_a_page_at_a_time_oldest_first(db):
    story = Story(db)
    third = services_recorded(db, story.choice, [(LAST_MONTH + timedelta(days=12), 1)], today=TODAY)[0]
    for event in (*story.events, third):
        story.dispute(event)
    first = disputes.open_disputes_of_provider(db, story.provider.id, Where(), size=2)
    assert [d.service_event_id for d in first.rows] == [story.events[0].id, story.events[1].id] and first.count == 3
    second = disputes.open_disputes_of_provider(db, story.provider.id, Where(after=first.next_after), size=2)
    assert [d.service_event_id for d in second.rows] == [third.id] and second.next_after is None
    dispute_resolution.resolve(db, second.rows[0], story.manager, Resolution.STANDS, None, "Delivered", TODAY)
    db.commit()
    assert disputes.open_disputes_of_provider(db, story.provider.id, Where()).count == 2  # a resolved one is not open
