"""Service agreements: proposing, answering once, notice, a switch of provider, and no recording without an
accepted agreement in force on the service's day."""

import threading
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.builders import (a_choice, a_client, a_county, a_mandate, a_proposed_version, a_provider, an_account,
                             an_accepted_plan, an_agreement, the_line)
from portal.db.models import AgreementHistory, Alert, PlanLine, ProviderChoice, ServiceAgreement, User
from portal.db.session import make_engine
from portal.domain.agreements import AgreementError, AgreementStatus, AgreementStep, Party, ProposedTerms
from portal.domain.alerts import AlertKind
from portal.domain.budget import Band
from portal.domain.providers import ChoiceStatus
from portal.domain.recording import RecordingError
from portal.domain.roles import Role
from portal.domain.service_types import ServiceKind
from portal.services import agreements, plans, provider_work, providers

TODAY = date.today()
START = TODAY - timedelta(days=40)


@pytest.fixture()
def db(empty_database_url):
    """A county of the test's own in an empty migrated database."""
    engine = make_engine(empty_database_url)
    with Session(engine) as session:
        yield session
    engine.dispose()


@dataclass
class Story:
    choice: ProviderChoice
    provider_user: object
    client_user: object
    relative: object
    county: object


def _story(db, agreed: bool = False) -> Story:
    """A client who chose a provider 40 days ago; the provider accepted; no agreement unless `agreed`."""
    county = a_county(db)
    provider = a_provider(db, county, "Aurinko Kotiapu Oy", offers={ServiceKind.HOME_CARE: 4750})
    client = a_client(db, county, "Aino", "Virtanen")
    plan = an_accepted_plan(db, client, {ServiceKind.HOME_CARE: 20}, start=START)
    choice = a_choice(db, the_line(plan, ServiceKind.HOME_CARE), provider, START, agreed=agreed)
    provider_user = an_account(db, Role.PROVIDER, "agreements-provider", provider=provider)
    client_user = an_account(db, Role.CLIENT, "agreements-client", client=client)
    relative = an_account(db, Role.RELATIVE, "agreements-relative", "Mikko Virtanen")
    a_mandate(db, client, relative, TODAY + timedelta(days=300))
    db.commit()
    return Story(choice, provider_user, client_user, relative, county)


def _terms(starts_on: date = TODAY, notice_days: int = 14) -> ProposedTerms:
    return ProposedTerms(starts_on, "Mondays at nine", "Liisa Laine", "040 123 4567", "By noon the day before.",
                         notice_days)


def _record(db, story: Story, day: date):
    return provider_work.record(db, story.choice.provider_id, story.provider_user, story.choice.id, day, 1, TODAY)


def _alerts(db, kind: AlertKind) -> set[int]:
    return set(db.scalars(select(Alert.user_id).where(Alert.kind == kind)))


def test_no_service_is_recorded_without_an_accepted_agreement_nor_outside_its_days(db):
    story = _story(db)
    with pytest.raises(RecordingError, match="no_agreement"):
        _record(db, story, TODAY)
    db.rollback()
    agreement = agreements.propose(db, story.choice, story.provider_user, _terms(TODAY - timedelta(days=0)), TODAY)
    db.commit()
    with pytest.raises(RecordingError, match="no_agreement"):  # proposed is not accepted
        _record(db, story, TODAY)
    db.rollback()
    assert agreements.answer(db, agreement, story.client_user, Party.CLIENT, True, 1, "").changed
    db.commit()
    with pytest.raises(RecordingError, match="no_agreement"):  # before its first day
        _record(db, story, TODAY - timedelta(days=1))
    db.rollback()
    assert _record(db, story, TODAY).event.units == 1
    db.commit()


def test_no_service_is_recorded_after_the_agreement_ended(db):
    story = _story(db)
    an_agreement(db, story.choice, starts_on=START, ends_on=TODAY - timedelta(days=5))
    db.commit()
    assert _record(db, story, TODAY - timedelta(days=5)).event.service_date == TODAY - timedelta(days=5)
    db.commit()
    with pytest.raises(RecordingError, match="no_agreement"):
        _record(db, story, TODAY - timedelta(days=4))
    db.rollback()


def test_a_proposal_carries_the_approved_price_and_own_share_and_tells_the_client_and_relative(db):
    story = _story(db)
    agreement = agreements.propose(db, story.choice, story.provider_user, _terms(), TODAY)
    db.commit()
    assert (agreement.unit_price_cents, agreement.own_share_cents) == (4750, 250)  # the voucher pays 45.00
    assert agreement.version == 1 and agreement.status == AgreementStatus.PROPOSED
    [step] = agreement.history
    assert step.step == AgreementStep.PROPOSED and step.terms["unit_price_cents"] == 4750
    assert {story.client_user.id, story.relative.id} <= _alerts(db, AlertKind.AGREEMENT_PROPOSED)


def test_a_stale_or_repeated_answer_changes_nothing(db):
    story = _story(db)
    agreement = agreements.propose(db, story.choice, story.provider_user, _terms(), TODAY)
    agreement = agreements.propose(db, story.choice, story.provider_user, _terms(notice_days=30), TODAY, 1)
    db.commit()
    assert agreement.version == 2
    assert not agreements.answer(db, agreement, story.client_user, Party.CLIENT, True, 1, "").changed  # read v1
    assert agreement.status == AgreementStatus.PROPOSED
    assert agreements.answer(db, agreement, story.relative, Party.RELATIVE, True, 2, "").changed
    assert not agreements.answer(db, agreement, story.client_user, Party.CLIENT, True, 2, "").changed  # repeated
    assert not agreements.answer(db, agreement, story.client_user, Party.CLIENT, False, 2, "Later").changed
    db.commit()
    assert agreement.status == AgreementStatus.ACCEPTED and agreement.notice_days == 30
    assert [step.step for step in agreement.history] == [AgreementStep.PROPOSED, AgreementStep.PROPOSED,
                                                         AgreementStep.ACCEPTED]
    assert agreement.history[-1].party == Party.RELATIVE
    with pytest.raises(AgreementError, match="answered"):  # an accepted agreement is not proposed again
        agreements.propose(db, story.choice, story.provider_user, _terms(), TODAY)


def test_asking_for_changes_needs_a_message_and_the_provider_proposes_again(db):
    story = _story(db)
    agreement = agreements.propose(db, story.choice, story.provider_user, _terms(), TODAY)
    with pytest.raises(AgreementError, match="no_message"):
        agreements.answer(db, agreement, story.client_user, Party.CLIENT, False, 1, "  ")
    assert agreements.answer(db, agreement, story.client_user, Party.CLIENT, False, 1, "Evenings, please").changed
    assert agreement.status == AgreementStatus.CHANGES_ASKED
    assert not agreements.answer(db, agreement, story.client_user, Party.CLIENT, True, 1, "").changed
    agreements.propose(db, story.choice, story.provider_user, _terms(), TODAY, 1)
    assert (agreement.status, agreement.version) == (AgreementStatus.PROPOSED, 2)
    assert agreement.history[1].message == "Evenings, please"


def test_the_terms_are_checked_and_a_choice_not_accepted_gets_no_proposal(db):
    story = _story(db)
    with pytest.raises(AgreementError) as refused:
        agreements.propose(db, story.choice, story.provider_user, _terms(TODAY - timedelta(days=1)), TODAY)
    assert refused.value.details["problems"] == {"starts_on": "before_choice"}
    story.choice.status = ChoiceStatus.PENDING.value
    with pytest.raises(AgreementError, match="choice_not_accepted"):
        agreements.propose(db, story.choice, story.provider_user, _terms(), TODAY)
    db.rollback()


def test_notice_sets_the_last_day_once_and_the_providers_notice_tells_the_client(db):
    story = _story(db, agreed=True)
    agreement = agreements.agreement_for(db, story.choice)
    with pytest.raises(AgreementError, match="before_notice"):
        agreements.give_notice(db, agreement, story.provider_user, Party.PROVIDER, TODAY + timedelta(days=13), "", TODAY)
    last_day = TODAY + timedelta(days=14)
    agreements.give_notice(db, agreement, story.provider_user, Party.PROVIDER, last_day, "We close", TODAY)
    db.commit()
    assert agreement.ends_on == last_day and agreement.history[-1].message == "We close"
    assert story.client_user.id in _alerts(db, AlertKind.AGREEMENT_ENDING)
    with pytest.raises(AgreementError, match="already_ending"):
        agreements.give_notice(db, agreement, story.client_user, Party.CLIENT, last_day, "", TODAY)


def test_a_switch_ends_the_accepted_agreement_by_the_portal(db):
    story = _story(db, agreed=True)
    first = agreements.agreement_for(db, story.choice)
    agreements.end_with_choice(db, story.choice, TODAY + timedelta(days=2))
    db.commit()
    assert first.ends_on == TODAY + timedelta(days=2)
    assert first.history[-1].party == Party.PORTAL and first.history[-1].step == AgreementStep.NOTICE_GIVEN


def test_a_switch_withdraws_a_proposal_not_yet_answered(db):
    story = _story(db)
    agreement = agreements.propose(db, story.choice, story.provider_user, _terms(), TODAY)
    agreements.end_with_choice(db, story.choice, TODAY)
    db.commit()
    assert agreement.status == AgreementStatus.WITHDRAWN
    assert agreement.history[-1].step == AgreementStep.WITHDRAWN


def test_the_client_choosing_another_provider_ends_the_agreement_on_the_day_before(db):
    story = _story(db, agreed=True)
    line = story.choice.plan_line
    other = a_provider(db, story.county, "Toinen Hoiva Oy", offers={ServiceKind.HOME_CARE: 4500})
    db.refresh(line)
    providers.choose(db, line, other.id, TODAY + timedelta(days=3), story.client_user, TODAY)
    db.commit()
    agreement = agreements.agreement_for(db, story.choice)
    assert agreement.ends_on == TODAY + timedelta(days=2)


def accept_at_once(url: str, agreement_id: int, version: int, user_ids: list[int]) -> list[bool]:
    """Acceptances of one version from separate connections at the same moment: each says whether it changed it."""
    engine = make_engine(url)
    barrier, results = threading.Barrier(len(user_ids)), []

    def accept(user_id: int) -> None:
        with Session(engine) as db:
            agreement, user = db.get(ServiceAgreement, agreement_id), db.get(User, user_id)
            barrier.wait()
            results.append(agreements.answer(db, agreement, user, Party.CLIENT, True, version, "").changed)
            db.commit()

    threads = [threading.Thread(target=accept, args=(user_id,)) for user_id in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    engine.dispose()
    return results


def check_acceptances_at_once(url: str) -> None:
    """Four acceptances of one version at the same moment (the client and the relative, twice each): one accepts."""
    engine = make_engine(url)
    with Session(engine) as db:
        story = _story(db)
        agreement = agreements.propose(db, story.choice, story.provider_user, _terms(), TODAY)
        db.commit()
        agreement_id, users = agreement.id, [story.client_user.id, story.relative.id] * 2
    assert sorted(accept_at_once(url, agreement_id, 1, users)) == [False, False, False, True]
    with Session(engine) as db:
        assert db.get(ServiceAgreement, agreement_id).status == AgreementStatus.ACCEPTED
        assert db.scalar(select(func.count()).select_from(AgreementHistory).where(
            AgreementHistory.agreement_id == agreement_id, AgreementHistory.step == AgreementStep.ACCEPTED)) == 1
    engine.dispose()


def test_two_acceptances_at_once_accept_once_on_sqlite(empty_database_url):
    check_acceptances_at_once(empty_database_url)


def test_terms_in_the_making_go_on_under_the_choice_a_revised_plan_carries(db):
    """A revision accepted while terms wait for an answer (or for the provider's new proposal) keeps them: the
    carried choice has the same agreement, the provider proposes its next version, never a second agreement."""
    story = _story(db)
    agreement = agreements.propose(db, story.choice, story.provider_user, _terms(), TODAY)
    agreements.answer(db, agreement, story.client_user, Party.CLIENT, False, 1, "Afternoons, please.")
    client = story.choice.plan_line.plan.client
    draft = a_proposed_version(db, client, TODAY, {ServiceKind.MEALS: {Band.WEEKDAY: 10}})
    plans.accept(db, client.id, draft.id, TODAY)
    db.commit()
    carried = db.scalar(select(ProviderChoice).join(PlanLine).where(PlanLine.plan_id == draft.id,
                                                                    ProviderChoice.provider_id == story.choice.provider_id))
    assert carried.id != story.choice.id and agreements.agreement_for(db, carried) == agreement
    again = agreements.propose(db, carried, story.provider_user, _terms(), TODAY, seen_version=1)
    assert (again.id, again.version) == (agreement.id, 2)
    agreements.answer(db, again, story.client_user, Party.CLIENT, True, 2, "")
    db.commit()
    assert db.scalar(select(func.count()).select_from(ServiceAgreement)) == 1
    assert agreements.in_force_for(db, carried, TODAY)
