"""Static files as whitenoise serves them in the demo and in production: hashed names, cached for
a year, gzip-compressed."""

from typing import Any

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """gzip only. whitenoise adds brotli whenever the `brotli` package happens to be installed
    (the development tools bring it); at its best quality that makes collectstatic take half a
    minute on two cores, and installs without it would serve different files."""

    def create_compressor(self, **kwargs: Any) -> Compressor:
        return Compressor(**{**kwargs, "use_brotli": False})
