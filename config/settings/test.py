"""The test suite. DATABASE_URL picks SQLite or PostgreSQL; two-factor stays required."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-key-not-secret"  # noqa: S105
WINGMAN_AUDIT_CHAIN_KEY = "test-audit-chain-key-not-secret"
# pytest-django (with xdist) recognises an in-memory SQLite test database by Django's own engine
# name only; saying so keeps each worker's database in memory with Wingman's engine.
if DATABASES["default"]["NAME"] == ":memory:":  # noqa: F405
    DATABASES["default"].setdefault("TEST", {})["NAME"] = ":memory:"  # noqa: F405
# On PostgreSQL the suite runs as the tables' owner (scripts/pg makes it, with CREATEDB) and
# checks that the application role scripts/pg also makes can only insert and read audit rows.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    WINGMAN_DATABASE_APP_ROLE = os.environ.get("WINGMAN_DATABASE_APP_ROLE", "wingman_app")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Uploaded documents go to a directory of the test run's own, removed when it ends.
# Installs the suite serves in a process of their own (gunicorn with the demo settings) inherit it
# through the environment, so no test writes under var/.
WINGMAN_DOCUMENTS_ROOT = Path(tempfile.mkdtemp(prefix="wingman-test-documents-"))
atexit.register(shutil.rmtree, WINGMAN_DOCUMENTS_ROOT, ignore_errors=True)
os.environ["WINGMAN_DOCUMENTS_ROOT"] = str(WINGMAN_DOCUMENTS_ROOT)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": WINGMAN_DOCUMENTS_ROOT, "base_url": None},
    },
}
ALLOWED_HOSTS = ["*"]
WINGMAN_TWO_FACTOR_REQUIRED = True
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
