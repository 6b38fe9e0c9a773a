from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("clients/<int:pk>/", views.client_access, name="client-access"),
]
