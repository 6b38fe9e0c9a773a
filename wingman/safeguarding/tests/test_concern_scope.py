"""Who reads which concerns: the restricted-record scope of the one visibility rule, against the
answers written out in `wingman/tests/expected.py`."""

from datetime import date

import pytest

from wingman.accounts.choices import Role
from wingman.safeguarding.models import (
    Concern,
    ConcernEntry,
    Decision,
    Involved,
    RiskFlag,
    StatutoryReferral,
)
from wingman.safeguarding.services import concerns, flags
from wingman.tests.expected import SEES, SEES_ALLEGATIONS, SEES_CONCERNS

ACCOUNT = {"happened_on": date.today(), "seen_and_heard": "She said she was scared to leave."}


def raise_everywhere(world, category, about=None):
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    made = {}
    for relation, client in world["clients"].items():
        values = {**ACCOUNT, "category": category}
        if about is not None:
            values["about_staff_id"] = about.pk
        concern, _ = concerns.concern_raise(
            actor=lead,
            client=client,
            values=values,
            involved=[{"name": "Her older cousin", "involvement": "caused_harm"}],
        )
        if category != "staff_allegation":
            concerns.concern_triage(
                actor=lead, concern=concern, values={"grade": "amber", "rationale": "This week"}
            )
        made[relation] = concern
    return made


def seen(user, made, model=Concern, path="pk"):
    return {
        relation
        for relation, concern in made.items()
        if model.objects.visible_to(user).filter(**{path: concern.pk}).exists()
    }


@pytest.mark.parametrize("role", list(SEES_CONCERNS))
def test_each_role_reads_exactly_its_concerns_and_everything_hanging_off_them(world, role):
    made = raise_everywhere(world, "child_criminal_exploitation")
    user = world["users"][role]
    assert seen(user, made) == SEES_CONCERNS[role]
    assert seen(user, made, ConcernEntry, "concern_id") == SEES_CONCERNS[role]
    assert seen(user, made, Involved, "concern_id") == SEES_CONCERNS[role]
    assert seen(user, made, Decision, "concern_id") == SEES_CONCERNS[role]


@pytest.mark.parametrize("role", list(SEES_ALLEGATIONS))
def test_each_role_reads_exactly_its_staff_allegations(world, role):
    made = raise_everywhere(world, "staff_allegation", about=world["colleague"])
    assert seen(world["users"][role], made) == SEES_ALLEGATIONS[role]


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SAFEGUARDING_LEAD])
def test_the_member_of_staff_an_allegation_is_about_reads_none_of_it_whatever_their_role(
    world, role
):
    subject = world["users"][role]
    made = raise_everywhere(world, "staff_allegation", about=subject)
    for model, path in ((Concern, "pk"), (ConcernEntry, "concern_id"), (Involved, "concern_id")):
        assert seen(subject, made, model, path) == set()
    # Their colleague in the same role reads them as ever.
    assert seen(
        world["users"][Role.MANAGER if role != Role.MANAGER else Role.SAFEGUARDING_LEAD], made
    )


def test_a_volunteer_sees_a_flag_about_a_concern_but_not_the_concern(world):
    volunteer = world["users"][Role.VOLUNTEER]
    client = world["clients"]["own"]
    client.caseworker = volunteer
    client.save()
    made = raise_everywhere(world, "domestic_abuse_victim")
    flag, _ = flags.flag_set(
        actor=world["users"][Role.SAFEGUARDING_LEAD],
        client=client,
        values={
            "kind": "see_concern",
            "concern_id": made["own"].pk,
            "reason": "Domestic abuse",
            "review_on": date.today(),
        },
    )
    assert RiskFlag.objects.visible_to(volunteer).filter(pk=flag.pk).exists()
    assert not Concern.objects.visible_to(volunteer).filter(pk=made["own"].pk).exists()


def test_flags_follow_the_client_record_scope(world):
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    made = {
        relation: flags.flag_set(
            actor=lead,
            client=client,
            values={"kind": "do_not_visit_alone", "reason": "Dog", "review_on": date.today()},
        )[0]
        for relation, client in world["clients"].items()
    }
    for role, expected in SEES.items():
        user = world["users"][role]
        assert {
            r for r, f in made.items() if RiskFlag.objects.visible_to(user).filter(pk=f.pk).exists()
        } == expected


def test_referrals_to_statutory_services_are_as_restricted_as_their_concern(world):
    made = raise_everywhere(world, "child_at_risk")
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    for concern in made.values():
        concerns.referral_make(
            actor=lead,
            concern=concern,
            values={
                "service": "childrens_social_care",
                "made_on": date.today(),
                "rationale": "Threshold met",
            },
        )
    for role, expected in SEES_CONCERNS.items():
        assert seen(world["users"][role], made, StatutoryReferral, "concern_id") == expected
