"""The reports API: the monthly report as data with hidden numbers as null, the issued reports,
and their files exactly as issued; a borough of another organisation is not found."""

import pytest

from testing.factories import BoroughFactory, OrganisationFactory
from wingman.accounts.choices import Role
from wingman.accounts.models import ApiToken, hash_token
from wingman.api.tests.conftest import ApiClient
from wingman.audit.models import AccessEvent
from wingman.reports.issuing import last_month, report_issue
from wingman.tests.rows import TODAY

pytestmark = pytest.mark.django_db

START, END = last_month(TODAY)
MONTH = f"{START:%Y-%m}"


def api_for(user):
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="Test", key_hash=hash_token(key))
    return ApiClient(key)


def test_the_monthly_report_as_data_with_hidden_numbers_as_null(world):
    manager = world["users"][Role.MANAGER]
    a, _ = world["boroughs"]
    response = api_for(manager).get(f"/api/v1/reports/boroughs/{a.pk}/monthly/{MONTH}")
    assert response.status_code == 200
    data = response.json()
    assert data["borough"] == "Borough A"
    assert data["period_start"] == str(START) and data["period_end"] == str(END)
    table = data["sections"][0]["tables"][0]
    assert table["rows"][-1][0] == "Total"
    # The world's few journeys are all small numbers: hidden, so null.
    cells = [
        cell
        for section in data["sections"]
        for shown in section["tables"]
        for _label, row in shown["rows"]
        for cell in row
    ]
    assert None in cells
    assert AccessEvent.objects.filter(
        actor=manager, kind=AccessEvent.Kind.EXPORT, object_type="accounts.borough"
    ).exists()


def test_a_borough_of_another_organisation_is_not_found(world):
    other = BoroughFactory(organisation=OrganisationFactory(name="Another Trust"))
    response = api_for(world["users"][Role.MANAGER]).get(
        f"/api/v1/reports/boroughs/{other.pk}/monthly/{MONTH}"
    )
    assert response.status_code == 404


def test_issued_files_come_back_exactly_as_issued_with_their_type(world):
    manager = world["users"][Role.MANAGER]
    a, _ = world["boroughs"]
    issued = report_issue(actor=manager, borough=a, funding_stream=None, start=START, end=END)
    api = api_for(manager)
    listed = api.get("/api/v1/reports/issued").json()
    assert [(r["id"], r["latest"], r["csv_sha256"]) for r in listed] == [
        (issued.pk, True, issued.csv_sha256)
    ]
    for fmt, kind in (("pdf", "application/pdf"), ("xlsx", "spreadsheetml"), ("csv", "text/csv")):
        response = api.get(f"/api/v1/reports/issued/{issued.pk}/{fmt}")
        assert response.status_code == 200
        assert kind in response["Content-Type"]
        assert response.content == issued.file(fmt)


def test_the_reports_are_in_the_openapi_document(world, client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/v1/reports/issued" in paths
    assert "/api/v1/reports/issued/{issued_id}/{fmt}" in paths
    assert "/api/v1/reports/boroughs/{borough_id}/monthly/{month}" in paths
