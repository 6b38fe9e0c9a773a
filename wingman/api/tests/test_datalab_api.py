"""The Justice Data Lab through the API: the same readiness and the same file as the pages."""

import csv
from datetime import timedelta
from io import StringIO

import pytest

from wingman.accounts.choices import Role
from wingman.audit.models import AccessEvent
from wingman.datalab.models import DataLabExport
from wingman.datalab.tests.test_datalab import FROM, TO, person

pytestmark = pytest.mark.django_db

V1 = "/api/v1/justice-data-lab"
CHOICE = f"?started_from={FROM.isoformat()}&started_to={TO.isoformat()}"


def test_readiness_as_data_names_the_clients_kept_out_by_id(world, api_as):
    unasked = person(world, consent=None)
    person(world)
    response = api_as(world["users"][Role.MANAGER]).get(f"{V1}/readiness{CHOICE}")
    assert response.status_code == 200
    body = response.json()
    assert (body["started"], body["eligible"], body["in_file"]) == (2, 2, 1)
    assert body["reaches_minimum"] is False
    assert body["words"] == "The Lab needs at least 60 people; this file would have 1 person."
    assert body["kept_out"] == {"consent not recorded": 1}
    assert body["dropped"] == [{"client_id": unasked.pk, "reasons": ["consent not recorded"]}]


def test_the_file_through_the_api_is_the_labs_csv_and_is_audited(world, api_as):
    people = [person(world) for _ in range(60)]
    senior = world["users"][Role.SENIOR_CASEWORKER]
    response = api_as(senior).get(f"{V1}/file{CHOICE}")
    assert response.status_code == 200
    rows = list(csv.reader(StringIO(response.content.decode())))
    assert rows[0][:5] == ["Surname", "Forename", "Date of Birth", "Gender", "Index Date"]
    assert len(rows) == 61
    export = DataLabExport.objects.get()
    listed = AccessEvent.objects.filter(
        actor=senior, kind=AccessEvent.Kind.EXPORT, object_type="people.client"
    )
    assert set(listed.values_list("client_id", flat=True)) == {c.pk for c in people}
    assert export.people == 60


def test_below_60_the_api_refuses_the_file_in_the_same_words(world, api_as):
    person(world)
    response = api_as(world["users"][Role.MANAGER]).get(f"{V1}/file{CHOICE}")
    assert response.status_code == 422
    assert "this file would have 1 person" in response.json()["detail"]
    assert not DataLabExport.objects.exists()


def test_a_last_start_date_before_the_first_is_refused(world, api_as):
    later = (FROM + timedelta(days=10)).isoformat()
    response = api_as(world["users"][Role.MANAGER]).get(
        f"{V1}/readiness?started_from={later}&started_to={FROM.isoformat()}"
    )
    assert response.status_code == 422
