"""On a phone, 390 and then 320 pixels wide, a manager goes through the monthly reports (the
borough's report, the settings, issuing a month's report, the issued list), the evaluations
(uploading a comparison pool, choosing its columns, the pool, starting a matched evaluation, its
result with the balance table and plot) and the unit costs; a funder reads its borough's reports.
No page scrolls sideways or cuts anything off (a wide table scrolls inside its own named region)
and each passes axe at both widths."""

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from testing.factories import FundingStreamFactory, give_casework, world
from testing.helpers import work_through_the_queue
from wingman.accounts.choices import Role
from wingman.impact.demo_pool import demo_pool_csv
from wingman.impact.models import ComparisonPool, EvaluationRun
from wingman.impact.tests.test_evaluation_runs import make_treated
from wingman.reports.issuing import month_of, report_issue

from .conftest import sign_in, today
from .phone import fits_every_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STREAM = "Violence Reduction Unit: serious youth violence prevention and custody leavers"


@pytest.fixture
def reporting() -> dict[str, Any]:
    """`world()`, with contacts to count and a funding stream with a long name in Borough A."""
    people = world()
    FundingStreamFactory(borough=people["boroughs"][0], name=STREAM)
    for client in people["clients"].values():
        give_casework(client, people["users"][Role.CASEWORKER])
    return people


@pytest.fixture
def service(reporting: dict[str, Any]) -> dict[str, Any]:
    """`reporting`, and 70 clients of team A1 with a complete follow-up to evaluate."""
    make_treated(reporting["teams"][0], reporting["users"][Role.MANAGER], 70)
    return reporting


def signed_in(browser: Browser, live_server: Any, user: Any) -> Page:
    """Signed in at desktop width (where the sign-out button shows), in its own context."""
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", timezone_id="Europe/London"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, user)
    return page


def visit(page: Page, url: str, heading: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    fits_every_phone(page, heading)


def test_a_manager_reads_reports_and_evaluations_on_a_phone(
    chromium_browser: Browser, live_server: Any, service: dict[str, Any], tmp_path: Any
) -> None:
    borough_a = service["boroughs"][0]
    page = signed_in(chromium_browser, live_server, service["users"][Role.MANAGER])

    visit(page, "/reports/", "Monthly reports")
    page.get_by_label("Funding stream").first.select_option(label=STREAM)
    page.get_by_role("button", name="Show the report for Borough A").click()
    expect(page.get_by_role("heading", level=1, name="Borough A: monthly report")).to_be_visible()
    fits_every_phone(page, "A borough's monthly report for one stream")
    visit(page, f"/reports/{borough_a.pk}/", "Borough A: monthly report")
    visit(page, "/reports/settings/", "How reports are made")
    visit(page, "/reports/issue-all/", "Issue every borough's report for a month")

    visit(page, "/reports/issued/", "Issued reports")
    page.get_by_role("link", name="Issue this month's report").click()
    expect(page.get_by_role("heading", level=1, name="Issue a month's report")).to_be_visible()
    fits_every_phone(page, "Issuing a month's report")
    page.get_by_label("Borough").select_option(label="Borough A")
    page.get_by_label("Funding stream").select_option(label=f"Borough A: {STREAM}")
    page.get_by_role("button", name="Issue the report").click()
    expect(page.get_by_text("Latest")).to_be_visible()
    fits_every_phone(page, "The issued reports")

    visit(page, "/impact/", "Evaluations")
    page.get_by_role("link", name="Upload a comparison pool").click()
    expect(page.get_by_role("heading", level=1, name="Upload a comparison pool")).to_be_visible()
    fits_every_phone(page, "Uploading a comparison pool")
    extract = tmp_path / "comparison.csv"
    extract.write_bytes(demo_pool_csv())
    page.get_by_label("Comparison extract").set_input_files(extract)
    page.get_by_label("Name of the comparison pool").fill("Partner's comparison extract, 2024")
    page.get_by_role("radio", name="Partner's extract").check()
    page.get_by_role("button", name="Upload and choose the columns").click()
    expect(page.get_by_role("heading", level=1, name="Choose the columns")).to_be_visible()
    fits_every_phone(page, "Choosing the columns of a comparison pool")
    page.get_by_role("button", name="Import the comparison pool").click()
    expect(
        page.get_by_role("heading", level=1, name="Partner's comparison extract, 2024")
    ).to_be_visible()
    fits_every_phone(page, "A comparison pool")

    page.get_by_role("link", name="Evaluations").first.click()
    page.get_by_label("Comparison group").select_option(str(ComparisonPool.objects.get().pk))
    page.get_by_role("button", name="Start an evaluation").click()
    page.wait_for_url("**/background/*/")
    work_through_the_queue()
    run = EvaluationRun.objects.get()
    page.goto(f"/impact/runs/{run.pk}/")
    expect(page.locator("#verdict")).to_be_visible()
    expect(page.locator("#balance-table")).to_be_attached()
    expect(page.locator("#balance-plot svg[role='img']")).to_be_visible()
    fits_every_phone(page, "The result of a matched evaluation")
    visit(page, "/impact/", "Evaluations")

    visit(page, "/costs/", "Unit costs")
    page.context.close()


def test_a_funder_reads_its_boroughs_reports_on_a_phone(
    chromium_browser: Browser, live_server: Any, reporting: dict[str, Any]
) -> None:
    people = reporting
    borough_a = people["boroughs"][0]
    start, end = month_of(today())
    report_issue(
        actor=people["users"][Role.MANAGER],
        borough=borough_a,
        funding_stream=None,
        start=start,
        end=end,
    )
    page = signed_in(chromium_browser, live_server, people["users"][Role.FUNDER])
    visit(page, "/reports/", "Monthly reports")
    visit(page, f"/reports/{borough_a.pk}/", "Borough A: monthly report")
    visit(page, "/reports/issued/", "Issued reports")
    visit(page, "/costs/", "Unit costs")
    page.context.close()
