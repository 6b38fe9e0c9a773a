from django.urls import path

from . import views

app_name = "outcomes"
urlpatterns = [
    path("clients/<int:client_pk>/outcomes/", views.outcome_list, name="list"),
    path("clients/<int:client_pk>/outcomes/new/", views.outcome_new, name="new"),
    path("outcomes/<int:pk>/edit/", views.outcome_edit, name="edit"),
    path("outcomes/<int:pk>/withdraw/", views.outcome_withdraw, name="withdraw"),
    path("funding-streams/indicators/", views.stream_list, name="streams"),
    path("funding-streams/<int:pk>/indicators/", views.stream_indicators, name="stream"),
]
