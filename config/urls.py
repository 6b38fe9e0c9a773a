from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from wingman.api.api import api

urlpatterns = [
    path("", include("wingman.core.urls")),
    path("", include("wingman.home.urls")),
    path("", include("wingman.accounts.urls")),
    path("clients/", include("wingman.people.urls")),
    path("referrals/", include("wingman.referrals.urls")),
    path("", include("wingman.casework.urls")),
    path("", include("wingman.documents.urls")),
    path("", include("wingman.assessments.urls")),
    path("", include("wingman.plans.urls")),
    path("", include("wingman.outcomes.urls")),
    path("", include("wingman.offending.urls")),
    path("", include("wingman.family.urls")),
    path("", include("wingman.court.urls")),
    path("", include("wingman.safeguarding.urls")),
    path("audit/", include("wingman.oversight.urls")),
    path("", include("wingman.background.urls")),
    path("reports/", include("wingman.reports.urls")),
    path("dashboards/", include("wingman.dashboards.urls")),
    path("impact/", include("wingman.impact.urls")),
    path("justice-data-lab/", include("wingman.datalab.urls")),
    path("costs/", include("wingman.costs.urls")),
    path("api/", api.urls),
    # The back office signs in through the same two-factor sign-in as everything else.
    path(
        "back-office/login/",
        RedirectView.as_view(pattern_name="accounts:sign-in", query_string=True),
    ),
    path("back-office/", admin.site.urls),
]

handler400 = "wingman.core.error_pages.bad_request"
handler403 = "wingman.core.error_pages.permission_denied"
handler404 = "wingman.core.error_pages.page_not_found"
handler500 = "wingman.core.error_pages.server_error"
