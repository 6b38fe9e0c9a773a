"""Forms for the people around a client, in GOV.UK markup. Every limit is the model's and every
rule the service's (`services.check_*`), so the pages and the API refuse the same things."""

from typing import Any

from django import forms
from django.utils import timezone

from wingman.casework.forms import ContactNewForm, VersionField
from wingman.core.forms import GovukDateField, GovukForm, OnceOnlyMixin
from wingman.core.pathways import Pathway
from wingman.core.validation import limit_of

from .choices import RelationshipKind
from .models import Person, Relationship, Signposting
from .services import (
    AT_RISK_SINCE,
    PERSON_BORN,
    REQUIRED_GIVEN_NAME,
    REQUIRED_KIND,
    REQUIRED_ORGANISATION,
    REQUIRED_PATHWAY,
    REQUIRED_RISK_NOTE,
    SIGNPOSTED_ON,
)

SOMEONE_ELSE = "someone_else"


def _text(model: type, name: str, label: str, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=limit_of(model, name), **kwargs)


class PersonFields(GovukForm):
    given_name = _text(
        Person, "given_name", "First name", error_messages={"required": REQUIRED_GIVEN_NAME}
    )
    family_name = _text(Person, "family_name", "Last name", required=False)
    date_of_birth = GovukDateField(
        label="Date of birth",
        rule=PERSON_BORN,
        required=False,
        help_text="If you know it.",
        example="14 6 2012",
    )
    phone = _text(Person, "phone", "Phone", required=False)

    PERSON: tuple[str, ...] = ("given_name", "family_name", "date_of_birth", "phone")

    def person_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.PERSON if name in self.cleaned_data}


class RelationshipFields(GovukForm):
    kind = forms.ChoiceField(
        label="Who are they to the client?",
        choices=RelationshipKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": REQUIRED_KIND},
    )
    described_as = _text(
        Relationship,
        "described_as",
        "In the client's words",
        required=False,
        help_text="For example: mum, little brother, baby mother.",
    )
    lives_with_client = forms.BooleanField(label="The client lives with them", required=False)
    emergency_contact = forms.BooleanField(label="Emergency contact for the client", required=False)
    note = _text(
        Relationship,
        "note",
        "Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Seen only by those who work with this client.",
    )

    RELATIONSHIP = ("kind", "described_as", "lives_with_client", "emergency_contact", "note")

    def relationship_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.RELATIONSHIP}


class PersonAddForm(OnceOnlyMixin, PersonFields, RelationshipFields):
    field_order = [*PersonFields.PERSON, *RelationshipFields.RELATIONSHIP]


class PersonChoiceField(forms.ChoiceField):
    """The person to link: offered from a search, and checked by the service (which refuses
    anyone the actor may not see), so a choice made from an earlier search still counts."""

    def valid_value(self, value: Any) -> bool:
        return str(value).isdecimal()


class PersonLinkForm(OnceOnlyMixin, RelationshipFields):
    person = PersonChoiceField(
        label="Who do you want to link?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who to link"},
    )
    field_order = ["person", *RelationshipFields.RELATIONSHIP]

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(str(pk), label) for pk, label in people]  # type: ignore[attr-defined]


class PersonSearchForm(GovukForm):
    q = forms.CharField(
        label="Search by name",
        help_text="People you work with through your other clients.",
        max_length=100,
        required=False,
    )


class RelationshipEditForm(RelationshipFields):
    version = VersionField()


class PersonEditForm(PersonFields):
    note = _text(
        Person,
        "note",
        "Note about them",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Everyone who works with any of their clients can read this: write what "
        "concerns one client on that client's relationship instead.",
    )
    version = VersionField()

    PERSON = (*PersonFields.PERSON, "note")


class AtRiskForm(GovukForm):
    at_risk_note = _text(
        Relationship,
        "at_risk_note",
        "Why are they at risk of recruitment?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you have seen or been told, and the prevention work planned.",
        error_messages={"required": REQUIRED_RISK_NOTE},
    )
    at_risk_since = GovukDateField(
        label="Date flagged",
        rule=AT_RISK_SINCE,
        help_text="It can be an earlier date, but not a date in the future.",
        required_message="Enter the date flagged",
    )
    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("at_risk_since", timezone.localdate())


class UnflagForm(GovukForm):
    version = VersionField()


class SignpostingForm(OnceOnlyMixin, GovukForm):
    person = forms.ChoiceField(
        label="Who did you signpost?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who you signposted"},
    )
    name = _text(
        Signposting,
        "name",
        "Name",
        required=False,
        help_text="If they are not among the client's people.",
    )
    relation = _text(
        Signposting,
        "relation",
        "Who they are to the client",
        required=False,
        help_text="For example: girlfriend, neighbour, friend's mother.",
    )
    organisation = _text(
        Signposting,
        "organisation",
        "Organisation",
        help_text="Where you pointed them: a helpline, a charity, a service.",
        error_messages={"required": REQUIRED_ORGANISATION},
    )
    service = _text(Signposting, "service", "Service", required=False)
    contact_given = _text(Signposting, "contact_given", "Number or address given", required=False)
    pathway = forms.ChoiceField(
        label="Why",
        choices=Pathway.choices,
        widget=forms.RadioSelect,
        error_messages={"required": REQUIRED_PATHWAY},
    )
    given_on = GovukDateField(
        label="Date of the signposting",
        rule=SIGNPOSTED_ON,
        help_text="It can be an earlier date, but not a date in the future.",
        required_message="Enter the date of the signposting",
    )
    note = _text(
        Signposting, "note", "Note", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [*((str(pk), label) for pk, label in people), (SOMEONE_ELSE, "Someone else")]
        self.fields["person"].choices = choices  # type: ignore[attr-defined]
        self.initial.setdefault("given_on", timezone.localdate())

    def signposting_data(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data[name]
            for name in (
                "name",
                "relation",
                "organisation",
                "service",
                "contact_given",
                "pathway",
                "given_on",
                "note",
            )
        }
        chosen = self.cleaned_data["person"]
        data["person_id"] = None if chosen == SOMEONE_ELSE else int(chosen)
        return data


class RelativesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class FamilySessionForm(ContactNewForm):
    """A contact of type family session, naming which of the client's people took part."""

    relatives = RelativesField(
        label="Which of the client's people took part?",
        required=False,
        help_text="Select everyone who took part.",
    )

    def __init__(self, *args: Any, relatives: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["contact_type"]
        self.fields["present"].label = "Anyone else present"
        self.fields["present"].help_text = "For example: a youth worker, a social worker."
        self.fields["relatives"].choices = [(str(pk), label) for pk, label in relatives]  # type: ignore[attr-defined]
        self.order_fields(
            ["occurred_on", "minutes", "relatives", "place", "present", "pathways", "note"]
        )

    def contact_data(self) -> dict[str, Any]:
        names = ("occurred_on", "minutes", "place", "present", "pathways", "note")
        return {name: self.cleaned_data[name] for name in names}


class SessionPeopleForm(GovukForm):
    relatives = RelativesField(
        label="Which of the client's people took part?",
        required=False,
        help_text="Select everyone who took part; clear them all if none did.",
    )

    def __init__(self, *args: Any, relatives: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["relatives"].choices = [(str(pk), label) for pk, label in relatives]  # type: ignore[attr-defined]
