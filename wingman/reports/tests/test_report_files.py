"""The report as PDF, workbook and CSV: each shows what the document says, and the same report
gives the same bytes."""

import csv
import io
import subprocess
from datetime import UTC, date, datetime

from openpyxl import load_workbook

from wingman.reports.document import Report, Section, Table
from wingman.reports.files import report_csv, report_pdf, report_xlsx
from wingman.reports.suppression import Preset, suppress


def a_report() -> Report:
    threshold = Preset.DEFAULT.value
    stages = Table.of_counts(
        "Journeys by stage",
        row_heading="Stage",
        row_labels=["Custody", "Community", "Sustainment"],
        columns=["Funded", "Unfunded"],
        published=suppress([[12, 2], [30, 9], [7, 6]], threshold),
        chart=True,
    )
    hours = Table(
        title="Hours of contact",
        row_heading="Work",
        columns=["Hours"],
        rows=[("Funded", [120.5]), ("Unfunded", [33.0])],
        unit="hours",
    )
    return Report(
        title="Borough A: monthly report",
        organisation="Way Out",
        borough="Borough A",
        funding_stream=None,
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
        generated_at=datetime(2026, 11, 1, 6, 0, tzinfo=UTC),
        threshold=threshold.name,
        sections=[Section("Journeys", [stages]), Section("Hours", [hours])],
        notes=[f"{threshold.name}, shown as [c]."],
    )


def grand_total(report: Report) -> int:
    total = report.sections[0].tables[0].rows[-1][1][-1]
    assert isinstance(total, int)
    return total


def test_the_pdf_shows_the_title_a_hidden_number_and_the_total(tmp_path):
    report = a_report()
    path = tmp_path / "report.pdf"
    path.write_bytes(report_pdf(report))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Borough A: monthly report" in text
    assert "[c]" in text
    assert str(grand_total(report)) in text
    assert "October 2026" in text


def test_the_workbook_has_a_cover_and_its_totals_are_numbers_equal_to_the_reports():
    report = a_report()
    book = load_workbook(io.BytesIO(report_xlsx(report)))
    assert book.sheetnames == ["About this report", "Journeys", "Hours"]
    cover = {row[0]: row[1] for row in book["About this report"].iter_rows(values_only=True)}
    assert cover["Small numbers"] == "Counts under 5 hidden, shown as [c]"
    rows = list(book["Journeys"].iter_rows(values_only=True))
    total_row = next(r for r in rows if r and r[0] == "Total")
    assert total_row[-1] == grand_total(report)
    assert isinstance(total_row[-1], int)
    assert any("[c]" in r for r in rows if r)
    hours = list(book["Hours"].iter_rows(values_only=True))
    assert ("Funded", 120.5) in hours
    assert book.properties.created == datetime(2026, 11, 1, 6, 0)
    assert book.properties.modified == datetime(2026, 11, 1, 6, 0)


def test_the_csv_is_tidy_with_hidden_numbers_as_c_and_a_byte_order_mark():
    data = report_csv(a_report())
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(rows[0]) == ["section", "table", "row", "column", "value", "unit"]
    assert {
        "section": "Journeys",
        "table": "Journeys by stage",
        "row": "Total",
        "column": "Total",
        "value": "66",
        "unit": "young people",
    } in rows
    assert any(r["value"] == "[c]" for r in rows)
    assert {"section": "Hours", "row": "Funded", "value": "120.5"}.items() <= rows[-2].items()


def test_the_same_report_gives_the_same_bytes_in_every_format():
    for render in (report_pdf, report_xlsx, report_csv):
        assert render(a_report()) == render(a_report()), render.__name__


def test_a_report_made_at_another_time_differs_only_where_it_says_when():
    later = a_report().__class__(
        **{**a_report().__dict__, "generated_at": datetime(2027, 1, 1, tzinfo=UTC)}
    )
    assert report_xlsx(later) != report_xlsx(a_report())
    assert report_csv(later) == report_csv(a_report())
