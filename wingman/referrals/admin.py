from django.contrib import admin

from wingman.accounts.admin_site import AuditedReferenceAdmin

from .models import FundingStream


@admin.register(FundingStream)
class FundingStreamAdmin(AuditedReferenceAdmin):
    list_display = [
        "name",
        "borough",
        "cohort",
        "min_age",
        "max_age",
        "capacity",
        "starts_on",
        "ends_on",
    ]
    list_filter = ["borough", "cohort"]
    filter_horizontal = ["residence_boroughs"]
    search_fields = ["name"]
