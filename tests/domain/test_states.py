"""Every status moves only as its lifecycle says: each allowed move, and every other one refused."""

from itertools import product

import pytest

from portal.domain.applications import APPLICATION_LIFECYCLE, ApplicationStatus
from portal.domain.feedback import FEEDBACK, FeedbackStatus
from portal.domain.mandates import MANDATE_LIFECYCLE, MandateStatus
from portal.domain.plans import PLAN_LIFECYCLE, PlanStatus
from portal.domain.providers import CHOICE_LIFECYCLE, ChoiceStatus
from portal.domain.states import Lifecycle

A, C, F, M, P = ApplicationStatus, ChoiceStatus, FeedbackStatus, MandateStatus, PlanStatus
# Written out again on purpose: a change to a lifecycle must be a change to this table too.
EXPECTED = {
    "plan": (PLAN_LIFECYCLE, {P.DRAFT}, {(P.DRAFT, P.PROPOSED), (P.PROPOSED, P.ACCEPTED), (P.PROPOSED, P.DRAFT),
                                         (P.ACCEPTED, P.SUPERSEDED)}, {P.SUPERSEDED}),
    "mandate": (MANDATE_LIFECYCLE, {M.REQUESTED, M.ACTIVE}, {(M.REQUESTED, M.ACTIVE), (M.REQUESTED, M.DECLINED),
                                                             (M.ACTIVE, M.REVOKED)}, {M.DECLINED, M.REVOKED}),
    "choice": (CHOICE_LIFECYCLE, {C.PENDING}, {(C.PENDING, C.ACCEPTED), (C.PENDING, C.DECLINED),
                                               (C.PENDING, C.WITHDRAWN)}, {C.ACCEPTED, C.DECLINED, C.WITHDRAWN}),
    "application": (APPLICATION_LIFECYCLE, {A.DRAFT}, {(A.DRAFT, A.SUBMITTED), (A.MORE_INFO, A.SUBMITTED),
                                                       (A.SUBMITTED, A.APPROVED), (A.SUBMITTED, A.REJECTED),
                                                       (A.SUBMITTED, A.MORE_INFO)}, {A.APPROVED, A.REJECTED}),
    "feedback": (FEEDBACK, {F.NEW}, {(F.NEW, F.IN_PROGRESS), (F.NEW, F.ANSWERED), (F.IN_PROGRESS, F.ANSWERED)},
                 {F.ANSWERED}),
}


@pytest.mark.parametrize("name", EXPECTED)
def test_each_move_is_allowed_exactly_as_written(name):
    lifecycle, _starts, moves, _final = EXPECTED[name]
    for before, after in product(lifecycle.states, repeat=2):
        assert lifecycle.allows(before.value, after) is ((before, after) in moves), (before, after)


@pytest.mark.parametrize("name", EXPECTED)
def test_every_state_can_be_reached_and_the_final_ones_lead_nowhere(name):
    lifecycle, starts, _moves, final = EXPECTED[name]
    assert lifecycle.starts == starts
    assert lifecycle.reachable() == set(lifecycle.states)
    assert lifecycle.final() == final


@pytest.mark.parametrize("name", EXPECTED)
def test_a_conditional_update_starts_from_the_states_the_move_allows(name):
    lifecycle, _starts, moves, _final = EXPECTED[name]
    for after in lifecycle.states:
        assert set(lifecycle.sources(after)) == {before for before, to in moves if to == after}


def test_a_status_that_does_not_exist_is_refused_not_guessed():
    with pytest.raises(ValueError):
        CHOICE_LIFECYCLE.allows("maybe", ChoiceStatus.ACCEPTED)


def test_a_state_no_move_reaches_is_found():
    lonely = Lifecycle(ChoiceStatus, {ChoiceStatus.PENDING}, {(ChoiceStatus.PENDING, ChoiceStatus.ACCEPTED)})
    assert lonely.reachable() == {ChoiceStatus.PENDING, ChoiceStatus.ACCEPTED}
