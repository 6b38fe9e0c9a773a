"""Safeguarding through the API: the same services, restrictions and rules as the pages.

The safeguarding lead cannot use the API (their role does not take data out of the system), so
the lead's decisions are tried here by a manager on an allegation against a member of staff,
which a manager decides on too."""

import json
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from testing.factories import BoroughFactory, OrganisationFactory, TeamFactory, UserFactory
from wingman.accounts.choices import Role
from wingman.accounts.models import ApiToken, hash_token
from wingman.api.tests.conftest import ApiClient
from wingman.audit.models import AccessEvent, AuditEvent
from wingman.casework.models import Contact, Task
from wingman.core.once import KEY_REUSED_WITH_ANOTHER_BODY
from wingman.people.models import Client
from wingman.safeguarding.models import (
    Concern,
    ConcernEntry,
    Decision,
    Involved,
    Notification,
    OnCallShift,
    StatutoryReferral,
)
from wingman.safeguarding.services import concerns, flags, rota

V1 = "/api/v1"
TODAY = timezone.localdate()
SEEN = "Bruising on his arm; he said his brother's friends did it at the garages."
OWN_WORDS = "They said next time they will stab me."
ACTION = "Took him to his nan's and rang our lead."
ACCOUNT_WORDS = ("Bruising", "garages", "stab me", "nan's")
REASON = "Spoke to the manager and the LADO on the phone"


@pytest.fixture
def own(world):
    return world["clients"]["own"]


@pytest.fixture
def caseworker(world, api_as):
    return api_as(world["users"][Role.CASEWORKER])


@pytest.fixture
def manager(world, api_as):
    return api_as(world["users"][Role.MANAGER])


def raise_by_api(api: Any, client: Client, **body: Any) -> Any:
    sent = {
        "category": "threats",
        "happened_on": (TODAY - timedelta(days=1)).isoformat(),
        "happened_at": "21:30",
        "place": "The garages on Elm Road",
        "seen_and_heard": SEEN,
        "own_words": OWN_WORDS,
        "action_taken": ACTION,
        **body,
    }
    return api.post(f"{V1}/clients/{client.pk}/concerns", sent)


def allegation(world: dict[str, Any], about: Any, client: Client | None = None) -> Concern:
    """An allegation against `about`, raised by the safeguarding lead, about the own client."""
    made, _ = concerns.concern_raise(
        actor=world["users"][Role.SAFEGUARDING_LEAD],
        client=client or world["clients"]["own"],
        values={
            "category": "staff_allegation",
            "about_staff_id": about.pk,
            "happened_on": TODAY - timedelta(days=1),
            "seen_and_heard": SEEN,
            "own_words": OWN_WORDS,
        },
        involved=[{"name": "His brother's friend", "involvement": "caused_harm"}],
    )
    return made


def against_a_volunteer(world: dict[str, Any]) -> Concern:
    return allegation(world, UserFactory(role=Role.VOLUNTEER, team=world["teams"][0]))


def _stored_key(user: Any) -> str:
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="Stored", key_hash=hash_token(key))
    return key


def no_account_in(text: str) -> None:
    for words in ACCOUNT_WORDS:
        assert words not in text, words


# Raising -------------------------------------------------------------------------------------


def test_raising_a_concern_keeps_the_account_tells_the_lead_and_starts_the_clock(
    world, own, caseworker
):
    before = timezone.now()
    response = raise_by_api(
        caseworker, own, involved=[{"name": "His brother's friends", "involvement": "caused_harm"}]
    )
    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["readable"] is True and answer["status"] == "raised"
    concern = answer["concern"]
    assert concern["entries"][0]["kind"] == "account"
    assert concern["entries"][0]["own_words"] == OWN_WORDS
    assert concern["involved"][0]["name"] == "His brother's friends"
    due = Concern.objects.get(pk=answer["id"]).triage_due_at
    assert before + timedelta(hours=4) <= due <= timezone.now() + timedelta(hours=4)
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    assert Notification.objects.filter(recipient=lead, concern_id=answer["id"]).exists()


def test_the_audit_of_a_concern_raised_by_api_holds_none_of_the_account(own, caseworker):
    concern_id = raise_by_api(caseworker, own).json()["id"]
    caseworker.post(f"{V1}/concerns/{concern_id}/entries", {"seen_and_heard": "Bruising again"})
    rows = AuditEvent.objects.filter(client_id=own.pk)
    assert rows.filter(summary="Safeguarding concern raised").exists()
    no_account_in(" ".join(f"{r.summary} {r.changes}" for r in rows))


def test_a_caseworker_raising_an_allegation_is_told_it_was_raised_and_nothing_more(
    world, own, caseworker
):
    subject = world["users"][Role.SENIOR_CASEWORKER]
    response = raise_by_api(caseworker, own, category="staff_allegation", about_staff_id=subject.pk)
    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer == {"id": answer["id"], "status": "raised", "readable": False, "concern": None}
    assert caseworker.get(f"{V1}/concerns/{answer['id']}").status_code == 404
    told = Notification.objects.filter(concern_id=answer["id"]).values_list("recipient", flat=True)
    assert set(told) == {world["users"][Role.SAFEGUARDING_LEAD].pk, world["users"][Role.MANAGER].pk}


def test_a_list_of_concerns_carries_no_account(own, caseworker):
    raise_by_api(caseworker, own)
    response = caseworker.get(f"{V1}/clients/{own.pk}/concerns")
    assert response.json()["count"] == 1
    no_account_in(response.content.decode())


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"seen_and_heard": " "}, "seen_and_heard", "Enter what was seen and heard"),
        (
            {"happened_on": (TODAY + timedelta(days=1)).isoformat()},
            "happened_on",
            "The date it happened must be today or in the past",
        ),
        ({"category": "staff_allegation"}, "about_staff_id", None),
        ({"about_staff_id": 1}, "about_staff_id", None),
        ({"involved": [{"involvement": "witness"}]}, "involved.0", None),
        (
            {"involved": [{"person_id": 999999, "involvement": "witness"}]},
            "involved.person_id",
            "Select one of the client's people, or enter a name",
        ),
        ({"category": "worry"}, "category", None),
        ({"own_words": "x" * 20_001}, "own_words", "Their own words must be 20,000 characters"),
        (
            {"happened_at": "21:30:00Z"},
            "happened_at",
            "Enter the time it happened as hours and minutes, like 21:30",
        ),
    ],
)
def test_a_concern_with_bad_input_is_refused_with_its_field_and_nothing_is_raised(
    own, caseworker, body, field, message
):
    response = raise_by_api(caseworker, own, **body)
    assert response.status_code == 422, response.content
    answer = response.json()
    assert answer["field"] == field, answer
    if message:
        assert message in answer["detail"]
    assert not Concern.objects.exists()


# The subject of an allegation ----------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.MANAGER, Role.SAFEGUARDING_LEAD]
)
def test_the_member_of_staff_an_allegation_is_about_finds_nothing_of_it(world, api_as, role):
    subject = world["users"][role]
    concern = concerns.concern_triage(
        actor=UserFactory(role=Role.SAFEGUARDING_LEAD, team=world["teams"][0]),
        concern=allegation(world, subject),
        values={"grade": "red", "rationale": REASON},
    )
    involved = concern.involved.get()
    client = concern.client
    # Another manager of the borough reads it: it is there to be found.
    other_manager = api_as(UserFactory(role=Role.MANAGER, team=world["teams"][0]))
    listed = other_manager.get(f"{V1}/clients/{client.pk}/concerns").json()
    assert [c["id"] for c in listed["items"]] == [concern.pk]

    # The lead's role may not be issued a token; one stored anyway is refused on every call.
    api = ApiClient(_stored_key(subject)) if role == Role.SAFEGUARDING_LEAD else api_as(subject)
    c = f"{V1}/concerns/{concern.pk}"
    calls = [
        ("get", f"{V1}/clients/{client.pk}/concerns", None),
        ("get", c, None),
        ("get", f"{c}/entries", None),
        ("post", f"{c}/entries", {"seen_and_heard": "Added by the one it is about"}),
        ("patch", c, {"version": concern.version, "rationale": REASON, "happened_on": str(TODAY)}),
        ("post", f"{c}/triage", {"grade": "green", "rationale": REASON}),
        ("post", f"{c}/close", {"rationale": REASON}),
        ("post", f"{c}/reopen", {"rationale": REASON}),
        ("post", f"{c}/decisions", {"kind": "not_refer", "rationale": REASON}),
        ("post", f"{c}/referrals", {"service": "lado", "rationale": REASON, "made_on": str(TODAY)}),
        ("post", f"{c}/involved", {"name": "Someone", "involvement": "other", "rationale": REASON}),
        ("post", f"{V1}/concern-people/{involved.pk}/unlink", {"rationale": REASON}),
    ]
    changes = AuditEvent.objects.count()
    for method, path, body in calls:
        response = api.call(method, path, body)
        text = response.content.decode()
        no_account_in(text)
        if role == Role.SAFEGUARDING_LEAD:
            # The lead's role never uses the API: refused before anything is looked up.
            assert response.status_code == 403, (method, path)
        elif path.endswith("/concerns"):
            assert response.status_code == 200 and response.json()["count"] == 0
        elif role == Role.MANAGER or method == "get" or path.endswith("/entries"):
            assert response.status_code == 404, (method, path, text)
        else:
            # A role that never decides on a concern is refused before anything is looked up.
            assert response.status_code == 403, (method, path, text)
    assert AuditEvent.objects.count() == changes
    assert ConcernEntry.objects.filter(concern=concern).count() == 1
    denied = AccessEvent.objects.filter(actor=subject, kind=AccessEvent.Kind.DENIED)
    assert denied.count() >= len(calls) - 1


# The lead's decisions ------------------------------------------------------------------------


def test_triage_sets_the_grade_and_the_deadline_for_action(world, manager):
    concern = against_a_volunteer(world)
    before = timezone.now()
    response = manager.post(
        f"{V1}/concerns/{concern.pk}/triage", {"grade": "red", "rationale": REASON}
    )
    assert response.status_code == 200, response.content
    answer = response.json()
    assert (answer["status"], answer["grade"]) == ("triaged", "red")
    concern.refresh_from_db()
    assert concern.action_due_at - concern.triaged_at == timedelta(hours=4)
    assert concern.triaged_at >= before
    assert answer["decisions"][-1]["kind"] == "triage"


def test_a_manager_decides_on_an_allegation_but_not_on_another_concern(world, own, manager):
    ordinary, _ = concerns.concern_raise(
        actor=world["users"][Role.CASEWORKER],
        client=own,
        values={"category": "threats", "happened_on": TODAY, "seen_and_heard": SEEN},
    )
    assert manager.get(f"{V1}/concerns/{ordinary.pk}").status_code == 200
    refused = manager.post(
        f"{V1}/concerns/{ordinary.pk}/triage", {"grade": "red", "rationale": REASON}
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Only the safeguarding lead decides on a concern"
    ordinary.refresh_from_db()
    assert ordinary.status == "raised" and not Decision.objects.filter(concern=ordinary).exists()


def test_a_decision_before_triage_answers_409_and_records_nothing(world, manager):
    concern = against_a_volunteer(world)
    response = manager.post(
        f"{V1}/concerns/{concern.pk}/decisions", {"kind": "action", "rationale": REASON}
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "Triage the concern first"
    assert not Decision.objects.filter(concern=concern).exists()


def test_a_referral_meets_the_deadline_and_takes_its_reference_later(world, manager):
    concern = against_a_volunteer(world)
    manager.post(f"{V1}/concerns/{concern.pk}/triage", {"grade": "amber", "rationale": REASON})
    made = manager.post(
        f"{V1}/concerns/{concern.pk}/referrals",
        {"service": "lado", "rationale": REASON, "made_on": TODAY.isoformat()},
    )
    assert made.status_code == 201, made.content
    referral = made.json()
    assert referral["reference"] == "" and referral["version"] == 1
    concern.refresh_from_db()
    assert concern.action_taken_at is not None
    path = f"{V1}/statutory-referrals/{referral['id']}"
    updated = manager.patch(path, {"version": 1, "reference": "LADO-2291"})
    assert updated.status_code == 200 and updated.json()["reference"] == "LADO-2291"
    stale = manager.patch(path, {"version": 1, "reference": "LADO-0000"})
    assert stale.status_code == 409
    assert stale.json()["current"]["reference"] == "LADO-2291"
    early = manager.patch(
        path, {"version": 2, "feedback_on": (TODAY - timedelta(days=1)).isoformat()}
    )
    assert early.status_code == 422 and early.json()["field"] == "feedback_on"
    whole = manager.get(f"{V1}/concerns/{concern.pk}").json()
    assert [r["reference"] for r in whole["referrals"]] == ["LADO-2291"]
    assert [d["kind"] for d in whole["decisions"]] == ["triage", "refer"]


def test_a_concern_is_closed_and_reopened_with_reasons_and_a_raised_one_cannot_close(
    world, manager
):
    concern = against_a_volunteer(world)
    c = f"{V1}/concerns/{concern.pk}"
    early = manager.post(f"{c}/close", {"rationale": REASON})
    assert early.status_code == 409
    manager.post(f"{c}/triage", {"grade": "green", "rationale": REASON})
    closed = manager.post(f"{c}/close", {"rationale": REASON})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert manager.post(f"{c}/close", {"rationale": REASON}).status_code == 409
    blank = manager.post(f"{c}/reopen", {"rationale": "  "})
    assert blank.status_code == 422 and blank.json()["field"] == "rationale"
    reopened = manager.post(f"{c}/reopen", {"rationale": REASON})
    assert reopened.status_code == 200, reopened.content
    answer = reopened.json()
    assert (answer["status"], answer["grade"], answer["closed_at"]) == ("triaged", "green", None)


def test_details_change_with_a_reason_and_an_old_version_answers_409(world, manager):
    concern = against_a_volunteer(world)
    path = f"{V1}/concerns/{concern.pk}"
    day = (TODAY - timedelta(days=3)).isoformat()
    changed = manager.patch(path, {"version": 1, "rationale": REASON, "happened_on": day})
    assert changed.status_code == 200, changed.content
    assert changed.json()["happened_on"] == day
    assert changed.json()["decisions"][-1]["changed"] == "Changed: Date it happened"
    assert changed.json()["entries"][0]["seen_and_heard"] == SEEN
    stale = manager.patch(path, {"version": 1, "rationale": REASON, "happened_on": str(TODAY)})
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    nothing = manager.patch(path, {"version": 2, "rationale": REASON})
    assert nothing.status_code == 422 and nothing.json()["field"] == "category"


def test_someone_linked_and_unlinked_stays_on_the_concern_marked(world, manager):
    concern = against_a_volunteer(world)
    linked = manager.post(
        f"{V1}/concerns/{concern.pk}/involved",
        {"name": "The youth worker", "involvement": "witness", "rationale": REASON},
    )
    assert linked.status_code == 201, linked.content
    link = linked.json()
    unlinked = manager.post(f"{V1}/concern-people/{link['id']}/unlink", {"rationale": REASON})
    assert unlinked.status_code == 200 and unlinked.json()["removed_at"] is not None
    again = manager.post(f"{V1}/concern-people/{link['id']}/unlink", {"rationale": REASON})
    assert again.status_code == 409
    people = manager.get(f"{V1}/concerns/{concern.pk}").json()["involved"]
    assert [(p["name"], p["removed_at"] is None) for p in people] == [
        ("His brother's friend", True),
        ("The youth worker", False),
    ]


# The chronology is never changed -------------------------------------------------------------


def test_an_entry_is_added_but_never_changed_or_removed(world, own, caseworker):
    concern_id = raise_by_api(caseworker, own).json()["id"]
    entries = f"{V1}/concerns/{concern_id}/entries"
    first = ConcernEntry.objects.get(concern_id=concern_id)
    correction = caseworker.post(
        entries,
        {"kind": "correction", "corrects_id": first.pk, "seen_and_heard": "It was his cousin"},
    )
    assert correction.status_code == 201, correction.content
    before = list(ConcernEntry.objects.values())
    for method in ("patch", "put", "delete"):
        for path in (entries, f"{V1}/concern-entries/{first.pk}", f"{entries}/{first.pk}"):
            response = caseworker.call(method, path, {"seen_and_heard": "Rewritten"})
            assert response.status_code in (404, 405), (method, path, response.status_code)
    assert list(ConcernEntry.objects.values()) == before
    listed = caseworker.get(entries).json()
    assert [e["kind"] for e in listed["items"]] == ["account", "correction"]
    assert listed["items"][0]["seen_and_heard"] == SEEN


def test_a_correction_must_name_an_entry_of_the_concern(own, caseworker):
    concern_id = raise_by_api(caseworker, own).json()["id"]
    response = caseworker.post(
        f"{V1}/concerns/{concern_id}/entries",
        {"kind": "correction", "seen_and_heard": "It was his cousin"},
    )
    assert response.status_code == 422 and response.json()["field"] == "corrects_id"
    assert ConcernEntry.objects.count() == 1


# Creates only a manager (or the lead) makes, sent twice --------------------------------------


def _lead_creates(world: dict[str, Any]) -> dict[str, tuple[str, dict, dict, type]]:
    concern = concerns.concern_triage(
        actor=world["users"][Role.SAFEGUARDING_LEAD],
        concern=against_a_volunteer(world),
        values={"grade": "amber", "rationale": REASON},
    )
    c = f"{V1}/concerns/{concern.pk}"
    starts = timezone.now() + timedelta(days=1)
    shift = {
        "team_id": world["teams"][0].pk,
        "person_id": world["users"][Role.CASEWORKER].pk,
        "phone": "07700 900456",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=12)).isoformat(),
    }
    return {
        "create_concern_decision": (
            f"{c}/decisions",
            {"kind": "action", "rationale": REASON},
            {"kind": "not_refer", "rationale": REASON},
            Decision,
        ),
        "create_statutory_referral": (
            f"{c}/referrals",
            {"service": "lado", "rationale": REASON, "made_on": str(TODAY)},
            {"service": "police", "rationale": REASON, "made_on": str(TODAY)},
            StatutoryReferral,
        ),
        "link_concern_person": (
            f"{c}/involved",
            {"name": "The youth worker", "involvement": "witness", "rationale": REASON},
            {"name": "The coach", "involvement": "witness", "rationale": REASON},
            Involved,
        ),
        "create_on_call_shift": (
            f"{V1}/on-call",
            shift,
            shift | {"phone": "07700 900789"},
            OnCallShift,
        ),
    }


OPERATIONS = [
    "create_concern_decision",
    "create_statutory_referral",
    "link_concern_person",
    "create_on_call_shift",
]


def test_these_are_the_creates_the_shared_idempotency_test_leaves_here():
    from wingman.api.tests.test_idempotency import SAFEGUARDING_CREATES

    assert set(OPERATIONS) == SAFEGUARDING_CREATES


@pytest.mark.parametrize("operation", OPERATIONS)
def test_the_same_key_and_body_return_the_first_record(world, manager, operation):
    path, body, _other, model = _lead_creates(world)[operation]
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = manager.post(path, body, headers=key)
    before = model._default_manager.count()
    again = manager.post(path, json.dumps(dict(reversed(list(body.items())))), headers=key)
    assert (first.status_code, again.status_code) == (201, 200), again.content
    assert first.json() == again.json()
    assert model._default_manager.count() == before


@pytest.mark.parametrize("operation", OPERATIONS)
def test_the_same_key_with_another_body_is_refused_and_makes_nothing(world, manager, operation):
    path, body, other, model = _lead_creates(world)[operation]
    key = {"Idempotency-Key": str(uuid.uuid4())}
    assert manager.post(path, body, headers=key).status_code == 201
    before = model._default_manager.count()
    refused = manager.post(path, other, headers=key)
    assert refused.status_code == 422
    assert refused.json()["detail"] == KEY_REUSED_WITH_ANOTHER_BODY
    assert model._default_manager.count() == before


# Risk flags ----------------------------------------------------------------------------------


def test_a_flag_about_a_concern_names_it_only_to_those_who_may_read_it(
    world, own, caseworker, api_as
):
    concern_id = raise_by_api(caseworker, own).json()["id"]
    made = caseworker.post(
        f"{V1}/clients/{own.pk}/risk-flags",
        {
            "kind": "see_concern",
            "concern_id": concern_id,
            "reason": "Threats: see the concern",
            "review_on": (TODAY + timedelta(days=14)).isoformat(),
        },
    )
    assert made.status_code == 201, made.content
    flag = made.json()
    assert (flag["concern_exists"], flag["concern_id"]) == (True, concern_id)
    dpo = api_as(world["users"][Role.DATA_PROTECTION_OFFICER])
    seen = dpo.get(f"{V1}/risk-flags/{flag['id']}").json()
    assert (seen["concern_exists"], seen["concern_id"]) == (True, None)
    listed = dpo.get(f"{V1}/clients/{own.pk}/risk-flags")
    assert listed.json()["items"][0]["concern_id"] is None
    no_account_in(listed.content.decode())
    assert dpo.get(f"{V1}/concerns/{concern_id}").status_code == 403


def test_a_flag_is_reviewed_then_removed_and_kept(world, own, caseworker):
    made, _ = flags.flag_set(
        actor=world["users"][Role.CASEWORKER],
        client=own,
        values={
            "kind": "do_not_visit_alone",
            "reason": "Threats from his brother's friends",
            "review_on": TODAY + timedelta(days=7),
        },
    )
    path = f"{V1}/risk-flags/{made.pk}"
    later = (TODAY + timedelta(days=60)).isoformat()
    reviewed = caseworker.patch(path, {"version": 1, "review_on": later})
    assert reviewed.status_code == 200 and reviewed.json()["review_on"] == later
    past = caseworker.patch(path, {"version": 2, "review_on": str(TODAY - timedelta(days=1))})
    assert past.status_code == 422 and past.json()["field"] == "review_on"
    stale = caseworker.patch(path, {"version": 1, "review_on": later})
    assert stale.status_code == 409
    no_reason = caseworker.post(f"{path}/remove", {"reason": ""})
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "reason"
    removed = caseworker.post(f"{path}/remove", {"reason": "He has moved to Leeds"})
    assert removed.status_code == 200 and removed.json()["removed_at"] is not None
    assert caseworker.post(f"{path}/remove", {"reason": "Again"}).status_code == 409
    flags_path = f"{V1}/clients/{own.pk}/risk-flags"
    assert caseworker.get(flags_path).json()["count"] == 0
    kept = caseworker.get(f"{flags_path}?include_removed=true").json()["items"]
    assert [f["removed_reason"] for f in kept] == ["He has moved to Leeds"]


def test_a_hostile_area_without_the_area_is_refused(own, caseworker):
    response = caseworker.post(
        f"{V1}/clients/{own.pk}/risk-flags",
        {"kind": "hostile_area", "reason": "Rivals", "review_on": str(TODAY)},
    )
    assert response.status_code == 422
    assert (response.json()["field"], response.json()["detail"]) == ("detail", "Enter the area")


# The crisis call -----------------------------------------------------------------------------


def test_a_crisis_call_logs_the_contact_raises_the_concern_and_tells_who_is_on_call(
    world, own, caseworker
):
    senior = world["users"][Role.SENIOR_CASEWORKER]
    rota.shift_add(
        actor=senior,
        values={
            "team_id": own.team_id,
            "person_id": senior.pk,
            "phone": "07700 900123",
            "starts_at": timezone.now() - timedelta(hours=1),
            "ends_at": timezone.now() + timedelta(hours=8),
        },
    )
    response = caseworker.post(
        f"{V1}/crisis-calls",
        {
            "client_id": own.pk,
            "said": SEEN,
            "advice": ACTION,
            "concern_needed": True,
            "category": "threats",
            "follow_up": "Ring him in the morning",
        },
    )
    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["client_id"] == own.pk and answer["new_client"] is False
    assert answer["concern_raised"] is True
    concern = Concern.objects.get(pk=answer["concern_id"])
    assert concern.crisis_call_id == answer["contact"]["id"]
    assert concern.entries.get().seen_and_heard == SEEN
    no_account_in(answer["contact"]["note"])
    assert Task.objects.get(pk=answer["task_id"]).title == "Ring him in the morning"
    told = Notification.objects.filter(concern=concern).values_list("recipient", "kind")
    assert (senior.pk, "crisis_call") in set(told)


def test_someone_not_yet_a_client_who_rings_becomes_one(world, caseworker):
    response = caseworker.post(
        f"{V1}/crisis-calls",
        {
            "not_yet_a_client": True,
            "given_name": "Tyrese",
            "family_name": "Campbell",
            "said": "He wants out, tonight",
        },
    )
    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["new_client"] is True and answer["concern_raised"] is False
    assert Client.objects.get(pk=answer["client_id"]).given_name == "Tyrese"
    assert "He wants out, tonight" in answer["contact"]["note"]


def test_a_crisis_call_raising_an_allegation_does_not_name_the_concern_to_the_caller(
    world, own, caseworker
):
    response = caseworker.post(
        f"{V1}/crisis-calls",
        {
            "client_id": own.pk,
            "said": SEEN,
            "concern_needed": True,
            "category": "staff_allegation",
            "about_staff_id": world["users"][Role.SENIOR_CASEWORKER].pk,
        },
    )
    assert response.status_code == 201, response.content
    answer = response.json()
    assert (answer["concern_raised"], answer["concern_id"]) == (True, None)
    no_account_in(response.content.decode())


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"said": "Help"}, "client_id"),
        ({"client_id": 1, "not_yet_a_client": True, "said": "Help"}, "client_id"),
        ({"not_yet_a_client": True, "said": "Help"}, "given_name"),
        ({"client_id": None, "not_yet_a_client": True, "given_name": "T", "said": ""}, "said"),
        ("own", "category"),
        ("zoned", "occurred_at"),
    ],
)
def test_a_crisis_call_without_what_it_needs_is_refused(own, caseworker, body, field):
    if body == "own":
        body = {"client_id": own.pk, "said": "Help", "concern_needed": True}
    if body == "zoned":
        body = {"client_id": own.pk, "said": "Help", "occurred_at": "00:00:00Z"}
    response = caseworker.post(f"{V1}/crisis-calls", body)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field
    assert not Contact.objects.filter(contact_type="crisis_call").exists()


def test_a_crisis_call_about_a_client_out_of_scope_answers_404(world, caseworker):
    far = world["clients"]["other_borough"]
    response = caseworker.post(f"{V1}/crisis-calls", {"client_id": far.pk, "said": "Help"})
    assert response.status_code == 404
    assert not Contact.objects.filter(contact_type="crisis_call").exists()


# The on-call rota ----------------------------------------------------------------------------


def test_the_rota_shows_who_is_on_call_now_and_who_is_next(world, api_as):
    senior = world["users"][Role.SENIOR_CASEWORKER]
    keeper = api_as(senior)
    now = timezone.now()

    def add(starts: Any, hours: int) -> Any:
        response = keeper.post(
            f"{V1}/on-call",
            {
                "team_id": senior.team_id,
                "person_id": senior.pk,
                "phone": "07700 900123",
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=hours)).isoformat(),
            },
        )
        assert response.status_code == 201, response.content
        return response.json()

    current = add(now - timedelta(hours=1), 8)
    upcoming = add(now + timedelta(days=2), 12)
    answer = api_as(world["users"][Role.CASEWORKER]).get(f"{V1}/on-call").json()
    assert [s["id"] for s in answer["now"]] == [current["id"]]
    assert [s["id"] for s in answer["items"]] == [current["id"], upcoming["id"]]
    assert answer["now"][0]["phone"] == "07700 900123"


def test_a_team_lead_keeps_only_their_own_teams_rota(world, api_as):
    senior = world["users"][Role.SENIOR_CASEWORKER]
    starts = timezone.now() + timedelta(days=1)
    response = api_as(senior).post(
        f"{V1}/on-call",
        {
            "team_id": world["teams"][1].pk,
            "person_id": senior.pk,
            "phone": "07700 900123",
            "starts_at": starts.isoformat(),
            "ends_at": (starts - timedelta(hours=1)).isoformat(),
        },
    )
    assert response.status_code == 422 and response.json()["field"] == "team_id"
    assert not OnCallShift.objects.exists()


def test_a_shift_of_another_organisation_answers_404_and_stays(world, api_as):
    elsewhere = TeamFactory(borough=BoroughFactory(organisation=OrganisationFactory(name="Else")))
    lead = UserFactory(role=Role.SAFEGUARDING_LEAD, team=elsewhere)
    shift, _ = rota.shift_add(
        actor=lead,
        values={
            "person_id": lead.pk,
            "phone": "0207",
            "starts_at": timezone.now(),
            "ends_at": timezone.now() + timedelta(hours=2),
        },
    )
    manager = world["users"][Role.MANAGER]
    response = api_as(manager).call("delete", f"{V1}/on-call/{shift.pk}")
    assert response.status_code == 404
    assert OnCallShift.objects.filter(pk=shift.pk).exists()
    assert AccessEvent.objects.filter(actor=manager, kind=AccessEvent.Kind.DENIED).exists()


def test_a_shift_taken_off_the_rota_is_gone_and_audited(world, api_as):
    senior = world["users"][Role.SENIOR_CASEWORKER]
    shift, _ = rota.shift_add(
        actor=senior,
        values={
            "team_id": senior.team_id,
            "person_id": senior.pk,
            "phone": "0207",
            "starts_at": timezone.now(),
            "ends_at": timezone.now() + timedelta(hours=2),
        },
    )
    response = api_as(senior).call("delete", f"{V1}/on-call/{shift.pk}")
    assert response.status_code == 204
    assert not OnCallShift.objects.exists()
    assert AuditEvent.objects.filter(summary="On-call shift removed").exists()
