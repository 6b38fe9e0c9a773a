"""The test suite. DATABASE_URL picks SQLite or PostgreSQL; two-factor stays required."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-key-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
WINGMAN_TWO_FACTOR_REQUIRED = True
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
