from django.urls import URLPattern, path

from . import issue_views, views

app_name = "reports"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("settings/", views.report_settings, name="settings"),
    path("<int:borough_id>/", views.monthly, name="monthly"),
    path("issued/", issue_views.issued_list, name="issued"),
    path("issued/<int:pk>/<str:fmt>/", issue_views.issued_download, name="issued-download"),
    path("issue/", issue_views.issue, name="issue"),
    path("issue-all/", issue_views.issue_all_form, name="issue-all-form"),
    path("issue-all/start/", issue_views.issue_all, name="issue-all"),
]
