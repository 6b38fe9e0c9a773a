from django.urls import URLPattern, path

from . import issue_views

app_name = "reports"

urlpatterns: list[URLPattern] = [
    path("issued/", issue_views.issued_list, name="issued"),
    path("issued/<int:pk>/<str:fmt>/", issue_views.issued_download, name="issued-download"),
    path("issue/", issue_views.issue, name="issue"),
    path("issue-all/", issue_views.issue_all_form, name="issue-all-form"),
    path("issue-all/start/", issue_views.issue_all, name="issue-all"),
]
