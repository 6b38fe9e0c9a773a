from django.urls import path

from . import views

app_name = "costs"

urlpatterns = [path("", views.unit_costs, name="unit-costs")]
