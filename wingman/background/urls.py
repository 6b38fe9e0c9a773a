from django.urls import path

from . import views

app_name = "background"

urlpatterns = [
    path("background/<int:pk>/", views.job, name="job"),
]
