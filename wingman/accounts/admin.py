"""The back office: administrators configure boroughs, teams, staff and their licensed hours.
Client records are not here: they are read only through the service's own pages."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import AccessWindow, ApiToken, Borough, Organisation, Team, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Borough)
class BoroughAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]
    search_fields = ["name"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "borough"]
    list_filter = ["borough"]
    search_fields = ["name"]


class AccessWindowInline(admin.TabularInline):
    model = AccessWindow
    extra = 0


@admin.register(User)
class StaffAdmin(UserAdmin):
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
    inlines = [AccessWindowInline]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (
            "Wingman",
            {
                "fields": (
                    "role",
                    "organisation",
                    "team",
                    "funded_borough",
                    "lived_experience",
                    "on_temporary_licence",
                )
            },
        ),
    )
    add_fieldsets = (
        *(UserAdmin.add_fieldsets or ()),
        ("Wingman", {"fields": ("role", "organisation", "team", "on_temporary_licence")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued with `manage.py issue_api_token`; here they can be seen and revoked."""

    list_display = ["name", "user", "created_at", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = ["user", "name", "created_at", "last_used_at"]
    fields = ["user", "name", "created_at", "expires_at", "revoked_at", "last_used_at"]

    def has_add_permission(self, request: Any) -> bool:
        return False
