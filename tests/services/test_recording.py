"""Recording delivered services: the rules, the split, corrections, and no overspending."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.builders import (a_choice, a_client, a_county, a_provider, an_account, an_accepted_plan, services_recorded,
                             the_line)
from portal.db.models import Correction, LedgerEntry, ProviderChoice, ServiceEvent, User, Voucher
from portal.domain.recording import RecordingError
from portal.domain.roles import Role
from portal.domain.service_types import ServiceKind
from portal.services import provider_work
from tests.demo import choice_with_room

TODAY = date.today()


def _provider_user(db):
    return db.scalar(select(User).where(User.username == "provider"))


def _accepted_choice(db, user):
    return choice_with_room(db, units=2, served_for_days=3)


def _sum_matches(db, voucher_id):
    total = db.scalar(select(func.sum(LedgerEntry.amount_cents)).where(LedgerEntry.voucher_id == voucher_id))
    assert db.get(Voucher, voucher_id).remaining_cents == total >= 0


def test_a_recording_is_split_between_the_voucher_and_the_client(db):
    county = a_county(db)
    provider = a_provider(db, county, "Aurinko Kotiapu Oy", offers={ServiceKind.HOME_CARE: 4750})  # €2.50 above
    client = a_client(db, county, "Aino", "Virtanen")
    plan = an_accepted_plan(db, client, {ServiceKind.HOME_CARE: 20}, start=TODAY.replace(day=1))
    choice = a_choice(db, the_line(plan, ServiceKind.HOME_CARE), provider, TODAY.replace(day=1))
    [event] = services_recorded(db, choice, [(TODAY, 2)])
    db.commit()
    assert (event.charged_cents, event.self_pay_cents) == (2 * 4500, 2 * 250)
    _sum_matches(db, event.voucher_id)


@pytest.mark.parametrize(
    ("days_back", "units", "code"),
    [(-1, 1, "future"), (61, 1, "too_old"), (1, 0, "no_units")],
)
def test_a_recording_that_breaks_a_rule_saves_nothing(db, days_back, units, code):
    user = _provider_user(db)
    choice = _accepted_choice(db, user)
    before = db.scalar(select(func.count()).select_from(ServiceEvent))
    with pytest.raises(RecordingError, match=code):
        provider_work.record(db, user.provider_id, user, choice.id, TODAY - timedelta(days=days_back), units, TODAY)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(ServiceEvent)) == before


def test_a_voucher_with_too_little_left_refuses_the_recording(db):
    user = _provider_user(db)
    choice = _accepted_choice(db, user)
    voucher = choice.plan_line.voucher
    from portal.domain.ledger import EntryKind
    from portal.services.ledger import post_entry

    post_entry(db, voucher.id, EntryKind.CHARGE, voucher.remaining_cents - 100, TODAY)
    db.commit()
    with pytest.raises(RecordingError, match="too_little_left"):
        provider_work.record(db, user.provider_id, user, choice.id, TODAY, 2, TODAY)
    db.rollback()
    assert db.get(Voucher, voucher.id).remaining_cents == 100


def test_another_providers_client_cannot_be_recorded(db):
    user = _provider_user(db)
    other = db.scalar(select(ProviderChoice).where(ProviderChoice.provider_id != user.provider_id))
    with pytest.raises(LookupError):
        provider_work.record(db, user.provider_id, user, other.id, TODAY, 1, TODAY)


def test_a_client_not_yet_accepted_cannot_be_recorded(db):
    user = _provider_user(db)
    choice = _accepted_choice(db, user)
    choice.status = "pending"
    db.commit()
    with pytest.raises(RecordingError, match="not_accepted"):
        provider_work.record(db, user.provider_id, user, choice.id, TODAY, 1, TODAY)


def test_corrections_credit_back_exactly_what_was_charged(db):
    county = a_county(db)
    provider = a_provider(db, county, "Aurinko Kotiapu Oy", offers={ServiceKind.HOME_CARE: 4500})
    plan = an_accepted_plan(db, a_client(db, county, "Aino", "Virtanen"), {ServiceKind.HOME_CARE: 20},
                            start=TODAY.replace(day=1))
    choice = a_choice(db, the_line(plan, ServiceKind.HOME_CARE), provider, TODAY.replace(day=1))
    user = an_account(db, Role.PROVIDER, "provider-of-aino", provider=provider)
    event = provider_work.record(db, provider.id, user, choice.id, TODAY, 3, TODAY).event
    db.commit()
    for units in (1, 2):
        provider_work.correct(db, provider.id, user, event.id, units, "wrong_units", "", TODAY)
        db.commit()
    credited = db.scalar(select(func.sum(Correction.credited_cents)).where(Correction.service_event_id == event.id))
    assert credited == event.charged_cents
    with pytest.raises(RecordingError, match="too_many_units"):
        provider_work.correct(db, user.provider_id, user, event.id, 1, "wrong_units", "", TODAY)
    db.rollback()
    assert db.get(ServiceEvent, event.id).units == 3  # the recording itself is never edited
    _sum_matches(db, event.voucher_id)
