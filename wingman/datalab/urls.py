from django.urls import path

from . import views

app_name = "datalab"

urlpatterns = [
    path("", views.readiness_page, name="readiness"),
    path("file/", views.file_download, name="file"),
    path("clients/<int:pk>/consent/", views.consent_page, name="consent"),
]
