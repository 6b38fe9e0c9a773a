from django.urls import path

from . import views

app_name = "court"
urlpatterns = [
    path("clients/<int:client_pk>/court/", views.hearing_list, name="list"),
    path("clients/<int:client_pk>/court/new/", views.hearing_new, name="new"),
    path("court/hearings/<int:pk>/", views.hearing_detail, name="hearing"),
    path("court/hearings/<int:pk>/edit/", views.hearing_edit, name="edit"),
    path("court/hearings/<int:pk>/attendance/", views.hearing_attendance, name="attendance"),
    path("court/hearings/<int:pk>/reference/", views.hearing_reference, name="reference"),
    path("court/hearings/<int:pk>/result/", views.hearing_result, name="result"),
]
