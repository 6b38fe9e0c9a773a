from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("clients/<int:client_pk>/documents/", views.document_list, name="list"),
    path("clients/<int:client_pk>/documents/new/", views.document_new, name="new"),
    path("documents/<int:pk>/download/", views.document_download, name="download"),
    path("documents/<int:pk>/remove/", views.document_remove, name="remove"),
]
