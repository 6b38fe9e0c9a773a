from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("<int:pk>/edit/", views.client_edit, name="edit"),
]
