from django.urls import path

from . import views

app_name = "family"
urlpatterns = [
    path("clients/<int:client_pk>/people/", views.client_people, name="client-people"),
    path("clients/<int:client_pk>/people/add/", views.person_add, name="person-add"),
    path("clients/<int:client_pk>/people/link/", views.person_link, name="person-link"),
    path("clients/<int:client_pk>/signposting/new/", views.signposting_new, name="signposting-new"),
    path(
        "clients/<int:client_pk>/family-sessions/new/",
        views.family_session_new,
        name="family-session-new",
    ),
    path(
        "family-sessions/<int:pk>/relatives/",
        views.family_session_people,
        name="family-session-people",
    ),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("relationships/<int:pk>/edit/", views.relationship_edit, name="relationship-edit"),
    path("relationships/<int:pk>/at-risk/", views.relationship_at_risk, name="at-risk"),
]
