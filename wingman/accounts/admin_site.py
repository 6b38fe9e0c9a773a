"""The back office: for the roles that run it (administrators), signed in through the same
two-factor sign-in as every page. It holds only the models listed here: what installed apps
register on their own (authenticator devices and their secrets, sign-in attempts, task
arguments, groups) is left out. Every change goes through an audited service."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from wingman.core.errors import ServiceError

from . import permissions

BACK_OFFICE_MODELS = frozenset(
    {
        "accounts.organisation",
        "accounts.borough",
        "accounts.team",
        "accounts.user",
        "accounts.apitoken",
        "referrals.fundingstream",
        "outcomes.outcometype",
        "outcomes.indicatordefinition",
        "outcomes.indicatorassignment",
        "assessments.instrument",
        "assessments.question",
        "assessments.reviewsettings",
        "safeguarding.triagedeadlines",
        "costs.unitcost",
    }
)


class WingmanAdminSite(admin.AdminSite):
    site_header = "Wingman back office"
    site_title = "Wingman back office"
    index_title = "Boroughs, teams, funding streams and staff"

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        models_ = (
            [model_or_iterable]
            if isinstance(model_or_iterable, type) and issubclass(model_or_iterable, models.Model)
            else list(model_or_iterable)
        )
        kept = [m for m in models_ if m._meta.label_lower in BACK_OFFICE_MODELS]
        if kept:
            super().register(kept, admin_class, **options)

    def has_permission(self, request: HttpRequest) -> bool:
        return permissions.runs_back_office(request.user)

    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Any:
        """Staff signed in with another role are refused (403, logged), as on every page;
        only visitors not signed in are sent to sign in."""
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.user.is_authenticated and not self.has_permission(request):
                from wingman.audit.services import record_denial

                record_denial(actor=request.user, model="view:back-office", object_id="")
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return checked

    def get_urls(self) -> list[Any]:
        """Without Django's own password change pages: no password is set here."""
        return [
            url
            for url in super().get_urls()
            if getattr(url, "name", None) not in ("password_change", "password_change_done")
        ]

    def logout(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:  # type: ignore[override]
        """Signing out goes through the service's own, audited, sign-out."""
        from .views import sign_out

        return sign_out(request)


class WingmanAdminConfig(AdminConfig):
    default_site = "wingman.accounts.admin_site.WingmanAdminSite"


class ServiceErrorsShown:
    """If a service refuses a change the form did not foresee (someone else changed the record
    meanwhile), everything is rolled back and the refusal shown, instead of a server error."""

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(  # type: ignore[misc]
                request, object_id, form_url, extra_context
            )
        except ServiceError as error:
            messages.error(request, f"Nothing was saved: {error.message}")
            return HttpResponseRedirect(request.get_full_path())


class AuditedReferenceAdmin(ServiceErrorsShown, admin.ModelAdmin):
    """Reference data (organisations, boroughs, teams, funding streams): saved and removed
    through `accounts.services.reference_save` / `reference_delete`, so each change is audited
    with its old and new values, many-to-many fields included."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        from .services import reference_save

        m2m = {
            f.name: form.cleaned_data[f.name]
            for f in obj._meta.many_to_many
            if f.name in form.cleaned_data
        }
        reference_save(actor=request.user, obj=obj, m2m=m2m)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The many-to-many fields were saved (and audited) with the record.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        from .services import reference_delete

        reference_delete(actor=request.user, obj=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        from .services import reference_delete

        for obj in queryset:
            reference_delete(actor=request.user, obj=obj)
