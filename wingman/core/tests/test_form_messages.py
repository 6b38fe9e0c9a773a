"""Every form says what is wrong in the field's own words, and no radio answers for the user:
nothing is ticked until someone ticks it, and no blank "---------" option is offered."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.template import Context, Template

from testing.factories import ClientFactory, UserFactory
from wingman.accounts.choices import Role
from wingman.accounts.forms import (
    ChoosePasswordForm,
    CodeForm,
    ConfirmPasswordForm,
    EnrolForm,
    SignInForm,
)
from wingman.accounts.models import Team, User
from wingman.assessments import forms as assessment_forms
from wingman.assessments.services import ensure_wingman_ladder
from wingman.casework import forms as casework_forms
from wingman.casework.choices import Stage
from wingman.core.forms import DJANGO_REQUIRED, GovukFormMixin, required_message
from wingman.court import forms as court_forms
from wingman.datalab import forms as datalab_forms
from wingman.documents import forms as documents_forms
from wingman.family import forms as family_forms
from wingman.impact import forms as impact_forms
from wingman.offending import forms as offending_forms
from wingman.outcomes import forms as outcome_forms
from wingman.oversight.forms import AccessFilterForm, RegisterFilterForm
from wingman.people.forms import ClientForm, SearchForm
from wingman.plans import forms as plans_forms
from wingman.referrals.forms import NewPersonForm, ReasonForm, ReferralForm
from wingman.reports import issue_views
from wingman.safeguarding.forms import concerns as concern_forms
from wingman.safeguarding.forms import crisis as crisis_forms
from wingman.safeguarding.forms import flags as flag_forms
from wingman.safeguarding.forms import rota as rota_forms

# Every form of ours, and how to make one.
FORMS: dict[type, Callable[[Any, Any], forms.BaseForm]] = {
    SignInForm: lambda data, user: SignInForm(data),
    CodeForm: lambda data, user: CodeForm(data),
    EnrolForm: lambda data, user: EnrolForm(data),
    ChoosePasswordForm: lambda data, user: ChoosePasswordForm(user, data),
    ConfirmPasswordForm: lambda data, user: ConfirmPasswordForm(data),
    SearchForm: lambda data, user: SearchForm(data),
    AccessFilterForm: lambda data, user: AccessFilterForm(data, people=[user]),
    RegisterFilterForm: lambda data, user: RegisterFilterForm(data),
    ClientForm: lambda data, user: ClientForm(
        data, user=user, instance=ClientFactory(team=user.team)
    ),
    NewPersonForm: lambda data, user: NewPersonForm(data, prefix="person", user=user),
    ReferralForm: lambda data, user: ReferralForm(data, teams=Team.objects.all()),
    ReasonForm: lambda data, user: ReasonForm(data),
    casework_forms.JourneyMoveForm: lambda data, user: casework_forms.JourneyMoveForm(
        data, stage=Stage.COMMUNITY
    ),
    casework_forms.CustodyForm: lambda data, user: casework_forms.CustodyForm(data),
    casework_forms.RotlPeriodForm: lambda data, user: casework_forms.RotlPeriodForm(data),
    casework_forms.ChecklistItemForm: lambda data, user: casework_forms.ChecklistItemForm(data),
    casework_forms.ContactForm: lambda data, user: casework_forms.ContactForm(data),
    casework_forms.ContactNewForm: lambda data, user: casework_forms.ContactNewForm(data),
    casework_forms.ContactEditForm: lambda data, user: casework_forms.ContactEditForm(data),
    casework_forms.TaskForm: lambda data, user: casework_forms.TaskForm(data),
    casework_forms.PartnerReferralForm: lambda data, user: casework_forms.PartnerReferralForm(data),
    casework_forms.PartnerReferralEditForm: lambda data, user: (
        casework_forms.PartnerReferralEditForm(data, current="made")
    ),
    casework_forms.AcceptForm: lambda data, user: casework_forms.AcceptForm(
        data, stream_choices=[("1", "Stream 1")]
    ),
    casework_forms.AcceptUnfundedForm: lambda data, user: casework_forms.AcceptUnfundedForm(data),
    casework_forms.AllocateForm: lambda data, user: casework_forms.AllocateForm(
        data, caseworkers=User.objects.all(), labels={}
    ),
    outcome_forms.OutcomeForm: lambda data, user: outcome_forms.OutcomeForm(data, types=[]),
    outcome_forms.OutcomeNewForm: lambda data, user: outcome_forms.OutcomeNewForm(data, types=[]),
    outcome_forms.OutcomeEditForm: lambda data, user: outcome_forms.OutcomeEditForm(data, types=[]),
    outcome_forms.WithdrawForm: lambda data, user: outcome_forms.WithdrawForm(data),
    plans_forms.PlanStartForm: lambda data, user: plans_forms.PlanStartForm(data),
    plans_forms.PlanEditForm: lambda data, user: plans_forms.PlanEditForm(data),
    plans_forms.GoalForm: lambda data, user: plans_forms.GoalForm(data),
    plans_forms.GoalNewForm: lambda data, user: plans_forms.GoalNewForm(data),
    plans_forms.GoalEditForm: lambda data, user: plans_forms.GoalEditForm(data),
    plans_forms.ActionForm: lambda data, user: plans_forms.ActionForm(data),
    plans_forms.ActionNewForm: lambda data, user: plans_forms.ActionNewForm(data),
    plans_forms.ActionEditForm: lambda data, user: plans_forms.ActionEditForm(data),
    plans_forms.ActionStatusForm: lambda data, user: plans_forms.ActionStatusForm(
        data, action=_action()
    ),
    plans_forms.ActionLinksForm: lambda data, user: plans_forms.ActionLinksForm(
        data, contacts=[], partner_referrals=[]
    ),
    documents_forms.DocumentUploadForm: lambda data, user: documents_forms.DocumentUploadForm(data),
    documents_forms.DocumentRemoveForm: lambda data, user: documents_forms.DocumentRemoveForm(data),
    court_forms.HearingForm: lambda data, user: court_forms.HearingForm(data),
    court_forms.HearingNewForm: lambda data, user: court_forms.HearingNewForm(data),
    court_forms.HearingEditForm: lambda data, user: court_forms.HearingEditForm(data),
    court_forms.AttendanceForm: lambda data, user: court_forms.AttendanceForm(data),
    court_forms.ReferenceForm: lambda data, user: court_forms.ReferenceForm(data),
    court_forms.ResultForm: lambda data, user: court_forms.ResultForm(data),
    family_forms.PersonFields: lambda data, user: family_forms.PersonFields(data),
    family_forms.RelationshipFields: lambda data, user: family_forms.RelationshipFields(data),
    family_forms.PersonAddForm: lambda data, user: family_forms.PersonAddForm(data),
    family_forms.PersonLinkForm: lambda data, user: family_forms.PersonLinkForm(data, people=[]),
    family_forms.PersonSearchForm: lambda data, user: family_forms.PersonSearchForm(data),
    family_forms.RelationshipEditForm: lambda data, user: family_forms.RelationshipEditForm(data),
    family_forms.PersonEditForm: lambda data, user: family_forms.PersonEditForm(data),
    family_forms.AtRiskForm: lambda data, user: family_forms.AtRiskForm(data),
    family_forms.UnflagForm: lambda data, user: family_forms.UnflagForm(data),
    family_forms.SignpostingForm: lambda data, user: family_forms.SignpostingForm(data, people=[]),
    family_forms.FamilySessionForm: lambda data, user: family_forms.FamilySessionForm(
        data, relatives=[]
    ),
    family_forms.SessionPeopleForm: lambda data, user: family_forms.SessionPeopleForm(
        data, relatives=[]
    ),
    offending_forms.OffenceForm: lambda data, user: offending_forms.OffenceForm(data),
    offending_forms.OffenceNewForm: lambda data, user: offending_forms.OffenceNewForm(data),
    offending_forms.OffenceEditForm: lambda data, user: offending_forms.OffenceEditForm(data),
    concern_forms.CategoryFields: lambda data, user: concern_forms.CategoryFields(data),
    concern_forms.AccountFields: lambda data, user: concern_forms.AccountFields(data),
    concern_forms.ConcernRaiseForm: lambda data, user: concern_forms.ConcernRaiseForm(
        data, staff=[(user.pk, "A colleague")], people=[(1, "Her mother")]
    ),
    concern_forms.EntryForm: lambda data, user: concern_forms.EntryForm(data, entries=[]),
    concern_forms.TriageForm: lambda data, user: concern_forms.TriageForm(data),
    concern_forms.DetailsForm: lambda data, user: concern_forms.DetailsForm(data, staff=[]),
    concern_forms.InvolvedForm: lambda data, user: concern_forms.InvolvedForm(data, people=[]),
    concern_forms.ReasonForm: lambda data, user: concern_forms.ReasonForm(data),
    concern_forms.DecisionForm: lambda data, user: concern_forms.DecisionForm(data),
    concern_forms.ReferralForm: lambda data, user: concern_forms.ReferralForm(data),
    concern_forms.ReferralEditForm: lambda data, user: concern_forms.ReferralEditForm(data),
    assessment_forms.StartForm: lambda data, user: assessment_forms.StartForm(
        data, instruments=[ensure_wingman_ladder()]
    ),
    assessment_forms.RecordForm: lambda data, user: assessment_forms.RecordForm(
        data, questions=list(ensure_wingman_ladder().questions.all())
    ),
    flag_forms.FlagFields: lambda data, user: flag_forms.FlagFields(data, owners=[user]),
    flag_forms.FlagNewForm: lambda data, user: flag_forms.FlagNewForm(data, owners=[user]),
    flag_forms.FlagReviewForm: lambda data, user: flag_forms.FlagReviewForm(data, owners=[user]),
    flag_forms.FlagRemoveForm: lambda data, user: flag_forms.FlagRemoveForm(data),
    rota_forms.ShiftForm: lambda data, user: rota_forms.ShiftForm(data, people=[user]),
    crisis_forms.CrisisCallForm: lambda data, user: crisis_forms.CrisisCallForm(data),
    datalab_forms.ChoiceForm: lambda data, user: datalab_forms.ChoiceForm(data, viewer=user),
    datalab_forms.ConsentForm: lambda data, user: datalab_forms.ConsentForm(data),
    impact_forms.PoolUploadForm: lambda data, user: impact_forms.PoolUploadForm(data),
    impact_forms.ColumnsForm: lambda data, user: impact_forms.ColumnsForm(
        data, headers=["age", "sex", "reoffended"]
    ),
    impact_forms.RunForm: lambda data, user: impact_forms.RunForm(
        data, pools=[("1", "A pool")], streams=[("1", "A stream")], boroughs=[("1", "A borough")]
    ),
    impact_forms.RunAgainForm: lambda data, user: impact_forms.RunAgainForm(data),
    issue_views.IssueForm: lambda data, user: issue_views.IssueForm(data, user=user),
    issue_views.IssueAllForm: lambda data, user: issue_views.IssueAllForm(data),
}


def _action() -> Any:
    from wingman.plans.models import Action

    return Action(status="to_do")


def _all_subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _all_subclasses(sub)
    return found


def test_every_form_is_in_this_test():
    ours = {
        c
        for c in _all_subclasses(GovukFormMixin)
        if c.__module__.startswith("wingman.")
        and ".tests." not in c.__module__
        and c.__name__ not in ("GovukForm", "GovukModelForm")
    }
    assert ours - set(FORMS) == set(), "add these forms to FORMS"


@pytest.fixture
def user(db):
    return UserFactory(role=Role.SENIOR_CASEWORKER)


@pytest.mark.parametrize("form_class", list(FORMS), ids=lambda c: c.__name__)
def test_a_form_sent_empty_never_says_this_field_is_required(user, form_class):
    form = FORMS[form_class]({"version": "1"}, user)
    form.is_valid()
    messages = [str(m) for errors in form.errors.values() for m in errors]
    assert DJANGO_REQUIRED not in messages
    assert not any(m.startswith(("Ensure this value", "Select a valid choice")) for m in messages)
    for name, field in form.fields.items():
        if field.required and not field.widget.is_hidden:
            said = str(field.error_messages["required"])
            assert said != DJANGO_REQUIRED, f"{form_class.__name__}.{name}"


@pytest.mark.parametrize("form_class", list(FORMS), ids=lambda c: c.__name__)
def test_no_radio_is_ticked_or_blank_when_a_new_form_opens(user, form_class):
    form = FORMS[form_class](None, user)
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.RadioSelect):
            values = [value for value, _label in field.choices]  # type: ignore[attr-defined]
            assert "" not in values[:-1], f"{form_class.__name__}.{name} offers a blank first"
            if form_class in (casework_forms.ChecklistItemForm, casework_forms.PartnerReferralForm):
                continue  # these open on the record's current status, an answer already given
            html = str(form[name])
            assert "checked" not in html, f"{form_class.__name__}.{name} opens ticked"
            assert "---------" not in html


def render(form: forms.BaseForm) -> str:
    return Template("{% load govuk %}{% error_summary form %}{{ form }}").render(
        Context({"form": form})
    )


def test_the_referral_form_offers_not_known_last_for_the_cohort_and_ticks_nothing(user):
    html = render(ReferralForm(teams=Team.objects.all()))
    cohort = html.split('name="cohort"', 1)[1].split("</fieldset>")[0]
    labels = re.findall(r'for="id_cohort_\d+">([^<]+)</label>', html)
    assert labels[-1] == "Not known" and len(labels) == 4
    assert "checked" not in cohort
    source = html.split("Who referred", 1)[1].split("</fieldset>")[0]
    assert "checked" not in source and 'value=""' not in source


def test_not_known_is_ticked_when_it_is_the_saved_answer(user):
    from testing.factories import ReferralFactory

    referral = ReferralFactory(cohort="")
    form = ReferralForm(instance=referral, teams=Team.objects.all())
    html = str(form["cohort"])
    assert re.search(r'value=""[^>]*checked', html)


def test_choosing_not_known_saves_no_cohort(user):
    data = {
        "source": "police",
        "cohort": "",
        "reason": "Wants out",
        "received_on_day": "1",
        "received_on_month": "12",
        "received_on_year": "2026",
        "team": str(user.team_id),
        "form_token": "7e0b2d4e-3f57-4f3a-9f3c-0d1f8c7e1a11",
    }
    form = ReferralForm(data, teams=Team.objects.all())
    form.is_valid()
    assert "cohort" not in form.errors and form.cleaned_data["cohort"] == ""


def test_the_gender_radios_offer_no_blank_choice_and_tick_nothing_for_someone_new(user):
    html = render(NewPersonForm(prefix="person", user=user))
    gender = html.split("Gender", 1)[1].split("</fieldset>")[0]
    assert "checked" not in gender and 'value=""' not in gender
    assert "Prefers not to say" in gender


def test_a_required_field_without_words_of_its_own_gets_them_from_its_label():
    assert required_message(forms.ChoiceField(label="Kind of partner")) == (
        "Choose kind of partner"
    )
    assert required_message(forms.CharField(label="Username")) == "Enter username"


def test_text_limits_are_said_in_words_and_not_enforced_by_the_browser(user):
    form = casework_forms.ContactForm({"note": "x" * 20_001})
    form.is_valid()
    assert form.errors["note"] == ["Note must be 20,000 characters or less"]
    assert "maxlength" not in render(form)
