"""Outcomes achieved, with their date and evidence, and the indicators each funding stream counts
them against."""

from ninja import Router

router = Router(tags=["Outcomes"])
