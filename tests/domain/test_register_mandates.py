"""Mandates from Suomi.fi e-Authorizations, as rules: the register's rights in our scopes, what a reading of the
register changes, and that such a mandate is never changed in the portal."""

from datetime import date, timedelta

import pytest

from portal.domain.mandates import (
    MandateError,
    MandateSource,
    RegisterChanges,
    Scope,
    Terms,
    check_changeable_here,
    register_changes,
    scope_from_register,
    the_terms_that_count,
)

TODAY = date(2026, 12, 3)
LATER = TODAY + timedelta(days=400)
AINO, BERTIL, CEDRIC = 7, 8, 9


@pytest.mark.parametrize(("rights", "scope"), [
    ({"asiointi"}, Scope.ACT),  # handling the principal's matters is acting
    ({"katselu"}, Scope.VIEW),  # viewing only is viewing
    ({"katselu", "asiointi"}, Scope.ACT),  # the widest the register gives
    ({"katselu", "allekirjoitus"}, Scope.VIEW),  # a right we do not know adds nothing
    ({"allekirjoitus"}, None),  # and alone gives nothing
    (set(), None),
])
def test_the_registers_rights_map_onto_our_scopes(rights, scope):
    assert scope_from_register(rights) == scope


def test_of_two_authorizations_for_one_principal_the_longest_counts_then_the_wider():
    short_act, long_view = Terms(Scope.ACT, TODAY), Terms(Scope.VIEW, LATER)
    assert the_terms_that_count([short_act, long_view]) == long_view
    assert the_terms_that_count([Terms(Scope.VIEW, LATER), Terms(Scope.ACT, LATER)]) == Terms(Scope.ACT, LATER)


def test_a_mandate_from_the_register_is_never_changed_in_the_portal():
    with pytest.raises(MandateError, match="in_register"):
        check_changeable_here(MandateSource.SUOMI_FI)
    check_changeable_here(MandateSource.PORTAL)  # the portal's own are changed here


def test_a_new_authorization_is_added_a_changed_one_updated_a_withdrawn_one_ended():
    held = [(1, AINO, Terms(Scope.VIEW, LATER)), (2, BERTIL, Terms(Scope.ACT, LATER))]
    read = {AINO: Terms(Scope.ACT, LATER), CEDRIC: Terms(Scope.VIEW, LATER)}

    changes = register_changes(held, read, TODAY)

    assert changes == RegisterChanges(added={CEDRIC: Terms(Scope.VIEW, LATER)}, changed={1: Terms(Scope.ACT, LATER)},
                                      ended=[2])


def test_when_the_register_and_the_portal_agree_nothing_changes():
    held = [(1, AINO, Terms("act", LATER))]  # as the table holds it: a plain string
    assert not register_changes(held, {AINO: Terms(Scope.ACT, LATER)}, TODAY)
    assert not register_changes([], {}, TODAY)


def test_an_authorization_already_over_is_not_in_force():
    held = [(1, AINO, Terms(Scope.ACT, LATER))]
    changes = register_changes(held, {AINO: Terms(Scope.ACT, TODAY - timedelta(days=1)),
                                      BERTIL: Terms(Scope.ACT, TODAY - timedelta(days=1))}, TODAY)
    assert changes == RegisterChanges(ended=[1])
    assert register_changes([], {AINO: Terms(Scope.VIEW, TODAY)}, TODAY).added == {AINO: Terms(Scope.VIEW, TODAY)}


def test_a_mandate_that_has_expired_by_its_date_is_left_as_it_is():
    held = [(1, AINO, Terms(Scope.ACT, TODAY - timedelta(days=1)))]
    assert not register_changes(held, {}, TODAY)


def test_two_register_mandates_for_one_client_leave_one():
    """Two sign-ins at once may each have added one; the next reading keeps the first and ends the other."""
    held = [(1, AINO, Terms(Scope.ACT, LATER)), (2, AINO, Terms(Scope.ACT, LATER))]
    assert register_changes(held, {AINO: Terms(Scope.ACT, LATER)}, TODAY) == RegisterChanges(ended=[2])
