from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("clients/<int:pk>/", views.client_access, name="client-access"),
]
