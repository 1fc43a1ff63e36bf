"""A service agreement's steps on the plan's timeline: proposed, changes asked, proposed again, accepted, notice
given with its last day, and the last day itself, still to come on the day."""

from datetime import date

from portal.domain.agreements import AgreementStep, Party
from portal.domain.timeline import AgreementFacts, StepKind, plan_timeline
from tests.domain.test_timeline import AURINKO, choice, kinds, line, plan

TODAY = date(2026, 3, 15)


def _agreement(*history, ends_on=None) -> AgreementFacts:
    return AgreementFacts(AURINKO, list(history), ends_on)


def test_an_agreements_steps_follow_the_choice_in_order():
    agreed = _agreement(
        (AgreementStep.PROPOSED, 1, Party.PROVIDER, date(2026, 1, 14), None),
        (AgreementStep.CHANGES_ASKED, 1, Party.CLIENT, date(2026, 1, 15), None),
        (AgreementStep.PROPOSED, 2, Party.PROVIDER, date(2026, 1, 16), None),
        (AgreementStep.ACCEPTED, 2, Party.RELATIVE, date(2026, 1, 16), None),
        (AgreementStep.NOTICE_GIVEN, 2, Party.PROVIDER, date(2026, 3, 1), date(2026, 3, 31)),
        ends_on=date(2026, 3, 31))
    shown = plan_timeline([plan()], [line([choice()], first={AURINKO: date(2026, 1, 21)}, agreements=[agreed])], TODAY)
    assert kinds(shown.happened)[3:] == [
        (date(2026, 1, 14), StepKind.PROVIDER_CONFIRMED),
        (date(2026, 1, 14), StepKind.AGREEMENT_PROPOSED),
        (date(2026, 1, 15), StepKind.AGREEMENT_CHANGES_ASKED),
        (date(2026, 1, 16), StepKind.AGREEMENT_PROPOSED),
        (date(2026, 1, 16), StepKind.AGREEMENT_ACCEPTED),
        (date(2026, 1, 21), StepKind.FIRST_SERVICE),
        (date(2026, 3, 1), StepKind.AGREEMENT_NOTICE_GIVEN),
    ]
    proposed_again, notice = shown.happened[6], shown.happened[-1]
    assert (proposed_again.version, proposed_again.provider, proposed_again.service) == (2, "Aurinko Kotiapu Oy", "home_care")
    assert (notice.last_day, notice.by_provider) == (date(2026, 3, 31), True)
    assert kinds(shown.upcoming) == [(date(2026, 3, 31), StepKind.AGREEMENT_ENDS), (date(2026, 7, 1), StepKind.REVIEW_DUE)]


def test_the_last_day_is_still_to_come_on_the_day_and_has_happened_after_it():
    ending = _agreement((AgreementStep.ACCEPTED, 1, Party.CLIENT, date(2026, 1, 16), None), ends_on=TODAY)
    on_the_day = plan_timeline([], [line([choice()], agreements=[ending])], TODAY)
    assert (TODAY, StepKind.AGREEMENT_ENDS) in kinds(on_the_day.upcoming)
    the_day_after = plan_timeline([], [line([choice()], agreements=[ending])], date(2026, 3, 16))
    assert (TODAY, StepKind.AGREEMENT_ENDS) in kinds(the_day_after.happened)


def test_the_portals_notice_for_another_choice_is_told_by_that_choice_and_the_last_day_only():
    switched = _agreement((AgreementStep.ACCEPTED, 1, Party.CLIENT, date(2026, 1, 16), None),
                          (AgreementStep.NOTICE_GIVEN, 1, Party.PORTAL, date(2026, 2, 20), date(2026, 2, 28)),
                          ends_on=date(2026, 2, 28))
    shown = plan_timeline([], [line([choice()], agreements=[switched])], TODAY)
    assert StepKind.AGREEMENT_NOTICE_GIVEN not in [step.kind for step in shown.happened]
    assert (date(2026, 2, 28), StepKind.AGREEMENT_ENDS) in kinds(shown.happened)


def test_without_an_agreement_the_line_tells_no_agreement_step():
    shown = plan_timeline([], [line([choice()])], TODAY)
    assert not [step for step in shown.happened if step.kind.startswith("agreement")]
