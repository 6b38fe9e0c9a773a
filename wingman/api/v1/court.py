"""Court hearings: the caseworker's attendance, a character reference, the result, the next date."""

from ninja import Router

router = Router(tags=["Court support"])
