"""The demo service as `make run` serves it: gunicorn, debug off, static files collected into
var/static and served by whitenoise, the product's own error pages, SQLite under var/. Two-factor
sign-in is relaxed (every page says so). For debugging, `make dev` uses `config.settings.dev`."""

import os
from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, env_bool

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-demo-key-never-use-in-production")
WINGMAN_AUDIT_CHAIN_KEY = os.environ.get(
    "WINGMAN_AUDIT_CHAIN_KEY", "demo-audit-chain-key-never-use-in-production"
)
WINGMAN_TWO_FACTOR_REQUIRED = env_bool("WINGMAN_TWO_FACTOR_REQUIRED", False)
# Collected once by `make run` (hashed names, compressed, cached for a year by browsers).
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "var" / "static"))
