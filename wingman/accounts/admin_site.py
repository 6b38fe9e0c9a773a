"""The back office is for administrators only, signed in through the same two-factor sign-in."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest

from .choices import Role


class WingmanAdminSite(admin.AdminSite):
    site_header = "Wingman back office"
    site_title = "Wingman back office"
    index_title = "Boroughs, teams, funding streams and staff"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active and user.is_staff and getattr(user, "role", None) == Role.ADMINISTRATOR
        )


class WingmanAdminConfig(AdminConfig):
    default_site = "wingman.accounts.admin_site.WingmanAdminSite"
