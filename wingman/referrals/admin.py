from django.contrib import admin

from .models import FundingStream


@admin.register(FundingStream)
class FundingStreamAdmin(admin.ModelAdmin):
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
