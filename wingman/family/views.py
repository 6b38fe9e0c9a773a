"""Pages for the people around a client: the client's family and people, adding or linking
someone, the relationship and its flag for prevention work, a person's own page (only their
links to clients the viewer may see), family sessions and signposting. Each view checks the
role, loads records through access_object, calls a service and renders."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from wingman.accounts import permissions
from wingman.audit.services import record_list
from wingman.casework.choices import ContactType
from wingman.casework.models import Contact
from wingman.core.access import access_object
from wingman.core.errors import ServiceError
from wingman.core.views_helpers import (
    actor_of,
    role_required,
    save_edit,
    show_service_error,
)
from wingman.people.models import Client

from . import selectors, services
from .forms import (
    AtRiskForm,
    FamilySessionForm,
    PersonAddForm,
    PersonEditForm,
    PersonLinkForm,
    PersonSearchForm,
    RelationshipEditForm,
    SessionPeopleForm,
    SignpostingForm,
    UnflagForm,
)
from .models import Person, Relationship


def _people_url(client_id: int) -> str:
    return reverse("family:client-people", args=[client_id])


def _relationship(request: HttpRequest, pk: int) -> Relationship:
    return access_object(
        Relationship,
        request.user,
        pk,
        queryset=Relationship.objects.select_related("person", "client"),
    )


def _form_page(request: HttpRequest, form: Any, client: Client, **context: Any) -> HttpResponse:
    context.setdefault("back_url", _people_url(client.pk))
    return render(request, "casework/form_page.html", {"form": form, "client": client, **context})


@role_required(permissions.works_with_clients)
@require_GET
def client_people(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = access_object(Client, request.user, client_pk)
    context = {
        "client": client,
        "relationships": list(selectors.relationships_of(request.user, client)),
        "signposting": list(selectors.signposting_of(request.user, client)),
        "sessions": selectors.family_sessions_of(request.user, client),
        "records_casework": permissions.records_casework(request.user),
    }
    return render(request, "family/client_people.html", context)


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = access_object(Client, request.user, client_pk)
    form = PersonAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            relationship, created = services.person_add(
                actor=actor_of(request),
                client=client,
                person=form.person_data(),
                relationship=form.relationship_data(),
                token=form.token,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            said = "Added" if created else "Already added"
            messages.success(request, f"{said}: {relationship.person.display_name}")
            return redirect(_people_url(client.pk))
    return _form_page(
        request,
        form,
        client,
        heading="Add someone in their life",
        intro="A relative, a carer, a partner or anyone else close to them. If you already "
        "work with them through another client, link them instead.",
        submit="Save",
    )


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def person_link(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = access_object(Client, request.user, client_pk)
    search = PersonSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    if request.method == "POST":
        query = request.POST.get("q", "")[:100]
    people, named = selectors.people_to_link(request.user, client, query)
    form = PersonLinkForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            relationship, created = services.person_link(
                actor=actor_of(request),
                client=client,
                person_id=form.cleaned_data["person"],
                relationship=form.relationship_data(),
                token=form.token,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            said = "Linked" if created else "Already linked"
            messages.success(request, f"{said}: {relationship.person.display_name}")
            return redirect(_people_url(client.pk))
    record_list(actor=request.user, client_ids=named)
    context = {
        "client": client,
        "search": search,
        "query": query,
        "people": people,
        "form": form,
        "back_url": _people_url(client.pk),
    }
    return render(request, "family/person_link.html", context)


@role_required(permissions.works_with_clients)
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = access_object(Person, request.user, pk)
    links = list(selectors.links_of(request.user, person))
    record_list(actor=request.user, client_ids=[link.client_id for link in links])
    context = {
        "person": person,
        "links": links,
        "signposting": list(
            person.signposting.visible_to(request.user).select_related("client", "recorded_by")
        ),
        "records_casework": permissions.records_casework(request.user),
    }
    return render(request, "family/person_detail.html", context)


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = access_object(Person, request.user, pk)
    initial = {name: getattr(person, name) for name in PersonEditForm.PERSON}
    form = PersonEditForm(request.POST or None, initial={**initial, "version": person.version})
    if request.method == "POST" and form.is_valid():
        done = save_edit(
            request,
            form,
            lambda version: services.person_edit(
                actor=actor_of(request),
                person=person,
                changes=form.person_data(),
                expected_version=version,
            ),
            saved=f"Saved: {person.display_name}",
            then=reverse("family:person", args=[person.pk]),
        )
        if done:
            return done
    back = reverse("family:person", args=[person.pk])
    context = {
        "form": form,
        "heading": f"Change {person.display_name}'s details",
        "back_url": back,
        "submit": "Save",
        "intro": "These details are shared by everyone who works with any of their clients.",
    }
    return render(request, "casework/form_page.html", context)


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def relationship_edit(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    initial = {name: getattr(relationship, name) for name in RelationshipEditForm.RELATIONSHIP}
    form = RelationshipEditForm(
        request.POST or None, initial={**initial, "version": relationship.version}
    )
    if request.method == "POST" and form.is_valid():
        done = save_edit(
            request,
            form,
            lambda version: services.relationship_edit(
                actor=actor_of(request),
                relationship=relationship,
                changes=form.relationship_data(),
                expected_version=version,
            ),
            saved=f"Saved: {relationship.person.display_name}",
            then=_people_url(relationship.client_id),
        )
        if done:
            return done
    return _form_page(
        request,
        form,
        relationship.client,
        heading=f"{relationship.person.display_name} and {relationship.client.display_name}",
        submit="Save",
    )


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def relationship_at_risk(request: HttpRequest, pk: int) -> HttpResponse:
    """Flag someone at risk of recruitment (or change the flag's note), or take the flag off."""
    relationship = _relationship(request, pk)
    name = relationship.person.display_name
    unflagging = request.method == "POST" and request.POST.get("action") == "unflag"
    if unflagging:
        unflag = UnflagForm(request.POST)
        if unflag.is_valid():
            done = save_edit(
                request,
                unflag,
                lambda version: services.relationship_unflag(
                    actor=actor_of(request), relationship=relationship, expected_version=version
                ),
                saved=f"{name} is no longer flagged at risk of recruitment",
                then=_people_url(relationship.client_id),
            )
            if done:
                return done
    initial = {
        "at_risk_note": relationship.at_risk_note,
        "version": relationship.version,
    }
    if relationship.at_risk_since:
        initial["at_risk_since"] = relationship.at_risk_since
    form = AtRiskForm(None if unflagging else (request.POST or None), initial=initial)
    if request.method == "POST" and not unflagging and form.is_valid():
        done = save_edit(
            request,
            form,
            lambda version: services.relationship_flag_at_risk(
                actor=actor_of(request),
                relationship=relationship,
                note=form.cleaned_data["at_risk_note"],
                since=form.cleaned_data["at_risk_since"],
                expected_version=version,
            ),
            saved=f"{name} is flagged at risk of recruitment",
            then=_people_url(relationship.client_id),
        )
        if done:
            return done
    context = {
        "form": form,
        "client": relationship.client,
        "relationship": relationship,
        "heading": f"Is {name} at risk of recruitment?",
        "back_url": _people_url(relationship.client_id),
    }
    return render(request, "family/at_risk.html", context)


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def signposting_new(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = access_object(Client, request.user, client_pk)
    form = SignpostingForm(
        request.POST or None, people=selectors.people_choices(request.user, client)
    )
    if request.method == "POST" and form.is_valid():
        try:
            made, created = services.signposting_record(
                actor=actor_of(request),
                client=client,
                data=form.signposting_data(),
                token=form.token,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            said = "Signposting recorded" if created else "Already recorded"
            messages.success(request, f"{said}: {made}")
            return redirect(_people_url(client.pk))
    return _form_page(
        request,
        form,
        client,
        heading="Signpost someone who is not the client",
        intro="Pointing someone in the client's life to help: a helpline number, a service. "
        "It is kept as their signposting, not as a referral of the client.",
        submit="Save signposting",
    )


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def family_session_new(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = access_object(Client, request.user, client_pk)
    form = FamilySessionForm(
        request.POST or None, relatives=selectors.relative_choices(request.user, client)
    )
    if request.method == "POST" and form.is_valid():
        try:
            contact, created = services.family_session_log(
                actor=actor_of(request),
                client=client,
                data=form.contact_data(),
                relationship_ids=form.cleaned_data["relatives"],
                token=form.token,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            said = "Family session logged" if created else "Already logged"
            messages.success(request, f"{said}: {contact}")
            return redirect(_people_url(client.pk))
    return _form_page(
        request,
        form,
        client,
        heading="Log a family session",
        intro="Logged as a contact of type family session, with the relatives who took part.",
        submit="Save family session",
    )


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def family_session_people(request: HttpRequest, pk: int) -> HttpResponse:
    # Only a family session names who took part: any other contact is not found here.
    sessions = Contact.objects.filter(contact_type=ContactType.FAMILY_SESSION)
    contact = access_object(Contact, request.user, pk, queryset=sessions.select_related("client"))
    present = [r.pk for r in selectors.relatives_present(request.user, contact)]
    form = SessionPeopleForm(
        request.POST or None,
        initial={"relatives": [str(pk) for pk in present]},
        relatives=selectors.relative_choices(request.user, contact.client),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.family_session_people_set(
                actor=actor_of(request),
                contact=contact,
                relationship_ids=form.cleaned_data["relatives"],
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"Saved who took part in the family session: {contact}")
            return redirect(_people_url(contact.client_id))
    return _form_page(
        request,
        form,
        contact.client,
        heading="Who took part in the family session?",
        caption=f"{contact.client.display_name}: {contact}",
        submit="Save",
    )
