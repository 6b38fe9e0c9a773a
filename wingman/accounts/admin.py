"""The back office: administrators configure organisations, boroughs, teams, staff, their licensed
hours and API tokens. Client records are not here: they are read only through the service's own
pages. Every change goes through an audited service; a change the service refuses is shown on
the form and nothing is saved. No page here sets a password or shows a two-factor secret: a
person's sign-in is reset with an enrolment code that someone else hands over."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import formats, timezone

from wingman.core.errors import ServiceError

from .admin_site import AuditedReferenceAdmin, ServiceErrorsShown
from .choices import Weekday
from .models import AccessWindow, Borough, EnrolmentCode, Organisation, Team, User
from .services import (
    STAFF_FIELDS,
    access_window_add,
    access_window_change,
    access_window_remove,
    check_access_window,
    check_access_windows_change,
    check_staff_change,
    enrolment_reset,
    has_authenticator,
    staff_create,
    staff_set_active,
    staff_update,
)


def show_on_form(form: forms.BaseForm, error: ServiceError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@admin.register(Organisation)
class OrganisationAdmin(AuditedReferenceAdmin):
    search_fields = ["name"]


@admin.register(Borough)
class BoroughAdmin(AuditedReferenceAdmin):
    list_display = ["name", "organisation"]
    search_fields = ["name"]


@admin.register(Team)
class TeamAdmin(AuditedReferenceAdmin):
    list_display = ["name", "borough"]
    list_filter = ["borough"]
    search_fields = ["name"]


# Staff and their licensed hours ------------------------------------------------------------------


class AccessWindowForm(forms.ModelForm):
    weekdays = forms.TypedMultipleChoiceField(
        label="Days",
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one day"},
    )

    class Meta:
        model = AccessWindow
        fields = ["weekdays", "starts_at", "ends_at", "valid_until"]
        widgets = {
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"valid_until": "Optional: the last day this window applies."}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not cleaned.get("DELETE"):
            try:
                check_access_window(
                    weekdays=cleaned.get("weekdays") or [],
                    starts_at=cleaned.get("starts_at"),
                    ends_at=cleaned.get("ends_at"),
                )
            except ServiceError as error:
                show_on_form(self, error)
        return cleaned


class AccessWindowFormSet(BaseInlineFormSet):
    def __init__(self, *args: Any, actor: Any = None, **kwargs: Any) -> None:
        self.actor = actor
        super().__init__(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        touched = any(f.has_changed() for f in self.forms) or bool(self.deleted_forms)
        if touched and self.instance.pk is not None:
            try:
                check_access_windows_change(actor=self.actor, user=self.instance)
            except ServiceError as error:
                raise forms.ValidationError(error.message) from None


class AccessWindowInline(admin.StackedInline):
    model = AccessWindow
    form = AccessWindowForm
    formset = AccessWindowFormSet
    extra = 0
    verbose_name = "licensed working hours (access window)"
    verbose_name_plural = "licensed working hours (for staff on temporary licence)"


class StaffForm(forms.ModelForm):
    """The fields the back office may set. Never the password, never Django's staff flags."""

    actor: Any = None  # the administrator, set for each request by `StaffAdmin.get_form`

    class Meta:
        model = User
        fields = list(STAFF_FIELDS)
        help_texts = {
            "is_active": "Untick to disable the account: every session it has ends at once.",
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        if self.instance.pk is None:
            changes = {name: cleaned.get(name) for name in STAFF_FIELDS if name in self.fields}
        else:
            changes = {name: cleaned[name] for name in self.changed_data if name in cleaned}
        try:
            check_staff_change(
                actor=self.actor, user=self.instance if self.instance.pk else None, changes=changes
            )
        except ServiceError as error:
            show_on_form(self, error)
        return cleaned


class ResetSignInForm(forms.Form):
    reason = forms.ChoiceField(
        label="What has the person lost?",
        choices=[
            (EnrolmentCode.Reason.PASSWORD, "Their password (they still have their phone)"),
            (
                EnrolmentCode.Reason.TWO_FACTOR,
                "Their phone or authenticator app (they still know their password)",
            ),
            (EnrolmentCode.Reason.BOTH, "Both"),
        ],
        widget=forms.RadioSelect,
    )


@admin.register(User)
class StaffAdmin(ServiceErrorsShown, admin.ModelAdmin):
    form = StaffForm
    inlines = [AccessWindowInline]
    list_display = [
        "username",
        "first_name",
        "last_name",
        "role",
        "team",
        "on_temporary_licence",
        "is_active",
    ]
    list_filter = ["role", "team__borough", "on_temporary_licence", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    ordering = ["first_name", "last_name"]
    readonly_fields = ["sign_in", "last_login", "date_joined"]
    actions = ["disable_accounts"]
    fieldsets = (
        (None, {"fields": ("username", "first_name", "last_name", "email")}),
        (
            "Role and team",
            {
                "fields": (
                    "role",
                    "organisation",
                    "team",
                    "funded_borough",
                    "lived_experience",
                    "caseload_capacity",
                )
            },
        ),
        ("Temporary licence", {"fields": ("on_temporary_licence",)}),
        ("Sign-in", {"fields": ("is_active", "sign_in", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "first_name", "last_name", "email")}),
        (
            "Role and team",
            {
                "fields": (
                    "role",
                    "organisation",
                    "team",
                    "funded_borough",
                    "lived_experience",
                    "caseload_capacity",
                )
            },
        ),
        ("Temporary licence", {"fields": ("on_temporary_licence",)}),
    )

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):  # type: ignore[no-untyped-def]
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user  # type: ignore[attr-defined]  # a class made for this request
        return form

    def get_formset_kwargs(
        self, request: HttpRequest, obj: Any, inline: Any, prefix: str
    ) -> dict[str, Any]:
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, AccessWindowInline):
            kwargs["actor"] = request.user
        return kwargs

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # accounts are disabled, never removed: the audit trail names them

    @admin.action(description="Disable the selected accounts")
    def disable_accounts(self, request: HttpRequest, queryset: Any) -> None:
        done = 0
        for user in queryset:
            try:
                staff_set_active(actor=request.user, user=user, active=False)  # type: ignore[arg-type]
                done += 1
            except ServiceError as error:
                messages.error(request, f"{user}: {error.message}")
        if done:
            messages.success(request, f"Disabled {done} account(s); their sessions have ended.")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actor = request.user
        if change:
            changes = {n: form.cleaned_data[n] for n in form.changed_data if n in STAFF_FIELDS}
            staff_update(actor=actor, user=obj, changes=changes)  # type: ignore[arg-type]
        else:
            staff_create(actor=actor, user=obj)  # type: ignore[arg-type]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Licensed hours go through the audited services, one window at a time."""
        actor: Any = request.user
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for window_form in formset.initial_forms:
            window = window_form.instance
            if window.pk is None:
                continue
            if window_form in formset.deleted_forms:
                access_window_remove(actor=actor, window=window)
                formset.deleted_objects.append(window)
            elif window_form.has_changed():
                access_window_change(actor=actor, window=window, **_window(window_form))
                formset.changed_objects.append((window, window_form.changed_data))
        for window_form in formset.extra_forms:
            if not window_form.has_changed() or window_form in formset.deleted_forms:
                continue
            window = access_window_add(actor=actor, user=form.instance, **_window(window_form))
            formset.new_objects.append(window)

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: Any = None) -> Any:
        messages.info(
            request,
            f"{obj} sets up their sign-in with an enrolment code. Their team lead, their manager "
            "or another administrator hands it over from their home page: you will not see it.",
        )
        return super().response_add(request, obj, post_url_continue)

    @admin.display(description="Sign-in")
    def sign_in(self, obj: User) -> str:
        if obj.pk is None:
            return "-"
        parts = [
            "password set" if obj.has_usable_password() else "no password",
            "authenticator app set up" if has_authenticator(obj) else "no authenticator app",
        ]
        code = obj.enrolment_codes.select_related("requested_by").first()
        if code is not None and code.is_live():
            asked = formats.date_format(timezone.localtime(code.requested_at), "j F Y")
            until = formats.date_format(timezone.localtime(code.expires_at), "j F Y H:i")
            parts.append(
                f"enrolment code {code.get_state_display().lower()} (asked by "
                f"{code.requested_by or 'the command line'} on {asked}; works until {until})"
            )
        text = "; ".join(parts)
        return text[:1].upper() + text[1:]

    def get_urls(self) -> list[URLPattern]:
        reset = path(
            "<path:object_id>/reset-sign-in/",
            self.admin_site.admin_view(self.reset_sign_in_view),
            name="accounts_user_reset_sign_in",
        )
        return [reset, *super().get_urls()]

    def reset_sign_in_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        user = self.get_object(request, object_id)
        if user is None:
            raise Http404("No such account")
        form = ResetSignInForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                enrolment_reset(
                    actor=request.user,  # type: ignore[arg-type]
                    user=user,
                    reason=form.cleaned_data["reason"],
                )
            except ServiceError as error:
                show_on_form(form, error)
            else:
                messages.success(
                    request,
                    f"The sign-in of {user} is reset and their sessions have ended. Their team "
                    "lead, their manager or another administrator will see an enrolment code to "
                    "hand over to them in person: you will not see it.",
                )
                return HttpResponseRedirect(reverse("admin:accounts_user_change", args=[user.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": user,
            "form": form,
            "title": f"Reset the sign-in of {user}",
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/accounts/user/reset_sign_in.html", context)


def _window(form: forms.BaseForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "weekdays": data["weekdays"],
        "starts_at": data["starts_at"],
        "ends_at": data["ends_at"],
        "valid_until": data.get("valid_until"),
    }


# API tokens --------------------------------------------------------------------------------------
