"""The rules of a service agreement: its lifecycle, the proposal's terms, when it is in force, and notice."""

from datetime import date, timedelta

import pytest

from portal.domain.agreements import (
    AGREEMENT_LIFECYCLE,
    MAX_TEXT,
    AgreementStatus as S,
    ProposedTerms,
    carries_to,
    changes_problem,
    earliest_end,
    end_problem,
    in_force,
    proposal_problem,
    runs,
    terms_problems,
)

TODAY = date(2026, 11, 10)


def _terms(**changed) -> ProposedTerms:
    terms = dict(starts_on=TODAY + timedelta(days=3), usual_times="Mondays at nine", contact_person="Liisa Laine",
                 contact_phone="040 123 4567", cancellation_terms="By noon the day before.", notice_days=14)
    return ProposedTerms(**(terms | changed))


def test_the_lifecycle_proposes_again_until_an_answer_and_an_accepted_one_is_final():
    assert AGREEMENT_LIFECYCLE.allows(S.PROPOSED, S.ACCEPTED)
    assert AGREEMENT_LIFECYCLE.allows(S.CHANGES_ASKED, S.PROPOSED)
    assert AGREEMENT_LIFECYCLE.allows(S.PROPOSED, S.PROPOSED)
    assert not AGREEMENT_LIFECYCLE.allows(S.CHANGES_ASKED, S.ACCEPTED)  # the provider proposes again first
    assert not AGREEMENT_LIFECYCLE.allows(S.ACCEPTED, S.PROPOSED)
    assert not AGREEMENT_LIFECYCLE.allows(S.ACCEPTED, S.WITHDRAWN)  # it ends with notice instead
    assert AGREEMENT_LIFECYCLE.final() == {S.ACCEPTED, S.WITHDRAWN}


def test_terms_are_checked_field_by_field():
    assert terms_problems(_terms(), TODAY, TODAY, None) == {}
    assert terms_problems(_terms(starts_on=None), TODAY, TODAY, None) == {"starts_on": "no_date"}
    assert terms_problems(_terms(starts_on=TODAY - timedelta(days=1)), TODAY, TODAY, None) == {
        "starts_on": "before_choice"}
    assert terms_problems(_terms(starts_on=TODAY + timedelta(days=3)), TODAY, TODAY + timedelta(days=5), None) == {
        "starts_on": "before_choice"}
    assert terms_problems(_terms(), TODAY, TODAY, TODAY + timedelta(days=2)) == {"starts_on": "after_choice"}
    assert terms_problems(_terms(usual_times="  ", contact_phone="1" * 41), TODAY, TODAY, None) == {
        "usual_times": "empty", "contact_phone": "too_long"}
    for days in (-1, 91, None):
        assert terms_problems(_terms(notice_days=days), TODAY, TODAY, None) == {"notice_days": "notice_range"}
    assert terms_problems(_terms(notice_days=0), TODAY, TODAY, None) == {}
    assert terms_problems(_terms(notice_days=90), TODAY, TODAY, None) == {}


def test_a_provider_proposes_only_for_a_choice_it_accepted_that_still_runs_and_is_not_yet_agreed():
    assert proposal_problem(True, None, None, TODAY) is None
    assert proposal_problem(True, TODAY, S.CHANGES_ASKED, TODAY) is None
    assert proposal_problem(True, None, S.PROPOSED, TODAY) is None
    assert proposal_problem(False, None, None, TODAY) == "choice_not_accepted"
    assert proposal_problem(True, TODAY - timedelta(days=1), None, TODAY) == "choice_ended"
    assert proposal_problem(True, None, S.ACCEPTED, TODAY) == "answered"
    assert proposal_problem(True, None, S.WITHDRAWN, TODAY) == "answered"


def test_asking_for_changes_needs_a_message():
    assert changes_problem("Evenings would suit me better.") is None
    assert changes_problem("   ") == "no_message"
    assert changes_problem("x" * (MAX_TEXT + 1)) == "too_long"


def test_an_agreement_is_in_force_only_when_accepted_from_its_first_to_its_last_day():
    start, end = date(2026, 11, 1), date(2026, 11, 30)
    assert in_force(S.ACCEPTED, start, end, start)
    assert in_force(S.ACCEPTED, start, end, end)
    assert in_force(S.ACCEPTED, start, None, date(2030, 1, 1))
    assert not in_force(S.ACCEPTED, start, end, start - timedelta(days=1))
    assert not in_force(S.ACCEPTED, start, end, end + timedelta(days=1))
    for status in (S.PROPOSED, S.CHANGES_ASKED, S.WITHDRAWN):
        assert not in_force(status, start, None, start)


def test_an_accepted_agreement_runs_from_acceptance_even_before_its_first_day():
    assert runs(S.ACCEPTED, None, TODAY)
    assert runs(S.ACCEPTED, TODAY, TODAY)
    assert not runs(S.ACCEPTED, TODAY - timedelta(days=1), TODAY)
    assert not runs(S.PROPOSED, None, TODAY)


def _end(last_day, status=S.ACCEPTED, current=None, reason="", starts_on=date(2026, 10, 1), notice=14):
    return end_problem(last_day, TODAY, starts_on, notice, status, current, reason)


def test_notice_ends_it_no_sooner_than_its_notice_period_and_never_before_it_starts():
    assert earliest_end(TODAY, date(2026, 10, 1), 14) == TODAY + timedelta(days=14)
    assert earliest_end(TODAY, date(2027, 1, 1), 14) == date(2027, 1, 1)
    assert earliest_end(TODAY, date(2026, 10, 1), 0) == TODAY
    assert _end(TODAY + timedelta(days=14)) is None
    assert _end(TODAY + timedelta(days=13)) == "before_notice"
    assert _end(TODAY, notice=0) is None
    assert _end(TODAY + timedelta(days=20), starts_on=date(2027, 1, 1)) == "before_notice"
    assert _end(None) == "no_date"
    assert _end(TODAY + timedelta(days=367)) == "too_far"
    assert _end(TODAY + timedelta(days=20), reason="x" * (MAX_TEXT + 1)) == "too_long"


def test_notice_is_given_only_on_an_accepted_agreement_that_has_not_ended_and_only_brings_its_end_nearer():
    assert _end(TODAY + timedelta(days=20), status=S.PROPOSED) == "not_accepted"
    assert _end(TODAY + timedelta(days=20), current=TODAY - timedelta(days=1)) == "ended"
    assert _end(TODAY + timedelta(days=30), current=TODAY + timedelta(days=30)) == "already_ending"
    assert _end(TODAY + timedelta(days=20), current=TODAY + timedelta(days=30)) is None


@pytest.mark.parametrize("status", list(S))
def test_only_an_accepted_agreement_can_be_ended(status):
    assert (_end(TODAY + timedelta(days=20), status=status) is None) is (status is S.ACCEPTED)


@pytest.mark.parametrize("status, ends_on, carried", [
    (S.PROPOSED, None, True), (S.CHANGES_ASKED, None, True),
    (S.ACCEPTED, None, True), (S.ACCEPTED, date(2026, 3, 1), True), (S.ACCEPTED, date(2026, 2, 28), False),
    (S.WITHDRAWN, None, False)])
def test_a_revised_plans_choice_carries_terms_in_the_making_and_agreements_still_running(status, ends_on, carried):
    assert carries_to(status, ends_on, date(2026, 3, 1)) is carried
