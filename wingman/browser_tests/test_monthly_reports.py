"""A manager issues last month's report for a borough and downloads it as PDF, workbook and CSV;
the borough's funder downloads its own report and reaches nothing about a client."""

import csv
import io
import re
import subprocess

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from testing.factories import world
from wingman.accounts.choices import Role

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def download(page: Page, name: str, tmp_path, filename: str) -> bytes:
    with page.expect_download() as got:
        page.get_by_role("link", name=re.compile(f"^{name} for Borough A")).first.click()
    path = tmp_path / filename
    got.value.save_as(path)
    return path.read_bytes()


def test_a_manager_issues_the_months_report_and_a_funder_downloads_its_own(page_in, tmp_path):
    people = world()
    page = page_in
    sign_in(page, people["users"][Role.MANAGER])
    page.goto("/reports/issued/")
    expect(page.get_by_text("No reports have been issued yet.")).to_be_visible()
    page.get_by_role("link", name="Issue this month's report").click()
    assert_accessible(page, "issuing a report")
    page.get_by_label("Borough").select_option(label="Borough A")
    page.get_by_role("button", name="Issue the report").click()
    expect(page.get_by_role("heading", level=1, name="Issued reports")).to_be_visible()
    expect(page.get_by_text("Latest")).to_be_visible()
    assert_accessible(page, "the issued reports")

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(download(page, "PDF", tmp_path, "a.pdf"))
    text = subprocess.run(  # noqa: S603 (our own file, a fixed program)
        ["/usr/bin/pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Borough A: monthly report" in text and "[c]" in text
    for section in ("Distance travelled", "Proven reoffending", "Unit costs"):
        assert section in text
    book = load_workbook(io.BytesIO(download(page, "Excel workbook", tmp_path, "a.xlsx")))
    assert book.sheetnames[0] == "About this report"
    assert {"Distance travelled", "Proven reoffending", "Unit costs"} <= set(book.sheetnames)
    rows = list(
        csv.reader(io.StringIO(download(page, "CSV", tmp_path, "a.csv").decode("utf-8-sig")))
    )
    assert rows[0] == ["section", "table", "row", "column", "value", "unit"]

    page.goto(f"/reports/{people['boroughs'][0].pk}/")
    for section in ("Distance travelled", "Proven reoffending", "Unit costs"):
        expect(page.get_by_role("heading", level=2, name=section)).to_be_visible()
    assert_accessible(page, "the monthly report")

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, people["users"][Role.FUNDER])
    page.goto("/reports/issued/")
    expect(page.get_by_role("cell", name="Borough A", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Issue this month's report")).to_have_count(0)
    funders = list(
        csv.reader(io.StringIO(download(page, "CSV", tmp_path, "f.csv").decode("utf-8-sig")))
    )
    assert funders == rows
    client = people["clients"]["own"]
    response = page.goto(f"/clients/{client.pk}/")
    assert response is not None and response.status in (403, 404)
    expect(page.get_by_text(client.display_name, exact=True)).to_have_count(0)
