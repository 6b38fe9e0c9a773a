"""The versioned REST API. Integrations sign in with a bearer token acting as one member of
staff, and see and change exactly what that person could through the pages."""

from ninja import NinjaAPI, Swagger

from .auth import ApiTokenAuth
from .errors import install as install_error_handlers
from .v1 import router as v1_router

DESCRIPTION = """
Every request carries an API token: `Authorization: Bearer wm_...`. A token acts as the member of
staff it was issued for (`manage.py issue_api_token USERNAME --name NAME`), sees only the clients
that person may see, and is refused (403) for roles that may not take data out of the system and
for staff on temporary licence.

Records you may not see answer 404, exactly as records that do not exist. Refusals answer JSON
with a `detail` to show and, where one field is at fault, its name in `field`. Edits carry the
`version` they are based on; an edit based on an older version answers 409 with both versions.
Every request that creates a record (a referral, a contact, a task, a partner referral, an
assessment, a support plan, a goal, an action, an outcome, an offence, a relationship, a
signposting, a hearing, a document, a safeguarding concern, an entry in its chronology, a decision,
a statutory referral, a person linked to a concern, a risk flag, a crisis call, an on-call shift)
accepts an `Idempotency-Key` header (a UUID of your choosing), so that a request sent twice makes
one record; the same key with another body is refused.
"""

api = NinjaAPI(
    title="Wingman API",
    version="1",
    urls_namespace="api",
    description=DESCRIPTION.strip(),
    auth=ApiTokenAuth(),
    # Swagger UI from ninja's own static files (not a CDN): works offline and under the CSP.
    docs=Swagger(settings={"validatorUrl": None}),
)
install_error_handlers(api)
api.add_router("/v1/", v1_router)
