"""A plan's timeline: its steps in order, what has happened apart from what is still to come."""

from dataclasses import replace
from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from portal.domain.providers import ChoiceStatus
from portal.domain.timeline import (
    ChoiceFacts,
    LineFacts,
    PlanFacts,
    Settled,
    Step,
    StepKind,
    choices_made,
    local_day,
    plan_timeline,
    timeline,
)

TODAY = date(2026, 3, 15)
AURINKO, KOTIRINNE = 1, 2


def plan(version=1, proposed=date(2026, 1, 10), accepted=date(2026, 1, 12), in_force=date(2026, 1, 12),
         review=date(2026, 7, 1)) -> PlanFacts:
    return PlanFacts(version, proposed, accepted, in_force, review)


def choice(provider_id=AURINKO, chosen=date(2026, 1, 13), starts=date(2026, 1, 20), ends=None,
           status=ChoiceStatus.ACCEPTED, decided=date(2026, 1, 14), reason="", version=1) -> ChoiceFacts:
    name = {AURINKO: "Aurinko Kotiapu Oy", KOTIRINNE: "Kotirinne Oy"}[provider_id]
    return ChoiceFacts(version, provider_id, name, chosen, starts, ends, status, decided, reason)


def line(choices, first=None, settled=(), service="home_care", position=0, agreements=()) -> LineFacts:
    return LineFacts(service, position, list(choices), dict(first or {}), list(settled), tuple(agreements))


def kinds(steps: list[Step]) -> list[tuple[date, StepKind]]:
    return [(step.day, step.kind) for step in steps]


def test_a_plan_and_its_service_in_order_of_their_days():
    shown = plan_timeline([plan()], [line([choice()], first={AURINKO: date(2026, 1, 21)},
                                         settled=[Settled(AURINKO, date(2026, 1, 1), date(2026, 2, 10))])], TODAY)
    assert kinds(shown.happened) == [
        (date(2026, 1, 10), StepKind.PLAN_PROPOSED),
        (date(2026, 1, 12), StepKind.PLAN_ACCEPTED),
        (date(2026, 1, 13), StepKind.PROVIDER_CHOSEN),
        (date(2026, 1, 14), StepKind.PROVIDER_CONFIRMED),
        (date(2026, 1, 21), StepKind.FIRST_SERVICE),
        (date(2026, 2, 10), StepKind.SETTLEMENT_PAID),
    ]
    chosen, paid = shown.happened[2], shown.happened[-1]
    assert (chosen.provider, chosen.service, chosen.starts) == ("Aurinko Kotiapu Oy", "home_care", date(2026, 1, 20))
    assert (paid.provider, paid.month) == ("Aurinko Kotiapu Oy", date(2026, 1, 1))
    assert kinds(shown.upcoming) == [(date(2026, 7, 1), StepKind.REVIEW_DUE)]


def test_steps_of_one_day_follow_the_natural_order_of_their_kinds():
    day = date(2026, 1, 12)
    same_day = plan_timeline(
        [plan(proposed=day, accepted=day, in_force=day)],
        [line([choice(chosen=day, starts=day, decided=day)], first={AURINKO: day},
              settled=[Settled(AURINKO, date(2025, 12, 1), day)])], TODAY)
    assert [step.kind for step in same_day.happened] == [
        StepKind.PLAN_PROPOSED, StepKind.PLAN_ACCEPTED, StepKind.PROVIDER_CHOSEN, StepKind.PROVIDER_CONFIRMED,
        StepKind.FIRST_SERVICE, StepKind.SETTLEMENT_PAID]
    assert same_day.happened[2].starts is None  # chosen from the day itself: no later start to tell
    shuffled = list(reversed(same_day.happened))
    assert timeline(shuffled, TODAY).happened == same_day.happened


def test_on_one_day_the_services_keep_the_plans_order():
    day = date(2026, 1, 13)
    meals = line([choice(KOTIRINNE, chosen=day)], service="meals", position=1)
    home_care = line([choice(AURINKO, chosen=day)], service="home_care", position=0)
    chosen = [step for step in plan_timeline([], [meals, home_care], TODAY).happened
              if step.kind == StepKind.PROVIDER_CHOSEN]
    assert [step.service for step in chosen] == ["home_care", "meals"]


def test_a_declined_choice_says_why_and_a_new_choice_follows():
    declined = choice(AURINKO, status=ChoiceStatus.DECLINED, decided=date(2026, 1, 14), ends=None,
                      reason="We have no carers free in Närpes.")
    again = choice(KOTIRINNE, chosen=date(2026, 1, 16), starts=date(2026, 1, 23), decided=date(2026, 1, 17))
    steps = plan_timeline([], [line([declined, again], first={KOTIRINNE: date(2026, 1, 23)})], TODAY).happened
    assert [(step.kind, step.provider) for step in steps] == [
        (StepKind.PROVIDER_CHOSEN, "Aurinko Kotiapu Oy"),
        (StepKind.PROVIDER_DECLINED, "Aurinko Kotiapu Oy"),
        (StepKind.PROVIDER_CHOSEN, "Kotirinne Oy"),
        (StepKind.PROVIDER_CONFIRMED, "Kotirinne Oy"),
        (StepKind.FIRST_SERVICE, "Kotirinne Oy"),
    ]
    assert steps[1].reason == "We have no carers free in Närpes." and not steps[3].reason


def test_a_choice_still_waiting_or_withdrawn_has_no_answer_yet():
    waiting = choice(status=ChoiceStatus.PENDING, decided=None)
    withdrawn = choice(KOTIRINNE, status=ChoiceStatus.WITHDRAWN, decided=None)
    for unanswered in (waiting, withdrawn):
        assert [step.kind for step in plan_timeline([], [line([unanswered])], TODAY).happened] == [
            StepKind.PROVIDER_CHOSEN]


def test_a_switch_of_provider_tells_both_choices_and_each_ones_first_service():
    before = choice(AURINKO, ends=date(2026, 2, 28))
    after = choice(KOTIRINNE, chosen=date(2026, 2, 20), starts=date(2026, 3, 1), decided=date(2026, 2, 21))
    steps = plan_timeline([], [line([before, after], first={AURINKO: date(2026, 1, 20), KOTIRINNE: date(2026, 3, 2)},
                                    settled=[Settled(AURINKO, date(2026, 1, 1), date(2026, 2, 10)),
                                             Settled(AURINKO, date(2026, 2, 1), date(2026, 3, 10))])],
                          TODAY).happened
    assert [(step.day, step.kind, step.provider) for step in steps] == [
        (date(2026, 1, 13), StepKind.PROVIDER_CHOSEN, "Aurinko Kotiapu Oy"),
        (date(2026, 1, 14), StepKind.PROVIDER_CONFIRMED, "Aurinko Kotiapu Oy"),
        (date(2026, 1, 20), StepKind.FIRST_SERVICE, "Aurinko Kotiapu Oy"),
        (date(2026, 2, 10), StepKind.SETTLEMENT_PAID, "Aurinko Kotiapu Oy"),
        (date(2026, 2, 20), StepKind.PROVIDER_CHOSEN, "Kotirinne Oy"),
        (date(2026, 2, 21), StepKind.PROVIDER_CONFIRMED, "Kotirinne Oy"),
        (date(2026, 3, 2), StepKind.FIRST_SERVICE, "Kotirinne Oy"),
        (date(2026, 3, 10), StepKind.SETTLEMENT_PAID, "Aurinko Kotiapu Oy"),
    ]
    assert steps[4].starts == date(2026, 3, 1)


def test_a_revised_plan_whose_line_continues_the_voucher_tells_the_choice_once():
    """Accepting version 2 copies the choice onto its line from the day it takes effect: the same choice."""
    original = choice(AURINKO, ends=date(2026, 2, 28))
    copied = choice(AURINKO, chosen=date(2026, 2, 20), starts=date(2026, 3, 1), version=2)  # made on acceptance
    revised = PlanFacts(2, date(2026, 2, 18), date(2026, 2, 20), date(2026, 3, 1), date(2026, 9, 1))
    shown = plan_timeline([plan(review=None), revised], [line([original, copied], first={AURINKO: date(2026, 1, 20)})],
                          TODAY)
    assert [(step.day, step.kind, step.version) for step in shown.happened] == [
        (date(2026, 1, 10), StepKind.PLAN_PROPOSED, 1),
        (date(2026, 1, 12), StepKind.PLAN_ACCEPTED, 1),
        (date(2026, 1, 13), StepKind.PROVIDER_CHOSEN, None),
        (date(2026, 1, 14), StepKind.PROVIDER_CONFIRMED, None),
        (date(2026, 1, 20), StepKind.FIRST_SERVICE, None),
        (date(2026, 2, 18), StepKind.PLAN_PROPOSED, 2),
        (date(2026, 2, 20), StepKind.PLAN_ACCEPTED, 2),
        (date(2026, 3, 1), StepKind.PLAN_IN_FORCE, 2),
    ]
    assert kinds(shown.upcoming) == [(date(2026, 9, 1), StepKind.REVIEW_DUE)]


def test_a_choice_the_provider_answered_after_it_was_copied_is_told_once_with_the_answer():
    original = choice(AURINKO, status=ChoiceStatus.PENDING, decided=None, ends=date(2026, 2, 28))
    copied = choice(AURINKO, chosen=date(2026, 2, 20), starts=date(2026, 3, 1), decided=date(2026, 3, 2), version=2)
    [made] = choices_made([copied, original])
    assert (made.chosen_on, made.starts, made.status, made.decided_on) == (
        date(2026, 1, 13), date(2026, 1, 20), ChoiceStatus.ACCEPTED, date(2026, 3, 2))


def test_a_choice_not_started_when_the_plan_was_revised_is_copied_with_its_own_start():
    original = choice(AURINKO, chosen=date(2026, 2, 25), starts=date(2026, 4, 1))
    copied = choice(AURINKO, chosen=date(2026, 3, 1), starts=date(2026, 4, 1), decided=original.decided_on, version=2)
    assert choices_made([original, copied]) == [replace(copied, chosen_on=date(2026, 2, 25))]


def test_the_same_provider_chosen_again_later_is_a_new_choice():
    first = choice(AURINKO, ends=date(2026, 1, 31))
    other = choice(KOTIRINNE, chosen=date(2026, 1, 25), starts=date(2026, 2, 1), ends=date(2026, 2, 28))
    back = choice(AURINKO, chosen=date(2026, 2, 20), starts=date(2026, 3, 1), status=ChoiceStatus.PENDING, decided=None,
                  version=2)
    assert len(choices_made([first, other, back])) == 3


def test_nothing_yet():
    assert timeline([], TODAY).is_empty
    assert plan_timeline([], [], TODAY).is_empty
    waiting = plan_timeline([PlanFacts(1, TODAY, None, None)], [line([])], TODAY)
    assert not waiting.is_empty and kinds(waiting.happened) == [(TODAY, StepKind.PLAN_PROPOSED)]
    assert waiting.upcoming == []


def test_what_is_still_to_come_is_kept_apart_from_what_happened():
    later = plan_timeline([plan(accepted=TODAY, proposed=TODAY, in_force=date(2026, 4, 1), review=date(2026, 10, 1))],
                          [], TODAY)
    assert kinds(later.happened) == [(TODAY, StepKind.PLAN_PROPOSED), (TODAY, StepKind.PLAN_ACCEPTED)]
    assert kinds(later.upcoming) == [(date(2026, 4, 1), StepKind.PLAN_IN_FORCE),
                                     (date(2026, 10, 1), StepKind.REVIEW_DUE)]


def test_a_review_due_today_is_still_to_come_and_one_overdue_has_happened():
    assert kinds(plan_timeline([plan(review=TODAY)], [], TODAY).upcoming) == [(TODAY, StepKind.REVIEW_DUE)]
    overdue = plan_timeline([plan(review=date(2026, 3, 1))], [], TODAY)
    assert overdue.upcoming == [] and overdue.happened[-1].kind == StepKind.REVIEW_DUE


def test_the_day_of_a_moment_is_the_day_in_finland():
    assert local_day(datetime(2026, 3, 14, 22, 30, tzinfo=UTC)) == date(2026, 3, 15)
    assert local_day(datetime(2026, 3, 14, 21, 30)) == date(2026, 3, 14)  # without a zone: UTC
    assert local_day(None) is None


steps = st.builds(Step, day=st.dates(date(2025, 1, 1), date(2027, 12, 31)), kind=st.sampled_from(StepKind),
                  line=st.integers(0, 3))


@given(st.lists(steps, max_size=30), st.dates(date(2025, 1, 1), date(2027, 12, 31)))
def test_every_step_is_shown_once_in_order_whatever_order_it_came_in(given_steps, today):
    shown = timeline(given_steps, today)
    everything = shown.happened + shown.upcoming
    assert sorted(everything, key=repr) == sorted(given_steps, key=repr)
    assert [step.day for step in everything] == sorted(step.day for step in everything)
    assert all(step.day <= today for step in shown.happened) and all(step.day >= today for step in shown.upcoming)
    assert timeline(list(reversed(given_steps)), today) == shown
