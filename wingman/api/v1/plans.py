"""The support plan written with the young person: goals per pathway in their own words, and actions
with an owner, a due date and a status."""

from ninja import Router

router = Router(tags=["Support plans"])
