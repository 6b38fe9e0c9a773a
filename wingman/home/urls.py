from django.urls import path

from . import views

app_name = "home"
urlpatterns = [
    path("", views.home, name="index"),
    path("clients/<int:pk>/", views.client_record, name="client"),
]
