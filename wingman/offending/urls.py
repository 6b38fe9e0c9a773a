from django.urls import path

from . import views

app_name = "offending"
urlpatterns = [
    path("clients/<int:client_pk>/offending/", views.client_offending, name="client"),
    path("clients/<int:client_pk>/offending/offences/new/", views.offence_new, name="offence-new"),
    path("offending/offences/<int:pk>/edit/", views.offence_edit, name="offence-edit"),
    path("offending/reoffending/", views.cohorts, name="cohorts"),
]
