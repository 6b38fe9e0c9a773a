from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def world(db):
    from testing.factories import world as build

    return build()


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    """One Chromium for every browser test a test process runs: Playwright's synchronous API may
    run only once at a time in a process, so nothing starts a second one."""
    from playwright.sync_api import sync_playwright

    from testing.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def append_only_triggers_lifted(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """For tests that commit (`django_db(transaction=True)`): their database is emptied after
    each, which on SQLite deletes row by row and the append-only tables refuse (the unit costs
    hold rows from their migration)."""
    from testing.helpers import audit_triggers_lifted_on_sqlite

    with audit_triggers_lifted_on_sqlite(django_db_blocker):
        yield
