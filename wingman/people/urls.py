from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("<int:pk>/", views.client_detail, name="detail"),
    path("<int:pk>/edit/", views.client_edit, name="edit"),
    path("<int:pk>/allocate/", views.client_allocate_view, name="allocate"),
]
