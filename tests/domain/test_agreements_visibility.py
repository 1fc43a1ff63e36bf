"""What a provider sees of a client: only what it needs to decide before an accepted agreement, the name, address
and plan goals while the agreement runs, only what it recorded after it ended (issue 16, item 2)."""

from datetime import date, timedelta

import pytest

from portal.domain.agreements import AgreementStatus, Sees, provider_sees, provider_sees_client

TODAY = date(2026, 12, 7)
YESTERDAY = TODAY - timedelta(days=1)


@pytest.mark.parametrize("status", [None, AgreementStatus.PROPOSED, AgreementStatus.CHANGES_ASKED])
def test_before_an_accepted_agreement_the_provider_sees_only_what_it_needs_to_decide(status):
    assert provider_sees(True, status, None, TODAY) is Sees.TO_DECIDE


@pytest.mark.parametrize("status", [None, AgreementStatus.PROPOSED, AgreementStatus.WITHDRAWN])
def test_a_choice_declined_or_withdrawn_shows_nothing(status):
    assert provider_sees(False, status, None, TODAY) is Sees.NOTHING


@pytest.mark.parametrize("ends_on", [None, TODAY, TODAY + timedelta(days=30)])
def test_while_the_accepted_agreement_runs_the_provider_sees_the_contact_details(ends_on):
    # From the acceptance, to its last day inclusive, even when notice has been given.
    assert provider_sees(True, AgreementStatus.ACCEPTED, ends_on, TODAY) is Sees.AGREEMENT


@pytest.mark.parametrize("counts", [True, False])
def test_after_its_last_day_only_the_recorded_services_remain(counts):
    assert provider_sees(counts, AgreementStatus.ACCEPTED, YESTERDAY, TODAY) is Sees.RECORDED_ONLY


def test_an_agreement_that_runs_shows_the_client_on_each_of_the_providers_choices():
    # A revised plan carries the choice but not its agreement: the client's consent is to the provider.
    running = [(AgreementStatus.ACCEPTED, None)]
    assert provider_sees_client(True, running, TODAY) is Sees.AGREEMENT
    assert provider_sees_client(False, running, TODAY) is Sees.AGREEMENT
    assert provider_sees_client(True, [(AgreementStatus.ACCEPTED, YESTERDAY), *running], TODAY) is Sees.AGREEMENT


def test_without_an_agreement_that_runs_a_new_choice_shows_only_what_it_needs_to_decide():
    ended = [(AgreementStatus.ACCEPTED, YESTERDAY)]
    assert provider_sees_client(True, [], TODAY) is Sees.TO_DECIDE
    assert provider_sees_client(True, ended, TODAY) is Sees.TO_DECIDE
    assert provider_sees_client(True, [(AgreementStatus.PROPOSED, None)], TODAY) is Sees.TO_DECIDE
    assert provider_sees_client(False, ended, TODAY) is Sees.RECORDED_ONLY
    assert provider_sees_client(False, [(AgreementStatus.WITHDRAWN, None)], TODAY) is Sees.NOTHING
    assert provider_sees_client(False, [], TODAY) is Sees.NOTHING
