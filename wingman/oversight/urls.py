from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("clients/<int:pk>/", views.client_access, name="client-access"),
    path("clients/<int:pk>/export.csv", views.client_access_export, name="client-access-export"),
    path("refused/", views.refused, name="refused"),
    path("safeguarding/", views.safeguarding_register, name="safeguarding-register"),
    path("safeguarding/<int:pk>/", views.safeguarding_concern, name="safeguarding-concern"),
]
