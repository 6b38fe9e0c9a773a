"""The versioned REST API."""

from ninja import NinjaAPI

api = NinjaAPI(title="Wingman API", version="1", urls_namespace="api")
