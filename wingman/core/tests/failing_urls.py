"""The service's addresses plus one that fails, for tests of the 500 page."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500
from config.urls import urlpatterns as service


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("This page fails on purpose")


urlpatterns = [path("broken/", broken), *service]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
