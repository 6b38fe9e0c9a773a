import pytest

from wingman.accounts.choices import Role
from wingman.people.models import Client
from wingman.tests.expected import SEES as EXPECTED


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
    from testing.factories import ClientFactory

    me = world["users"][Role.CASEWORKER]
    walk_in = ClientFactory(team=me.team, caseworker=None, created_by=me)
    assert Client.objects.visible_to(me).filter(pk=walk_in.pk).exists()


def test_a_disabled_account_sees_nothing(world):
    user = world["users"][Role.SAFEGUARDING_LEAD]
    user.is_active = False
    assert not Client.objects.visible_to(user).exists()


def test_a_restricted_record_is_seen_only_by_its_roles_and_never_by_the_staff_it_is_about(world):
    """A record narrower than the client (an allegation against staff, say): only the named
    roles see it, and the member of staff it is about does not, whatever their role."""
    from wingman.accounts.scope import Restriction, ScopedQuerySet

    class AboutTheirCaseworker(ScopedQuerySet):
        client_path = ""
        restriction = Restriction(
            roles=frozenset({Role.MANAGER, Role.SAFEGUARDING_LEAD, Role.CASEWORKER}),
            hidden_from="caseworker_id",
        )

    def sees(user):
        return {
            k
            for k, c in world["clients"].items()
            if AboutTheirCaseworker(model=Client).visible_to(user).filter(pk=c.pk).exists()
        }

    users = world["users"]
    assert sees(users[Role.SAFEGUARDING_LEAD]) == EXPECTED[Role.SAFEGUARDING_LEAD]
    assert sees(users[Role.MANAGER]) == EXPECTED[Role.MANAGER]
    assert sees(users[Role.SENIOR_CASEWORKER]) == set()  # sees the clients, not these records
    assert sees(users[Role.DATA_PROTECTION_OFFICER]) == set()
    assert sees(users[Role.CASEWORKER]) == set()  # their own client's record is about them


def test_a_record_of_several_clients_is_visible_through_any_of_them_and_listed_once(world):
    from wingman.accounts.models import Team
    from wingman.accounts.scope import ScopedQuerySet

    class TeamsOfVisibleClients(ScopedQuerySet):
        client_path = "clients__"
        many_clients = True

    team_a1, team_a2, team_b1 = world["teams"]
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    listed = list(TeamsOfVisibleClients(model=Team).visible_to(lead))
    assert sorted(t.pk for t in listed) == sorted({team_a1.pk, team_a2.pk, team_b1.pk})
    senior = world["users"][Role.SENIOR_CASEWORKER]  # sees the two clients of team A1
    assert list(TeamsOfVisibleClients(model=Team).visible_to(senior)) == [team_a1]
    assert not TeamsOfVisibleClients(model=Team).visible_to(world["users"][Role.FUNDER]).exists()


def test_reference_data_is_offered_only_from_the_viewers_organisation(world):
    from testing.factories import BoroughFactory, FundingStreamFactory, OrganisationFactory
    from wingman.accounts.models import Borough, Team
    from wingman.referrals.models import FundingStream

    elsewhere = BoroughFactory(organisation=OrganisationFactory(name="Another Trust"))
    FundingStreamFactory(borough=elsewhere)
    FundingStreamFactory(borough=world["boroughs"][0])
    me = world["users"][Role.CASEWORKER]
    assert set(Borough.objects.of_organisation_of(me)) == set(world["boroughs"])
    assert set(Team.objects.of_organisation_of(me)) == set(world["teams"])
    streams = FundingStream.objects.of_organisation_of(me)
    assert streams.count() == 1 and streams.get().borough == world["boroughs"][0]
    assert not Borough.objects.of_organisation_of(None).exists()


def test_a_client_form_offers_only_the_organisations_boroughs(world):
    from testing.factories import BoroughFactory, OrganisationFactory
    from wingman.people.forms import ClientForm

    BoroughFactory(organisation=OrganisationFactory(name="Another Trust"), name="Elsewhere")
    form = ClientForm(user=world["users"][Role.CASEWORKER])
    assert {str(b) for b in form.fields["borough"].queryset} == {"Borough A", "Borough B"}
