"""Local demo service: `make run`. SQLite under var/, debug on, two-factor relaxed (and shown)."""

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
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
