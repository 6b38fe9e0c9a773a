from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("team/", views.team, name="team"),
    path("team/caseworkers/<int:pk>/", views.caseload, name="caseload"),
    path("organisation/", views.organisation, name="organisation"),
]
