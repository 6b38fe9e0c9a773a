"""Version 1 of the API. A change that would break a client goes into a new version."""

from ninja import Router

from . import (
    assessments,
    casework,
    clients,
    court,
    datalab,
    documents,
    family,
    impact,
    offending,
    outcomes,
    plans,
    referrals,
    reports,
    safeguarding,
)

router = Router()
router.add_router("", clients.router)
router.add_router("", referrals.router)
router.add_router("", casework.router)
router.add_router("", documents.router)
router.add_router("", assessments.router)
router.add_router("", plans.router)
router.add_router("", outcomes.router)
router.add_router("", offending.router)
router.add_router("", family.router)
router.add_router("", court.router)
router.add_router("", safeguarding.router)
router.add_router("", reports.router)
router.add_router("", impact.router)
router.add_router("", datalab.router)
