"""The pages and the API keep the same rules: the same bad input, sent through a form and through
the API, is refused by both in the same words and changes nothing; good input at the limits is
accepted by both."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client as PageClient
from django.utils import timezone
from django.utils.html import escape

from testing.factories import BoroughFactory, OrganisationFactory
from testing.helpers import date_boxes, sign_in
from wingman.accounts.choices import Role
from wingman.assessments.services import ensure_wingman_ladder
from wingman.audit.models import AuditEvent
from wingman.casework.choices import Stage
from wingman.casework.models import Contact, Journey, RotlPeriod, StageChange, Task
from wingman.core.models import FormSubmission
from wingman.core.validation import written, years_from
from wingman.court.models import Hearing
from wingman.people.models import Client
from wingman.safeguarding.models import Concern, RiskFlag
from wingman.tests.rows.family import give_family


def today() -> date:
    return timezone.localdate()


@dataclass
class Channels:
    """One input, as a form posts it and as the API sends it."""

    page: Callable[[dict[str, Any]], tuple[str, dict[str, Any]]]
    api: Callable[[dict[str, Any]], tuple[str, str, dict[str, Any]]]
    setup: Callable[[dict[str, Any]], None] = field(default=lambda ctx: None)


@dataclass
class Refusal:
    channels: Channels
    message: Callable[[], str]
    page_target: str  # the id the error summary links to
    api_field: str


# The pages' forms, filled in as a person would, with `changes` on top ------------------------


def client_page(dob: date | None = None, **changes: Any) -> Callable[..., Any]:
    def build(ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        data = {
            "given_name": "Own",
            "family_name": "Example",
            "version": "1",
            **date_boxes("date_of_birth", dob),
        } | changes
        return f"/clients/{ctx['client'].pk}/edit/", data

    return build


def client_api(**body: Any) -> Callable[..., Any]:
    return lambda ctx: ("patch", f"/api/v1/clients/{ctx['client'].pk}", {"version": 1, **body})


def contact_page(on: date | None = None, **changes: Any) -> Callable[..., Any]:
    def build(ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        data = {
            "form_token": FormSubmission.new_token(),
            **date_boxes("occurred_on", on or today()),
            "minutes": "30",
            "contact_type": "phone",
        } | changes
        return f"/clients/{ctx['client'].pk}/contacts/new/", data

    return build


def contact_api(**body: Any) -> Callable[..., Any]:
    def build(ctx: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
        sent = {"occurred_on": today().isoformat(), "minutes": 30, "contact_type": "phone"}
        return "post", f"/api/v1/clients/{ctx['client'].pk}/contacts", sent | body

    return build


def task_page(due: date) -> Callable[..., Any]:
    def build(ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        data = {
            "form_token": FormSubmission.new_token(),
            "kind": "court_date",
            "title": "Court",
            **date_boxes("due_on", due),
        }
        return f"/clients/{ctx['client'].pk}/tasks/new/", data

    return build


def task_api(due: str) -> Callable[..., Any]:
    def build(ctx: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
        body = {"kind": "court_date", "title": "Court", "due_on": due}
        return "post", f"/api/v1/clients/{ctx['client'].pk}/tasks", body

    return build


def rotl_page(**boxes: str) -> Callable[..., Any]:
    def build(ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        data = {"form_token": FormSubmission.new_token(), **boxes}
        return f"/journeys/{ctx['journey'].pk}/rotl/new/", data

    return build


def rotl_api(**body: Any) -> Callable[..., Any]:
    return lambda ctx: ("post", f"/api/v1/journeys/{ctx['journey'].pk}/rotl-periods", body)


def in_custody(ctx: dict[str, Any]) -> None:
    Journey.objects.filter(pk=ctx["journey"].pk).update(stage=Stage.IN_CUSTODY)


def move_page(**changes: Any) -> Callable[..., Any]:
    def build(ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        data = {
            "to": Stage.RELEASE_DAY,
            "from_stage": Stage.IN_CUSTODY,
            **date_boxes("on", today()),
        } | changes
        return f"/journeys/{ctx['journey'].pk}/move/", data

    return build


def move_api(**body: Any) -> Callable[..., Any]:
    def build(ctx: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
        sent = {"to": Stage.RELEASE_DAY, "on": today().isoformat()} | body
        return "post", f"/api/v1/journeys/{ctx['journey'].pk}/moves", sent

    return build


def assessment_page(on: date) -> Callable[..., Any]:
    def build(ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        data = {
            "form_token": FormSubmission.new_token(),
            "instrument": str(ensure_wingman_ladder().pk),
            "kind": "intake",
            **date_boxes("assessed_on", on),
        }
        return f"/clients/{ctx['client'].pk}/assessments/new/", data

    return build


def assessment_api(on: date) -> Callable[..., Any]:
    def build(ctx: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
        ladder = ensure_wingman_ladder()
        body = {
            "instrument_id": ladder.pk,
            "kind": "intake",
            "assessed_on": on.isoformat(),
            "answers": [
                {"question_id": q.pk, "status": "in_progress", "score": 5}
                for q in ladder.questions.all()
            ],
        }
        return "post", f"/api/v1/clients/{ctx['client'].pk}/assessments", body

    return build


def elsewhere(ctx: dict[str, Any]) -> None:
    other = OrganisationFactory(name="Another Trust")
    ctx["foreign_borough"] = BoroughFactory(organisation=other, name="Elsewhere")


def borough_page(ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    url, data = client_page(borough=str(ctx["foreign_borough"].pk))(ctx)
    return url, data


def borough_api(ctx: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    return client_api(borough_id=ctx["foreign_borough"].pk)(ctx)


def signposting_page(on: date) -> Callable[..., Any]:
    def build(ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        data = {
            "form_token": FormSubmission.new_token(),
            "person": "someone_else",
            "name": "Chantelle",
            "organisation": "Domestic abuse helpline",
            "pathway": "abuse",
            **date_boxes("given_on", on),
        }
        return f"/clients/{ctx['client'].pk}/signposting/new/", data

    return build


def _id_obtained(ctx: dict[str, Any]) -> int:
    from wingman.outcomes.models import OutcomeType

    return OutcomeType.objects.get(organisation=ctx["world"]["org"], name="ID obtained").pk


def outcome_page(on: date | None = None, **changes: Any) -> Callable[..., Any]:
    def build(ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        data = {
            "form_token": FormSubmission.new_token(),
            "outcome_type": str(_id_obtained(ctx)),
            "evidence": "Passport seen",
            **date_boxes("achieved_on", on or today()),
        } | changes
        return f"/clients/{ctx['client'].pk}/outcomes/new/", data

    return build


def signposting_api(on: date) -> Callable[..., Any]:
    body = {
        "name": "Chantelle",
        "organisation": "Domestic abuse helpline",
        "pathway": "abuse",
        "given_on": on.isoformat(),
    }
    return lambda ctx: ("post", f"/api/v1/clients/{ctx['client'].pk}/signposting", body)


def with_family(ctx: dict[str, Any]) -> None:
    give_family(ctx["client"], ctx["world"]["users"][Role.SENIOR_CASEWORKER])


def at_risk_page(ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    data = {"at_risk_note": "  ", "version": "1", **date_boxes("at_risk_since", today())}
    return f"/relationships/{ctx['client'].relationship.pk}/at-risk/", data


def at_risk_api(ctx: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    path = f"/api/v1/relationships/{ctx['client'].relationship.pk}/at-risk"
    return "post", path, {"version": 1, "note": "  "}


def outcome_api(**body: Any) -> Callable[..., Any]:
    def build(ctx: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
        sent = {
            "outcome_type_id": _id_obtained(ctx),
            "achieved_on": today().isoformat(),
            "evidence": "Passport seen",
        }
        return "post", f"/api/v1/clients/{ctx['client'].pk}/outcomes", sent | body

    return build


def seven_years_old() -> date:
    return years_from(today(), -7)


def offence_page(**changes: Any) -> Callable[..., Any]:
    def build(ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        data = {
            "form_token": FormSubmission.new_token(),
            **date_boxes("committed_on", today() - timedelta(days=10)),
            **date_boxes("disposal_on", today() - timedelta(days=20)),
            "category": "robbery",
            "disposal": "conviction",
            "source": "court",
        } | changes
        return f"/clients/{ctx['client'].pk}/offending/offences/new/", data

    return build


def partner_referral_page(starts: date) -> Callable[..., Any]:
    def build(ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        data = {
            "form_token": FormSubmission.new_token(),
            "partner_type": "training",
            "partner_name": "CSCS course",
            **date_boxes("made_on", today()),
            **date_boxes("starts_on", starts),
        }
        return f"/clients/{ctx['client'].pk}/partner-referrals/new/", data

    return build


def hearing_page(on: date) -> Callable[..., Any]:
    def build(ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        data = {
            "form_token": FormSubmission.new_token(),
            "court": "Camberwell Green Youth Court",
            "charge": "Robbery",
            "stage": "plea",
            **date_boxes("hearing_on", on),
        }
        return f"/clients/{ctx['client'].pk}/court/new/", data

    return build


def offence_api(**body: Any) -> Callable[..., Any]:
    sent = {
        "committed_on": (today() - timedelta(days=10)).isoformat(),
        "disposal_on": (today() - timedelta(days=20)).isoformat(),
        "category": "robbery",
        "disposal": "conviction",
        "source": "court",
    }
    return lambda ctx: ("post", f"/api/v1/clients/{ctx['client'].pk}/offences", sent | body)


def partner_referral_api(starts: str) -> Callable[..., Any]:
    return lambda ctx: (
        "post",
        f"/api/v1/clients/{ctx['client'].pk}/partner-referrals",
        {"partner_type": "training", "partner_name": "CSCS course", "starts_on": starts},
    )


def with_a_goal(ctx: dict[str, Any]) -> None:
    from wingman.plans.services import goal_add, plan_start

    actor = ctx["world"]["users"][Role.SENIOR_CASEWORKER]
    plan, _ = plan_start(actor=actor, client=ctx["client"], agreed_on=today())
    ctx["goal"], _ = goal_add(
        actor=actor, plan=plan, data={"pathway": "ete", "in_their_words": "A job"}
    )


def action_page(ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    data = {
        "form_token": FormSubmission.new_token(),
        "what": "Ring the college",
        "owner": "partner",
        **date_boxes("due_on", today()),
    }
    return f"/goals/{ctx['goal'].pk}/actions/new/", data


def action_api(ctx: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    body = {"what": "Ring the college", "owner": "partner", "due_on": today().isoformat()}
    return "post", f"/api/v1/goals/{ctx['goal'].pk}/actions", body


def hearing_api(on: str) -> Callable[..., Any]:
    def build(ctx: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
        body = {
            "court": "Camberwell Green Youth Court",
            "charge": "Robbery",
            "stage": "plea",
            "hearing_on": on,
        }
        return "post", f"/api/v1/clients/{ctx['client'].pk}/hearings", body

    return build


def heard_today(ctx: dict[str, Any]) -> None:
    ctx["hearing"] = Hearing.objects.create(
        client=ctx["client"],
        court="Camberwell Green Youth Court",
        hearing_on=today(),
        charge="Robbery",
        stage="sentencing",
        created_by=ctx["world"]["users"][Role.SENIOR_CASEWORKER],
    )


def result_page(ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    data = {"result": "community_order", "version": "1"}
    return f"/court/hearings/{ctx['hearing'].pk}/result/", data


def result_api(ctx: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    body = {"result": "community_order", "version": 1}
    return "post", f"/api/v1/hearings/{ctx['hearing'].pk}/result", body


def concern_page(on: date) -> Callable[..., Any]:
    def build(ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        data = {
            "form_token": FormSubmission.new_token(),
            "category": "threats",
            **date_boxes("happened_on", on),
            "seen_and_heard": "Older boys waited for him outside college.",
        }
        return f"/clients/{ctx['client'].pk}/concerns/new/", data

    return build


def concern_api(on: date) -> Callable[..., Any]:
    def build(ctx: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
        body = {
            "category": "threats",
            "happened_on": on.isoformat(),
            "seen_and_heard": "Older boys waited for him outside college.",
        }
        return "post", f"/api/v1/clients/{ctx['client'].pk}/concerns", body

    return build


def flag_page(review: date) -> Callable[..., Any]:
    def build(ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        data = {
            "form_token": FormSubmission.new_token(),
            "kind": "do_not_visit_alone",
            "reason": "Threats to staff from his brother",
            **date_boxes("review_on", review),
        }
        return f"/clients/{ctx['client'].pk}/flags/new/", data

    return build


def flag_api(review: date) -> Callable[..., Any]:
    def build(ctx: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
        body = {
            "kind": "do_not_visit_alone",
            "reason": "Threats to staff from his brother",
            "review_on": review.isoformat(),
        }
        return "post", f"/api/v1/clients/{ctx['client'].pk}/risk-flags", body

    return build


REFUSED: dict[str, Refusal] = {
    "date of birth in 2030": Refusal(
        Channels(client_page(date(2030, 1, 1)), client_api(date_of_birth="2030-01-01")),
        lambda: "Date of birth must be in the past",
        "id_date_of_birth_day",
        "date_of_birth",
    ),
    "date of birth in 1850": Refusal(
        Channels(client_page(date(1850, 1, 1)), client_api(date_of_birth="1850-01-01")),
        lambda: f"Date of birth must be the same as or after {written(years_from(today(), -100))}",
        "id_date_of_birth_day",
        "date_of_birth",
    ),
    "a child of 7": Refusal(
        Channels(
            lambda ctx: client_page(seven_years_old())(ctx),
            lambda ctx: client_api(date_of_birth=seven_years_old().isoformat())(ctx),
        ),
        lambda: (
            f"Date of birth must be the same as or before {written(years_from(today(), -8))}: "
            "the service works with children from 8 years old"
        ),
        "id_date_of_birth_day",
        "date_of_birth",
    ),
    "a contact on 1 January 0001": Refusal(
        Channels(
            contact_page(occurred_on_day="1", occurred_on_month="1", occurred_on_year="0001"),
            contact_api(occurred_on="0001-01-01"),
        ),
        lambda: "Date of the contact must be the same as or after 1 January 2000",
        "id_occurred_on_day",
        "occurred_on",
    ),
    "an assessment dated tomorrow": Refusal(
        Channels(
            lambda ctx: assessment_page(today() + timedelta(days=1))(ctx),
            lambda ctx: assessment_api(today() + timedelta(days=1))(ctx),
        ),
        lambda: "Date of the assessment must be today or in the past",
        "id_assessed_on_day",
        "assessed_on",
    ),
    "a task due on 31 December 9999": Refusal(
        Channels(task_page(date(9999, 12, 31)), task_api("9999-12-31")),
        lambda: f"Due date must be the same as or before {written(years_from(today(), 5))}",
        "id_due_on_day",
        "due_on",
    ),
    "ROTL on banana": Refusal(
        Channels(
            rotl_page(first_day_day="banana", first_day_month="3", first_day_year="2026"),
            rotl_api(first_day="banana"),
        ),
        lambda: "First day must be a real date",
        "id_first_day_day",
        "first_day",
    ),
    "a note of 20,001 characters": Refusal(
        Channels(contact_page(note="x" * 20_001), contact_api(note="x" * 20_001)),
        lambda: "Note must be 20,000 characters or less",
        "id_note",
        "note",
    ),
    "a borough of another organisation": Refusal(
        Channels(borough_page, borough_api, setup=elsewhere),
        lambda: "Choose a borough your organisation works in",
        "id_borough",
        "borough_id",
    ),
    "a closure reason on a release-day move": Refusal(
        Channels(
            move_page(closure_reason="goals_met"),
            move_api(closure_reason="goals_met"),
            setup=in_custody,
        ),
        lambda: "A reason for closing is only for closing the journey: clear it, or choose Closed",
        "id_closure_reason_0",
        "closure_reason",
    ),
    "an offence's outcome dated before the offence": Refusal(
        Channels(offence_page(), offence_api()),
        lambda: "The date of the outcome must be the same as or after the offence date",
        "id_disposal_on_day",
        "disposal_on",
    ),
    "signposting dated tomorrow": Refusal(
        Channels(
            lambda ctx: signposting_page(today() + timedelta(days=1))(ctx),
            lambda ctx: signposting_api(today() + timedelta(days=1))(ctx),
        ),
        lambda: "Date of the signposting must be today or in the past",
        "id_given_on_day",
        "given_on",
    ),
    "flagged at risk of recruitment with no note": Refusal(
        Channels(at_risk_page, at_risk_api, setup=with_family),
        lambda: "Enter why they are at risk of recruitment",
        "id_at_risk_note",
        "note",
    ),
    "an outcome achieved tomorrow": Refusal(
        Channels(
            lambda ctx: outcome_page(today() + timedelta(days=1))(ctx),
            lambda ctx: outcome_api(achieved_on=(today() + timedelta(days=1)).isoformat())(ctx),
        ),
        lambda: "Date achieved must be today or in the past",
        "id_achieved_on_day",
        "achieved_on",
    ),
    "evidence of 20,001 characters": Refusal(
        Channels(outcome_page(evidence="x" * 20_001), outcome_api(evidence="x" * 20_001)),
        lambda: "Evidence must be 20,000 characters or less",
        "id_evidence",
        "evidence",
    ),
    "a partner referral starting on 31 December 9999": Refusal(
        Channels(partner_referral_page(date(9999, 12, 31)), partner_referral_api("9999-12-31")),
        lambda: (
            "Start or appointment date must be the same as or before "
            f"{written(years_from(today(), 5))}"
        ),
        "id_starts_on_day",
        "starts_on",
    ),
    "a partner's action with no partner named": Refusal(
        Channels(action_page, action_api, setup=with_a_goal),
        lambda: "Enter the partner's name",
        "id_partner_name",
        "partner_name",
    ),
    "a court hearing on 31 December 9999": Refusal(
        Channels(hearing_page(date(9999, 12, 31)), hearing_api("9999-12-31")),
        lambda: (
            f"Date of the hearing must be the same as or before {written(years_from(today(), 5))}"
        ),
        "id_hearing_on_day",
        "hearing_on",
    ),
    "a community sentence without its requirements": Refusal(
        Channels(result_page, result_api, setup=heard_today),
        lambda: "Enter the requirements of the order",
        "id_requirements",
        "requirements",
    ),
    "a concern about something that happens tomorrow": Refusal(
        Channels(
            lambda ctx: concern_page(today() + timedelta(days=1))(ctx),
            lambda ctx: concern_api(today() + timedelta(days=1))(ctx),
        ),
        lambda: "The date it happened must be today or in the past",
        "id_happened_on_day",
        "happened_on",
    ),
    "a risk flag to review yesterday": Refusal(
        Channels(
            lambda ctx: flag_page(today() - timedelta(days=1))(ctx),
            lambda ctx: flag_api(today() - timedelta(days=1))(ctx),
        ),
        lambda: "The review date must be today or later",
        "id_review_on_day",
        "review_on",
    ),
}


@pytest.fixture
def ctx(world: dict[str, Any]) -> dict[str, Any]:
    client = world["clients"]["own"]
    return {"world": world, "client": client, "journey": client.journeys.get()}


@pytest.fixture
def page(ctx: dict[str, Any]) -> PageClient:
    http = PageClient()
    sign_in(http, ctx["world"]["users"][Role.SENIOR_CASEWORKER])
    return http


@pytest.fixture
def api(ctx: dict[str, Any], api_as: Any) -> Any:
    return api_as(ctx["world"]["users"][Role.SENIOR_CASEWORKER])


def everything() -> tuple[Any, ...]:
    """What a refused request must leave as it was."""
    return (
        list(Client.objects.order_by("pk").values_list("pk", "version", "date_of_birth")),
        list(Journey.objects.order_by("pk").values_list("pk", "version", "stage")),
        Contact.objects.count(),
        Task.objects.count(),
        RotlPeriod.objects.count(),
        StageChange.objects.count(),
        Concern.objects.count(),
        RiskFlag.objects.count(),
        AuditEvent.objects.count(),
    )


def _summary(html: str) -> str:
    return html.split('class="govuk-error-summary"')[-1][:1500]


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_the_page_and_the_api_refuse_it_in_the_same_words_and_change_nothing(ctx, page, api, case):
    refusal = REFUSED[case]
    refusal.channels.setup(ctx)
    before = everything()
    message = refusal.message()

    url, data = refusal.channels.page(ctx)
    response = page.post(url, data)
    assert response.status_code == 200, response.content[:300]
    html = response.content.decode()
    assert f'<a href="#{refusal.page_target}">{escape(message)}</a>' in html, _summary(html)
    assert escape(message) in html.split('class="govuk-error-summary"')[1].split("</form>")[0]
    assert everything() == before

    method, path, body = refusal.channels.api(ctx)
    answer = api.call(method, path, body)
    assert answer.status_code == 422, answer.content[:300]
    errors = answer.json()["errors"]
    assert {"field": refusal.api_field, "message": message} in [
        {"field": e["field"], "message": e["message"]} for e in errors
    ]
    assert everything() == before


def test_the_page_shows_a_service_refusal_on_the_field_it_names(ctx, page):
    """The closure reason is refused by the service, not the form: it still goes on the field."""
    in_custody(ctx)
    url, data = move_page(closure_reason="goals_met")(ctx)
    html = page.post(url, data).content.decode()
    group = html.split('id="id_closure_reason_error"')[0].rsplit("govuk-form-group", 1)[1]
    assert "--error" in group
    assert (
        "A reason for closing is only for closing the journey"
        in html.split('id="id_closure_reason_error"')[1].split("</p>")[0]
    )


@dataclass
class Accepted:
    channels: Channels
    check: Callable[[dict[str, Any]], bool]


def eight_today() -> date:
    return years_from(today(), -8)


def hundred_today() -> date:
    return years_from(today(), -100)


def client_born(day: Callable[[], date]) -> Callable[[dict[str, Any]], bool]:
    return lambda ctx: Client.objects.get(pk=ctx["client"].pk).date_of_birth == day()


ACCEPTED: dict[str, Accepted] = {
    "a child who is 8 today": Accepted(
        Channels(
            lambda ctx: client_page(eight_today())(ctx),
            lambda ctx: client_api(date_of_birth=eight_today().isoformat())(ctx),
        ),
        client_born(eight_today),
    ),
    "someone who is 100 today": Accepted(
        Channels(
            lambda ctx: client_page(hundred_today())(ctx),
            lambda ctx: client_api(date_of_birth=hundred_today().isoformat())(ctx),
        ),
        client_born(hundred_today),
    ),
    "a contact on 1 January 2000": Accepted(
        Channels(contact_page(date(2000, 1, 1)), contact_api(occurred_on="2000-01-01")),
        lambda ctx: Contact.objects.filter(occurred_on=date(2000, 1, 1)).exists(),
    ),
    "a contact today": Accepted(
        Channels(contact_page(), contact_api()),
        lambda ctx: Contact.objects.filter(occurred_on=today()).exists(),
    ),
    "a task due 5 years from today": Accepted(
        Channels(
            lambda ctx: task_page(years_from(today(), 5))(ctx),
            lambda ctx: task_api(years_from(today(), 5).isoformat())(ctx),
        ),
        lambda ctx: Task.objects.filter(due_on=years_from(today(), 5)).exists(),
    ),
    "ROTL on a real day": Accepted(
        Channels(
            lambda ctx: rotl_page(**_boxes("first_day", today() + timedelta(days=3)))(ctx),
            lambda ctx: rotl_api(first_day=(today() + timedelta(days=3)).isoformat())(ctx),
        ),
        lambda ctx: RotlPeriod.objects.filter(first_day=today() + timedelta(days=3)).exists(),
    ),
    "a note of 20,000 characters": Accepted(
        Channels(contact_page(note="x" * 20_000), contact_api(note="x" * 20_000)),
        lambda ctx: Contact.objects.filter(note="x" * 20_000).exists(),
    ),
    "a borough of the organisation": Accepted(
        Channels(
            lambda ctx: client_page(borough=str(ctx["world"]["boroughs"][1].pk))(ctx),
            lambda ctx: client_api(borough_id=ctx["world"]["boroughs"][1].pk)(ctx),
        ),
        lambda ctx: Client.objects.get(pk=ctx["client"].pk).borough == ctx["world"]["boroughs"][1],
    ),
    "a release-day move without a closure reason": Accepted(
        Channels(move_page(), move_api(), setup=in_custody),
        lambda ctx: Journey.objects.get(pk=ctx["journey"].pk).stage == Stage.RELEASE_DAY,
    ),
}


def _boxes(name: str, day: date) -> dict[str, str]:
    return date_boxes(name, day)


@pytest.mark.parametrize("channel", ["page", "api"])
@pytest.mark.parametrize("case", list(ACCEPTED), ids=list(ACCEPTED))
def test_good_input_at_the_limits_is_accepted_by_each_channel(ctx, page, api, case, channel):
    accepted = ACCEPTED[case]
    accepted.channels.setup(ctx)
    if channel == "page":
        url, data = accepted.channels.page(ctx)
        response = page.post(url, data)
        assert response.status_code == 302, response.content.decode()[:3000]
    else:
        method, path, body = accepted.channels.api(ctx)
        response = api.call(method, path, body)
        assert response.status_code in (200, 201), response.content[:300]
    assert accepted.check(ctx)
