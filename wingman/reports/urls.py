from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("settings/", views.report_settings, name="settings"),
    path("<int:borough_id>/", views.monthly, name="monthly"),
]
