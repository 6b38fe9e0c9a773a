import pytest

from wingman.accounts.choices import Role
from wingman.people.models import Client

EXPECTED = {
    Role.CASEWORKER: {"own"},
    Role.VOLUNTEER: set(),
    Role.SENIOR_CASEWORKER: {"own", "same_team"},
    Role.MANAGER: {"own", "same_team", "other_team"},
    Role.SAFEGUARDING_LEAD: {"own", "same_team", "other_team", "other_borough"},
    Role.DATA_PROTECTION_OFFICER: {"own", "same_team", "other_team", "other_borough"},
    Role.ADMINISTRATOR: set(),
    Role.FUNDER: set(),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_exactly_its_scope_of_clients(world, role):
    user = world["users"][role]
    names = {
        k
        for k, c in world["clients"].items()
        if Client.objects.visible_to(user).filter(pk=c.pk).exists()
    }
    assert names == EXPECTED[role]


def test_a_caseworker_sees_an_unallocated_referral_they_made(world):
    from wingman.core.testing import ClientFactory

    me = world["users"][Role.CASEWORKER]
    walk_in = ClientFactory(team=me.team, caseworker=None, created_by=me)
    assert Client.objects.visible_to(me).filter(pk=walk_in.pk).exists()


def test_a_disabled_account_sees_nothing(world):
    user = world["users"][Role.SAFEGUARDING_LEAD]
    user.is_active = False
    assert not Client.objects.visible_to(user).exists()
