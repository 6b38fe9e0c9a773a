from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "wingman.documents"
    label = "documents"
    verbose_name = "Documents"
