from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("clients/<int:client_pk>/assessments/", views.client_assessments, name="client"),
    path("clients/<int:client_pk>/assessments/new/", views.assessment_new, name="new"),
    path("assessments/<int:pk>/", views.assessment_detail, name="detail"),
    path("assessments/<int:pk>/record/", views.assessment_record, name="record"),
]
