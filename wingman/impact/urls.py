from django.urls import path

from . import views

app_name = "impact"

urlpatterns = [
    path("", views.runs, name="runs"),
    path("pools/new/", views.pool_new, name="pool_new"),
    path("pools/uploads/<int:pk>/map/", views.upload_map, name="upload_map"),
    path("pools/<int:pk>/", views.pool, name="pool"),
    path("runs/<int:pk>/", views.run, name="run"),
    path("runs/<int:pk>/again/", views.run_again, name="run_again"),
]
