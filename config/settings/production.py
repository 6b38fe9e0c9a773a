"""Production: everything from the environment, HTTPS only, two-factor always required."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a random value of 50+ characters.")
WINGMAN_AUDIT_CHAIN_KEY = os.environ.get("WINGMAN_AUDIT_CHAIN_KEY", "")
if len(WINGMAN_AUDIT_CHAIN_KEY) < 32:
    raise ImproperlyConfigured(
        "WINGMAN_AUDIT_CHAIN_KEY must be set to a random value of 32+ characters, kept outside "
        "the database and never changed: it seals the audit trail."
    )
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name the host(s) Wingman serves.")

WINGMAN_TWO_FACTOR_REQUIRED = True
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
