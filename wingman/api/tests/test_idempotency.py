"""Every API operation that creates a record honours an Idempotency-Key: the same key with the same
body returns the record the first request made; the same key with another body is refused with
422 and makes nothing."""

import json
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from wingman.accounts.choices import Role
from wingman.api.api import api as wingman_api
from wingman.assessments.models import Assessment
from wingman.assessments.services import ensure_wingman_ladder
from wingman.casework.models import Contact, PartnerReferral, RotlPeriod, Task
from wingman.core.models import FormSubmission
from wingman.core.once import KEY_REUSED_WITH_ANOTHER_BODY
from wingman.court.models import Hearing
from wingman.family.models import Relationship, Signposting
from wingman.offending.models import Offence
from wingman.outcomes.models import Outcome, OutcomeType
from wingman.plans.models import Action, Goal, SupportPlan
from wingman.referrals.models import Referral
from wingman.safeguarding.models import Concern, ConcernEntry, RiskFlag
from wingman.safeguarding.services.concerns import concern_raise

TODAY = date.today()


def _plan_of(client: Any) -> SupportPlan:
    plan = SupportPlan.objects.filter(client=client).first()
    return plan or SupportPlan.objects.create(
        client=client, agreed_on=TODAY, created_by=client.created_by
    )


def _goal_of(client: Any) -> Goal:
    plan = _plan_of(client)
    goal = plan.goals.first()
    return goal or Goal.objects.create(
        plan=plan, pathway="ete", in_their_words="A job", created_by=client.created_by
    )


def _concern_of(client: Any) -> Concern:
    concern = Concern.objects.filter(client=client).first()
    return (
        concern
        or concern_raise(
            actor=client.caseworker,
            client=client,
            values={"category": "threats", "happened_on": TODAY, "seen_and_heard": "Threatened"},
        )[0]
    )


# operation id -> (path for a client, a body, another body, the model made)
Create = tuple[Callable[[Any], str], dict[str, Any], dict[str, Any], type]
CREATES: dict[str, Create] = {
    "create_contact": (
        lambda c: f"/api/v1/clients/{c.pk}/contacts",
        {"occurred_on": TODAY.isoformat(), "minutes": 30, "contact_type": "phone"},
        {"occurred_on": TODAY.isoformat(), "minutes": 45, "contact_type": "phone"},
        Contact,
    ),
    "create_task": (
        lambda c: f"/api/v1/clients/{c.pk}/tasks",
        {"kind": "court_date", "title": "Court", "due_on": TODAY.isoformat()},
        {"kind": "court_date", "title": "Court", "due_on": (TODAY + timedelta(1)).isoformat()},
        Task,
    ),
    "create_partner_referral": (
        lambda c: f"/api/v1/clients/{c.pk}/partner-referrals",
        {"partner_type": "housing", "partner_name": "Shelter"},
        {"partner_type": "housing", "partner_name": "Centrepoint"},
        PartnerReferral,
    ),
    "create_referral": (
        lambda c: "/api/v1/referrals",
        {"source": "police", "reason": "Wants out", "client_id": None},
        {"source": "police", "reason": "Wants out now", "client_id": None},
        Referral,
    ),
    "create_assessment": (
        lambda c: f"/api/v1/clients/{c.pk}/assessments",
        {"kind": "intake", "assessed_on": TODAY.isoformat(), "note": "First"},
        {"kind": "intake", "assessed_on": TODAY.isoformat(), "note": "Second"},
        Assessment,
    ),
    "create_rotl_period": (
        lambda c: f"/api/v1/journeys/{c.journeys.get().pk}/rotl-periods",
        {"first_day": (TODAY + timedelta(3)).isoformat()},
        {"first_day": (TODAY + timedelta(9)).isoformat()},
        RotlPeriod,
    ),
    "create_outcome": (
        lambda c: f"/api/v1/clients/{c.pk}/outcomes",
        {"outcome_type_id": None, "achieved_on": TODAY.isoformat(), "evidence": "Passport seen"},
        {"outcome_type_id": None, "achieved_on": TODAY.isoformat(), "evidence": "Licence seen"},
        Outcome,
    ),
    "create_support_plan": (
        lambda c: f"/api/v1/clients/{c.pk}/plans",
        {"agreed_on": TODAY.isoformat()},
        {"agreed_on": (TODAY - timedelta(1)).isoformat()},
        SupportPlan,
    ),
    "create_goal": (
        lambda c: f"/api/v1/plans/{_plan_of(c).pk}/goals",
        {"pathway": "ete", "in_their_words": "Get on a course"},
        {"pathway": "ete", "in_their_words": "Finish the course"},
        Goal,
    ),
    "create_action": (
        lambda c: f"/api/v1/goals/{_goal_of(c).pk}/actions",
        {"what": "Ring the college", "owner": "client", "due_on": TODAY.isoformat()},
        {
            "what": "Ring the college",
            "owner": "client",
            "due_on": (TODAY + timedelta(1)).isoformat(),
        },
        Action,
    ),
    "create_hearing": (
        lambda c: f"/api/v1/clients/{c.pk}/hearings",
        {"court": "Youth court", "charge": "Theft", "stage": "plea", "hearing_on": str(TODAY)},
        {"court": "Youth court", "charge": "Theft", "stage": "trial", "hearing_on": str(TODAY)},
        Hearing,
    ),
    "create_relationship": (
        lambda c: f"/api/v1/clients/{c.pk}/relationships",
        {"person": {"given_name": "Jayden"}, "kind": "sibling"},
        {"person": {"given_name": "Kai"}, "kind": "sibling"},
        Relationship,
    ),
    "create_signposting": (
        lambda c: f"/api/v1/clients/{c.pk}/signposting",
        {
            "name": "Chantelle",
            "organisation": "National Domestic Abuse Helpline",
            "pathway": "abuse",
            "given_on": TODAY.isoformat(),
        },
        {
            "name": "Chantelle",
            "organisation": "Refuge",
            "pathway": "abuse",
            "given_on": TODAY.isoformat(),
        },
        Signposting,
    ),
    "create_offence": (
        lambda c: f"/api/v1/clients/{c.pk}/offences",
        {
            "committed_on": (TODAY - timedelta(days=30)).isoformat(),
            "category": "robbery",
            "disposal": "awaiting",
            "source": "self_report",
        },
        {
            "committed_on": (TODAY - timedelta(days=31)).isoformat(),
            "category": "robbery",
            "disposal": "awaiting",
            "source": "self_report",
        },
        Offence,
    ),
    "create_concern": (
        lambda c: f"/api/v1/clients/{c.pk}/concerns",
        {"category": "threats", "happened_on": str(TODAY), "seen_and_heard": "A knife shown"},
        {"category": "threats", "happened_on": str(TODAY), "seen_and_heard": "A gun shown"},
        Concern,
    ),
    "create_concern_entry": (
        lambda c: f"/api/v1/concerns/{_concern_of(c).pk}/entries",
        {"seen_and_heard": "He rang again"},
        {"seen_and_heard": "His mum rang"},
        ConcernEntry,
    ),
    "create_risk_flag": (
        lambda c: f"/api/v1/clients/{c.pk}/risk-flags",
        {"kind": "do_not_visit_alone", "reason": "Threats", "review_on": str(TODAY)},
        {"kind": "do_not_visit_alone", "reason": "Threats", "review_on": str(TODAY + timedelta(1))},
        RiskFlag,
    ),
    "create_crisis_call": (
        lambda c: "/api/v1/crisis-calls",
        {
            "client_id": None,
            "said": "They are outside",
            "concern_needed": True,
            "category": "threats",
        },
        {
            "client_id": None,
            "said": "They have gone",
            "concern_needed": True,
            "category": "threats",
        },
        Contact,
    ),
}
# Creates sent as multipart/form-data rather than JSON, covered where they are made: the same
# key and file return the first record, another file is refused
# (wingman/documents/tests/test_api.py).
MULTIPART_CREATES = {"upload_document"}
# Creates only the safeguarding lead or a manager makes (a decision, a referral, a person linked
# to a concern), or that need the world's team and staff (an on-call shift), covered where they
# are made (wingman/api/tests/test_safeguarding_api.py).
SAFEGUARDING_CREATES = {
    "create_concern_decision",
    "create_statutory_referral",
    "link_concern_person",
    "create_on_call_shift",
}


def test_every_create_operation_is_covered():
    schema = wingman_api.get_openapi_schema(path_prefix="/api/")
    takes_a_key = {
        op["operationId"]
        for path in schema["paths"].values()
        for op in path.values()
        if any(p["name"] == "Idempotency-Key" for p in op.get("parameters", []))
    }
    creates = {
        op["operationId"]
        for path in schema["paths"].values()
        for method, op in path.items()
        if method == "post" and 201 in op["responses"]
    }
    assert (
        creates
        == takes_a_key
        == (set(CREATES) | MULTIPART_CREATES | SAFEGUARDING_CREATES | {"start_evaluation_run"})
    )


def test_an_evaluation_run_sent_again_is_started_once_and_another_body_is_refused(world, api_as):
    from wingman.impact.models import EvaluationRun

    manager = api_as(world["users"][Role.MANAGER])
    url = "/api/v1/impact/runs"
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = manager.post(url, {"ratio": 1}, headers=key)
    again = manager.post(url, {"ratio": 1}, headers=key)
    assert (first.status_code, again.status_code) == (201, 200), first.content
    assert first.json()["id"] == again.json()["id"]
    other = manager.post(url, {"ratio": 2}, headers=key)
    assert other.status_code == 422
    assert EvaluationRun.objects.count() == 1


@pytest.fixture
def sender(world, api_as):
    return api_as(world["users"][Role.SENIOR_CASEWORKER])


def _bodies(operation: str, client: Any) -> tuple[str, dict[str, Any], dict[str, Any], type]:
    path, body, other, model = CREATES[operation]
    if "client_id" in body:
        body, other = body | {"client_id": client.pk}, other | {"client_id": client.pk}
    if "outcome_type_id" in body:
        kind = {"outcome_type_id": OutcomeType.objects.filter(name="ID obtained").first().pk}
        body, other = body | kind, other | kind
    if model is Assessment:
        ladder = ensure_wingman_ladder()
        answers = [
            {"question_id": q.pk, "status": "in_progress", "score": 5}
            for q in ladder.questions.all()
        ]
        extra = {"instrument_id": ladder.pk, "answers": answers}
        body, other = body | extra, other | extra
    return path(client), body, other, model


def _count(model: type) -> int:
    return model._default_manager.count()


@pytest.mark.parametrize("operation", list(CREATES))
def test_the_same_key_and_body_return_the_first_record(world, sender, operation):
    client = world["clients"]["own"]
    path, body, _other, model = _bodies(operation, client)
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = sender.post(path, body, headers=key)
    before = _count(model)
    # The same body, its keys in another order and spaced differently, is the same request.
    reordered = json.dumps(dict(reversed(list(body.items()))), indent=4)
    again = sender.post(path, reordered, headers=key)
    assert (first.status_code, again.status_code) == (201, 200), again.content
    assert first.json() == again.json()
    assert _count(model) == before


@pytest.mark.parametrize("operation", list(CREATES))
def test_the_same_key_with_another_body_is_refused_and_makes_nothing(world, sender, operation):
    client = world["clients"]["own"]
    path, body, other, model = _bodies(operation, client)
    key = {"Idempotency-Key": str(uuid.uuid4())}
    assert sender.post(path, body, headers=key).status_code == 201
    before = _count(model)
    refused = sender.post(path, other, headers=key)
    assert refused.status_code == 422
    answer = refused.json()
    assert answer["detail"] == KEY_REUSED_WITH_ANOTHER_BODY
    assert answer["field"] == "Idempotency-Key"
    assert answer["errors"][0]["location"] == "header"
    assert _count(model) == before


def test_a_key_stored_before_bodies_were_fingerprinted_still_returns_its_record(world, sender):
    client = world["clients"]["own"]
    path, body, other, _model = _bodies("create_contact", client)
    key = str(uuid.uuid4())
    assert sender.post(path, body, headers={"Idempotency-Key": key}).status_code == 201
    FormSubmission.objects.filter(token=key).update(fingerprint="")
    assert sender.post(path, other, headers={"Idempotency-Key": key}).status_code == 200


def test_a_referral_of_someone_new_sent_again_with_other_details_is_refused(world, sender):
    key = {"Idempotency-Key": str(uuid.uuid4())}
    person = {"given_name": "Dee", "family_name": "Newcome"}
    body = {"source": "self", "reason": "Walked in", "client": person}
    assert sender.post("/api/v1/referrals", body, headers=key).status_code == 201
    changed = body | {"client": person | {"family_name": "Newman"}}
    assert sender.post("/api/v1/referrals", changed, headers=key).status_code == 422
    assert Referral.objects.filter(client__given_name="Dee").count() == 1
