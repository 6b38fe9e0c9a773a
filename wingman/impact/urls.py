from django.urls import path

from . import views

app_name = "impact"

urlpatterns = [
    path("", views.runs, name="runs"),
    path("runs/<int:pk>/", views.run, name="run"),
    path("runs/<int:pk>/again/", views.run_again, name="run_again"),
]
