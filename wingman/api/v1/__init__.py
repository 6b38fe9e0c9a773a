"""Version 1 of the API. A change that would break a client goes into a new version."""

from ninja import Router

from . import casework, clients, referrals

router = Router()
router.add_router("", clients.router)
router.add_router("", referrals.router)
router.add_router("", casework.router)
