"""API tokens in the back office: seen, given another expiry and revoked, each through an audited
service. They are issued with `manage.py issue_api_token`, never here."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest

from wingman.accounts.admin import show_on_form
from wingman.accounts.admin_site import ServiceErrorsShown
from wingman.accounts.models import ApiToken
from wingman.core.errors import ServiceError

from .services import api_token_revoke, api_token_set_expiry, check_token_expiry


class ApiTokenForm(forms.ModelForm):
    revoke = forms.BooleanField(
        required=False,
        label="Revoke this token",
        help_text="It stops working at once, for good.",
    )

    class Meta:
        model = ApiToken
        fields = ["expires_at"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "expires_at" in self.changed_data and "expires_at" in cleaned:
            try:
                check_token_expiry(cleaned["expires_at"])
            except ServiceError as error:
                show_on_form(self, error)
        return cleaned


@admin.register(ApiToken)
class ApiTokenAdmin(ServiceErrorsShown, admin.ModelAdmin):
    """Tokens are issued with `manage.py issue_api_token`; here they can be seen, given another
    expiry, and revoked."""

    form = ApiTokenForm
    list_display = ["name", "user", "created_at", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = ["user", "name", "created_at", "revoked_at", "last_used_at"]
    fields = ["user", "name", "created_at", "last_used_at", "expires_at", "revoked_at", "revoke"]
    actions = ["revoke_tokens"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked, never removed: the audit trail names them

    @admin.action(description="Revoke the selected tokens")
    def revoke_tokens(self, request: HttpRequest, queryset: Any) -> None:
        for token in queryset:
            api_token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
        messages.success(request, "The selected tokens are revoked.")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actor: Any = request.user
        if "expires_at" in form.changed_data:
            api_token_set_expiry(actor=actor, token=obj, expires_at=form.cleaned_data["expires_at"])
        if form.cleaned_data.get("revoke"):
            api_token_revoke(actor=actor, token=obj)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass  # tokens have no related records to save here
