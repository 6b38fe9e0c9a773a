"""A manager uploads the demo's comparison pool, checks the columns guessed, imports it, starts a
matched evaluation of 70 clients with complete follow-up, and reads its result: one of the
three sentences, and the balance plot beside its table. Each page passes axe."""

import pytest
from playwright.sync_api import Page, expect

from testing.factories import TeamFactory
from testing.helpers import work_through_the_queue
from wingman.accounts.choices import Role
from wingman.impact.demo_pool import demo_pool_csv
from wingman.impact.models import ComparisonPool, EvaluationRun
from wingman.impact.tests.test_evaluation_runs import make_treated

from .conftest import assert_accessible, sign_in, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SENTENCES = (
    "The people who got the service were less likely to reoffend.",
    "The people who got the service were more likely to reoffend.",
    "Whether the people who got the service were less or more likely to reoffend: "
    "more people are needed to tell.",
)


def test_a_manager_imports_a_pool_and_reads_a_matched_evaluation(page_in: Page, tmp_path):
    page = page_in
    team = TeamFactory(name="Peckham")
    manager = staff(role=Role.MANAGER, team=team, first_name="Mo", last_name="Ellis")
    make_treated(team, manager, 70)
    extract = tmp_path / "comparison.csv"
    extract.write_bytes(demo_pool_csv())

    sign_in(page, manager)
    page.goto("/impact/")
    assert_accessible(page, "The evaluations page")
    page.get_by_role("link", name="Upload a comparison pool").click()
    assert_accessible(page, "The upload page")
    page.get_by_label("Comparison extract").set_input_files(extract)
    page.get_by_label("Name of the comparison pool").fill("Demo comparison pool")
    page.get_by_role("radio", name="Partner's extract").check()
    page.get_by_role("button", name="Upload and choose the columns").click()

    expect(page.get_by_role("heading", level=1, name="Choose the columns")).to_be_visible()
    expect(page.get_by_label("Previous sanctions")).to_have_value("sanctions")
    expect(page.get_by_label("Offence type")).to_have_value("")
    assert_accessible(page, "The column mapping page")
    page.get_by_role("button", name="Import the comparison pool").click()

    expect(page.get_by_role("heading", level=1, name="Demo comparison pool")).to_be_visible()
    pool = ComparisonPool.objects.get()
    assert pool.row_count == 600
    expect(page.locator("#sha256")).to_have_text(pool.sha256)
    assert_accessible(page, "The pool page")

    page.get_by_role("link", name="Evaluations").first.click()
    page.get_by_label("Comparison group").select_option(str(pool.pk))
    page.get_by_role("button", name="Start an evaluation").click()
    page.wait_for_url("**/background/*/")
    work_through_the_queue()
    page.reload()
    page.get_by_role("link", name="See the result").click()

    run = EvaluationRun.objects.get()
    page.wait_for_url(f"**/impact/runs/{run.pk}/")
    assert page.locator("#verdict").inner_text().strip() in SENTENCES
    expect(page.locator("#balance-table")).to_be_visible()
    expect(page.locator("#balance-plot svg[role='img']")).to_be_visible()
    assert_accessible(page, "The evaluation's result")
