"""Issue 16's binding forms (agreements, confirmations and disputes, quality, ratings), each sent twice with
the same one-time key: one result, and the second press a normal page saying it was already saved. The cases
and the test are those of test_binding_forms.py."""

from datetime import timedelta

import pytest
from sqlalchemy import distinct, func, select, update

from portal.builders import a_choice, an_agreement
from portal.db.models import (
    AgreementHistory,
    ProviderQuality,
    ProviderRating,
    ServiceAgreement,
    ServiceDispute,
    ServiceEvent,
    SupervisionFinding,
)
from portal.db.models import Provider as ProviderRow
from portal.domain.agreements import AgreementStatus, AgreementStep
from portal.domain.plans import iso_month, month_start
from portal.domain.quality import QualityStatus
from portal.services import disputes
from tests.web.test_binding_forms import TODAY, _aino, _count, _line, _own_choice, _user, decided_twice, sent_twice

LAST_MONTH = month_start(month_start(TODAY) - timedelta(days=1))


def _day(day) -> str:
    return day.strftime("%d.%m.%Y")


def _steps(db, step: AgreementStep) -> int:
    return _count(db, AgreementHistory, AgreementHistory.step == step)


def _changes_asked(db):
    """The demo provider's client asked for other terms: the provider proposes again."""
    choice = _own_choice(db)
    db.execute(update(ServiceAgreement).where(ServiceAgreement.choice_id == choice.id)
               .values(status=AgreementStatus.CHANGES_ASKED.value, accepted_at=None))
    db.commit()
    return choice


def _proposed_to_aino(db):
    """Terms Kotirinne Oy proposed for Aino's transport, waiting for her answer."""
    kotirinne = db.scalar(select(ProviderRow).where(ProviderRow.name == "Kotirinne Oy"))
    choice = a_choice(db, _line(db, "transport"), kotirinne, TODAY + timedelta(days=7), agreed=False)
    an_agreement(db, choice, AgreementStatus.PROPOSED)
    db.commit()
    return f"/plan/choices/{choice.id}/agreement"


def _ainos_running_choice(db):
    return next(c for c in _line(db, "home_care").choices if c.status == "accepted" and c.valid_to is None)


def _waiting_for_aino(db) -> disputes.ToConfirm:
    shown = disputes.services_to_confirm(db, _aino(db).id, LAST_MONTH, TODAY)
    assert shown.up_to_id, "the demo has last month's services waiting for Aino"
    return shown


def _confirmations(db) -> int:
    """Each "Confirm all" stamps the rows it confirms with one time."""
    db.expire_all()
    return db.scalar(select(func.count(distinct(ServiceEvent.confirmed_at))).where(ServiceEvent.confirmed_at.is_not(None)))


def _open_dispute(db) -> ServiceDispute:
    return db.scalar(select(ServiceDispute).where(ServiceDispute.resolved_at.is_(None)))


def _waiting_quality(db) -> ProviderQuality:
    return db.scalar(select(ProviderQuality).where(ProviderQuality.status == QualityStatus.SUBMITTED))


def _nothing_waiting(db) -> str:
    """The county decided the demo provider's figures: what it sends next is a new version."""
    db.execute(update(ProviderQuality).where(ProviderQuality.status == QualityStatus.SUBMITTED)
               .values(status=QualityStatus.APPROVED))
    db.commit()
    return "/provider/quality"


def _unanswered(db) -> ProviderRating:
    return db.scalar(select(ProviderRating).where(ProviderRating.provider_id == _user(db, "provider").provider_id,
                                                  ProviderRating.answer.is_(None)).order_by(ProviderRating.id))


def _answer(answer: str):
    return lambda db: {"answer": answer, "message": "" if answer == "accept" else "Iltaisin, kiitos.", "version": "1"}


def _notice(db) -> dict:
    return {"last_day": _day(TODAY + timedelta(days=14)), "reason": "Muutto"}


# (case, who, where the form is, what it sends, what counts one result): as CASES of test_binding_forms.py
CASES = {
    "propose an agreement": ("provider", lambda db: f"/provider/clients/{_changes_asked(db).id}/agreement",
                             lambda db: {"starts_on": _day(TODAY), "usual_times": "Aamuisin", "contact_person": "Liisa",
                                         "contact_phone": "040 1", "cancellation_terms": "Edellisenä päivänä.",
                                         "notice_days": "14", "version": "1"},
                             lambda db: _steps(db, AgreementStep.PROPOSED)),
    "accept an agreement": ("client", _proposed_to_aino, _answer("accept"), lambda db: _steps(db, AgreementStep.ACCEPTED)),
    "ask for changes to an agreement": ("client", _proposed_to_aino, _answer("changes"),
                                        lambda db: _steps(db, AgreementStep.CHANGES_ASKED)),
    "the provider ends an agreement": (
        "provider", lambda db: f"/provider/clients/{_own_choice(db).id}/agreement/notice", _notice,
        lambda db: _steps(db, AgreementStep.NOTICE_GIVEN)),
    "the client ends an agreement": (
        "client", lambda db: f"/plan/choices/{_ainos_running_choice(db).id}/agreement/notice", _notice,
        lambda db: _steps(db, AgreementStep.NOTICE_GIVEN)),
    "confirm all services of a month": (
        "client", lambda db: f"/services-to-confirm?month={iso_month(LAST_MONTH)}",
        lambda db: {"month": iso_month(LAST_MONTH), "up_to": str(_waiting_for_aino(db).up_to_id)}, _confirmations),
    "dispute a service": ("client", lambda db: f"/services-to-confirm/{_waiting_for_aino(db).up_to_id}/dispute",
                          lambda db: {"reason": "not_delivered", "note": ""}, lambda db: _count(db, ServiceDispute)),
    "resolve a dispute": ("casemanager", lambda db: f"/case-manager/clients/{_aino(db).id}/disputes/{_open_dispute(db).id}",
                          lambda db: {"resolution": "stands", "note": "Käynti tehtiin."},
                          lambda db: _count(db, ServiceDispute, ServiceDispute.resolved_at.is_not(None))),
    "send quality information": ("provider", _nothing_waiting,
                                 lambda db: {"staff_count": "32", "continuity_percent": "85", "founded_year": "1998",
                                             "languages": "fi"},
                                 lambda db: _count(db, ProviderQuality, ProviderQuality.status == QualityStatus.SUBMITTED)),
    "approve quality information": ("admin", lambda db: f"/admin/quality/{_waiting_quality(db).id}",
                                    lambda db: {"decision": "approve", "message": ""},
                                    lambda db: _count(db, ProviderQuality, ProviderQuality.status == QualityStatus.APPROVED)),
    "return quality information": ("admin", lambda db: f"/admin/quality/{_waiting_quality(db).id}",
                                   lambda db: {"decision": "return", "message": "Henkilöstön määrä puuttuu."},
                                   lambda db: _count(db, ProviderQuality, ProviderQuality.status == QualityStatus.RETURNED)),
    "record a supervision finding": ("admin", lambda db: f"/admin/providers/{_user(db, 'provider').provider_id}/findings",
                                     lambda db: {"kind": "guidance", "found_on": _day(TODAY), "put_right_by": "",
                                                 "summary_fi": "Kirjaamista ohjeistettiin.", "summary_sv": ""},
                                     lambda db: _count(db, SupervisionFinding)),
    "answer a rating": ("provider", lambda db: f"/provider/ratings/{_unanswered(db).id}",
                        lambda db: {"answer": "Kiitos palautteesta!"},
                        lambda db: _count(db, ProviderRating, ProviderRating.answer.is_not(None))),
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_same_form_sent_twice_makes_one_entry_and_a_normal_page(client, db, name):
    sent_twice(client, db, name, CASES[name])


@pytest.mark.parametrize("name", ["accept an agreement", "resolve a dispute", "approve quality information"])
def test_the_same_decision_from_another_window_says_it_was_already_made(client, db, name):
    decided_twice(client, db, CASES[name])
