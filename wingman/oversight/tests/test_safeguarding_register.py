"""The data protection officer's safeguarding register: what safeguarding records exist, who read
them and which are overdue for review, and never what a concern says."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone

from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.audit.models import AccessEvent
from wingman.core.dates import when
from wingman.oversight.safeguarding_register import (
    NOT_UPDATED,
    RegisterFilters,
    concern_lines,
    register_concerns,
)
from wingman.safeguarding.models import Concern, RiskFlag
from wingman.safeguarding.services import concerns, flags

REGISTER = "/audit/safeguarding/"
TODAY = date.today()

# Words that appear only in what was written: none of them may reach the register.
ACCOUNT = {
    "category": "domestic_abuse_victim",
    "happened_on": TODAY - timedelta(days=1),
    "place": "Quillfeather Court stairwell",
    "seen_and_heard": "Bruising on her forearm; she said Zebedee Marchbanks hit her.",
    "own_words": "He grabbed me when I said I was going to my nan's in Ravenscombe.",
    "action_taken": "Gave her the Saffronhill refuge number.",
}
WORDS = ("Quillfeather", "Zebedee", "Marchbanks", "Ravenscombe", "Saffronhill", "forearm")
TAG = '<strong class="govuk-tag govuk-tag--red">'
REASON = "Periwinkle: she is safe at her sister's tonight"
FEEDBACK = "Thistlewood strategy meeting held"


@pytest.fixture
def dpo(world):
    return world["users"][Role.DATA_PROTECTION_OFFICER]


@pytest.fixture
def records(world, client):
    """A concern raised by the caseworker, read by them, triaged by the lead and referred to
    MARAC with feedback; an allegation against the caseworker's colleague; a risk flag past its
    review date; a volunteer refused the concern."""
    caseworker = world["users"][Role.CASEWORKER]
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    own = world["clients"]["own"]
    concern, _ = concerns.concern_raise(
        actor=caseworker,
        client=own,
        values=dict(ACCOUNT),
        involved=[{"name": "Zebedee Marchbanks", "involvement": "caused_harm"}],
    )
    concerns.entry_add(
        actor=caseworker,
        concern=concern,
        values={"seen_and_heard": "Zebedee Marchbanks was outside Quillfeather Court again."},
    )
    concerns.concern_triage(
        actor=lead, concern=concern, values={"grade": "red", "rationale": REASON}
    )
    referral, _ = concerns.referral_make(
        actor=lead,
        concern=concern,
        values={"service": "marac", "rationale": REASON, "made_on": TODAY, "reference": "M-77"},
    )
    concerns.referral_update(
        actor=lead,
        referral=referral,
        changes={"feedback_on": TODAY, "feedback": FEEDBACK},
        expected_version=referral.version,
    )
    allegation, _ = concerns.concern_raise(
        actor=lead,
        client=world["clients"]["same_team"],
        values={
            "category": "staff_allegation",
            "about_staff_id": world["colleague"].pk,
            "happened_on": TODAY,
            "seen_and_heard": "Said the worker Quillfeather asked her to carry a parcel.",
        },
    )
    flag, _ = flags.flag_set(
        actor=caseworker,
        client=own,
        values={
            "kind": "hostile_area",
            "detail": "Ravenscombe estate",
            "reason": "Zebedee Marchbanks lives there",
            "review_on": TODAY,
        },
    )
    RiskFlag.objects.filter(pk=flag.pk).update(review_on=TODAY - timedelta(days=3))
    sign_in(client, caseworker)
    assert client.get(f"/safeguarding/concerns/{concern.pk}/").status_code == 200
    assert client.get(f"/safeguarding/concerns/{concern.pk}/").status_code == 200
    sign_in(client, world["users"][Role.VOLUNTEER])
    assert client.get(f"/safeguarding/concerns/{concern.pk}/").status_code == 403
    sign_in(client, world["users"][Role.SENIOR_CASEWORKER])
    assert client.get(f"/safeguarding/concerns/{allegation.pk}/").status_code == 404
    return {"concern": concern, "allegation": allegation, "flag": flag, "own": own}


def register_page(http, dpo, query=""):
    sign_in(http, dpo)
    response = http.get(f"{REGISTER}{query}")
    assert response.status_code == 200
    return response.content.decode()


def concern_page(http, dpo, concern):
    sign_in(http, dpo)
    response = http.get(f"{REGISTER}{concern.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_register_shows_each_concern_s_metadata_and_counts(client, dpo, records, world):
    page = register_page(client, dpo)
    concern = records["concern"]
    caseworker = world["users"][Role.CASEWORKER]
    assert "2 concerns" in page
    assert records["own"].display_name in page
    assert "Risk from others: domestic abuse, as a victim" in page
    assert when(concern.created_at) in page
    assert f"by {caseworker} (Caseworker)" in page
    assert "Triaged" in page and ">Red</strong>" in page
    assert "2 entries, 2 decisions, 1 referral" in page
    assert f'href="{REGISTER}{concern.pk}/"' in page


def test_the_register_says_who_read_each_concern(client, dpo, records, world):
    page = register_page(client, dpo)
    caseworker = world["users"][Role.CASEWORKER]
    assert "2 times by 1 person" in page
    assert f"by {caseworker.get_full_name()} (Caseworker)" in page
    assert "1 refused attempt" in page


def test_the_register_lists_risk_flags_and_those_past_their_review(client, dpo, records, world):
    page = register_page(client, dpo)
    assert "1 risk flag on clients’ records now" in page
    assert "Hostile area" in page
    assert when(TODAY - timedelta(days=3)) in page
    assert "Review overdue" in page


def test_no_content_of_a_concern_or_a_flag_reaches_any_page_of_the_register(client, dpo, records):
    pages = [
        register_page(client, dpo),
        concern_page(client, dpo, records["concern"]),
        concern_page(client, dpo, records["allegation"]),
        register_page(client, dpo, "?overdue=on&state=open"),
    ]
    for page in pages:
        for words in (*WORDS, "Periwinkle", "Thistlewood", "M-77"):
            assert words not in page


def test_an_allegation_against_staff_is_listed_without_the_member_of_staff(
    client, dpo, records, world
):
    colleague = world["colleague"]
    allegation = concern_page(client, dpo, records["allegation"])
    assert "Refused: tried to open the concern, out of their scope" in allegation
    for page in (register_page(client, dpo), allegation):
        assert "An allegation against a member of staff or a volunteer" in page
        assert colleague.get_full_name() not in page
        assert colleague.username not in page


def test_the_page_of_one_concern_lists_every_read_refusal_and_change_in_words(
    client, dpo, records, world
):
    page = concern_page(client, dpo, records["concern"])
    caseworker = world["users"][Role.CASEWORKER]
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    assert "Read the concern" in page
    assert "Refused: their role may not use this page of the concern" in page
    assert "Added the concern" in page and "Safeguarding concern raised" in page
    assert "Added an entry in its chronology" in page
    assert "Moved the concern on" in page and "Concern triaged red" in page
    assert "Added a referral to a statutory service" in page
    assert "Changed a referral to a statutory service" in page
    assert "date feedback came back, their feedback" in page
    assert caseworker.get_full_name() in page and lead.get_full_name() in page


def test_opening_the_register_is_recorded_for_every_client_it_shows(client, dpo, records, world):
    register_page(client, dpo)
    listed = set(
        AccessEvent.objects.filter(actor=dpo, kind="list").values_list("client_id", flat=True)
    )
    assert listed == {records["own"].pk, world["clients"]["same_team"].pk}


def test_opening_one_concern_is_recorded_and_shown_as_the_register(client, dpo, records):
    concern = records["concern"]
    concern_page(client, dpo, concern)
    assert AccessEvent.objects.filter(
        actor=dpo, kind="view", object_type="safeguarding.concern", object_id=str(concern.pk)
    ).exists()
    page = concern_page(client, dpo, concern)
    assert "Opened the concern in the safeguarding register" in page
    # The register's own reads are not counted as reads of the concern.
    assert "2 times by 1 person" in page


def test_a_concern_of_another_organisation_is_not_found(client, dpo, records):
    from testing.factories import (
        BoroughFactory,
        ClientFactory,
        OrganisationFactory,
        TeamFactory,
        UserFactory,
    )

    team = TeamFactory(borough=BoroughFactory(organisation=OrganisationFactory(name="Elsewhere")))
    stranger = ClientFactory(team=team)
    lead = UserFactory(role=Role.SAFEGUARDING_LEAD, team=team)
    far, _ = concerns.concern_raise(
        actor=lead,
        client=stranger,
        values={"category": "threats", "happened_on": TODAY, "seen_and_heard": "A threat."},
    )
    sign_in(client, dpo)
    assert client.get(f"{REGISTER}{far.pk}/").status_code == 404
    assert AccessEvent.objects.filter(
        actor=dpo, kind="denied", object_type="safeguarding.concern", object_id=str(far.pk)
    ).exists()
    assert stranger.display_name not in register_page(client, dpo)


def test_concerns_past_their_deadlines_are_overdue_for_review(client, dpo, records, world):
    waiting, _ = concerns.concern_raise(
        actor=world["users"][Role.CASEWORKER],
        client=records["own"],
        values={"category": "threats", "happened_on": TODAY, "seen_and_heard": "A threat."},
    )
    Concern.objects.filter(pk=waiting.pk).update(triage_due_at=timezone.now() - timedelta(hours=1))
    page = register_page(client, dpo, "?overdue=on")
    assert f"{TAG}Triage overdue<" in page
    assert "1 concern matching the filters" in page
    assert "Risk from others: threats" in page

    lead = world["users"][Role.SAFEGUARDING_LEAD]
    concerns.concern_triage(
        actor=lead, concern=waiting, values={"grade": "amber", "rationale": "Watch it"}
    )
    Concern.objects.filter(pk=waiting.pk).update(action_due_at=timezone.now() - timedelta(hours=1))
    page = register_page(client, dpo, "?overdue=on")
    assert f"{TAG}Action overdue<" in page and f"{TAG}Triage overdue<" not in page
    # The first concern's referral met its deadline: it is not overdue.
    assert "1 concern matching the filters" in page


def test_an_open_concern_not_updated_in_90_days_is_overdue_and_a_closed_one_is_not(
    dpo, records, world
):
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    concerns.concern_close(
        actor=lead, concern=records["concern"], values={"rationale": "Safe and settled"}
    )
    later = timezone.now() + timedelta(days=91)
    lines = {
        line.pk: line
        for line in concern_lines(dpo, register_concerns(dpo, RegisterFilters(), later), later)
    }
    assert NOT_UPDATED in lines[records["allegation"].pk].overdue
    assert NOT_UPDATED not in lines[records["concern"].pk].overdue
    soon = timezone.now() + timedelta(days=89)
    lines = {
        line.pk: line
        for line in concern_lines(dpo, register_concerns(dpo, RegisterFilters(), soon), soon)
    }
    assert NOT_UPDATED not in lines[records["allegation"].pk].overdue


def test_filters_by_open_or_closed(client, dpo, records, world):
    concerns.concern_close(
        actor=world["users"][Role.SAFEGUARDING_LEAD],
        concern=records["concern"],
        values={"rationale": "Safe and settled"},
    )
    closed = register_page(client, dpo, "?state=closed")
    assert "1 concern matching the filters" in closed
    assert "Risk from others: domestic abuse" in closed
    opened = register_page(client, dpo, "?state=open")
    assert "1 concern matching the filters" in opened
    assert "An allegation against a member of staff" in opened


def test_the_csv_download_holds_the_metadata_and_is_recorded(client, dpo, records):
    sign_in(client, dpo)
    response = client.get(f"{REGISTER}?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Concern", "Client", "Category"]
    assert len(rows) == 3
    for words in (*WORDS, "Periwinkle", "Thistlewood"):
        assert words not in text
    exported = set(
        AccessEvent.objects.filter(actor=dpo, kind="export").values_list("client_id", flat=True)
    )
    assert records["own"].pk in exported


def test_a_dpo_on_temporary_licence_cannot_download_the_register(client, dpo, records):
    from datetime import time

    from wingman.accounts.models import AccessWindow

    dpo.on_temporary_licence = True
    dpo.save()
    AccessWindow.objects.create(
        user=dpo, weekdays=list(range(7)), starts_at=time(0), ends_at=time(23, 59, 59)
    )
    sign_in(client, dpo)
    assert client.get(f"{REGISTER}?format=csv").status_code == 403
    assert "Download" not in client.get(REGISTER).content.decode()
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT).exists()


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.DATA_PROTECTION_OFFICER])
def test_every_other_role_is_refused_the_register(client, world, records, role):
    sign_in(client, world["users"][role])
    assert client.get(REGISTER).status_code == 403
    assert client.get(f"{REGISTER}{records['concern'].pk}/").status_code == 403


# Every column of a safeguarding record that holds what was written, by its table.
TEXT_COLUMNS = {
    "concernentry": ("place", "seen_and_heard", "own_words", "action_taken"),
    "decision": ("rationale", "changed"),
    "statutoryreferral": ("reference", "feedback"),
    "involved": ("name", "removed_reason", "person_id"),
    "riskflag": ("detail", "reason", "removed_reason"),
    "concern": ("about_staff_id",),
}


def test_the_register_never_selects_a_column_holding_what_was_written(client, dpo, records):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sign_in(client, dpo)
    with CaptureQueriesContext(connection) as queries:
        client.get(REGISTER)
        client.get(f"{REGISTER}?overdue=on")
        client.get(f"{REGISTER}{records['concern'].pk}/")
        client.get(f"{REGISTER}{records['allegation'].pk}/")
        client.get(f"{REGISTER}?format=csv")
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "safeguarding_concern" in sql
    for table, columns in TEXT_COLUMNS.items():
        for column in columns:
            assert f'"safeguarding_{table}"."{column}"' not in sql, f"{table}.{column}"
