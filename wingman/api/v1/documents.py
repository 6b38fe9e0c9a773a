"""Files kept on a client's record (a character reference, an ID scan, a course certificate): stored
outside the database through Django's storage API, served only to people who may see the client."""

from ninja import Router

router = Router(tags=["Documents"])
