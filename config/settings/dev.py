"""Debugging on one machine: `make dev` (Django's development server). Debug pages on, static
files straight from the source folders, two-factor relaxed (and shown). Never for real data."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = True
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-demo-key-never-use-in-production")
WINGMAN_AUDIT_CHAIN_KEY = os.environ.get(
    "WINGMAN_AUDIT_CHAIN_KEY", "demo-audit-chain-key-never-use-in-production"
)
WINGMAN_TWO_FACTOR_REQUIRED = env_bool("WINGMAN_TWO_FACTOR_REQUIRED", False)
STORAGES = {
    **STORAGES,  # noqa: F405 (the documents' own storage stays as in base)
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
