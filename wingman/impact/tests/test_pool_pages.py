"""A comparison pool is uploaded, its columns chosen (guessed first) and imported through pages,
all rows or none; the upload is its uploader's only. The start form's filters narrow the
clients evaluated; sent twice, it starts one run."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from testing.factories import FundingStreamFactory, UserFactory
from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.casework.models import Journey
from wingman.impact import services
from wingman.impact.models import ComparisonPerson, ComparisonPool, EvaluationRun, PoolUpload
from wingman.impact.tests.test_evaluation_runs import make_treated, manager, pool_csv, team
from wingman.tests.rows import form_token

pytestmark = pytest.mark.django_db

__all__ = ["manager", "team"]


def upload(http, content, name="extract.csv"):
    return http.post(
        reverse("impact:pool_new"),
        {
            "file": SimpleUploadedFile(name, content, content_type="text/csv"),
            "name": "Partner extract",
            "source": "Partner's extract",
        },
    )


@pytest.fixture
def http(client, manager):
    sign_in(client, manager)
    return client


def guessed(http, response):
    assert response.status_code == 302, response.content[:500]
    page = http.get(response["Location"])
    return page, page.context["form"].initial


def test_a_good_file_imports_with_the_guessed_mapping(http, manager):
    response = upload(http, pool_csv(25))
    page, initial = guessed(http, response)
    assert initial["reoffended"] == "Reoffended" and initial["identifier"] == "ref"
    assert b"Not in this file" in page.content
    done = http.post(response["Location"], {k: v for k, v in initial.items()})
    pool = ComparisonPool.objects.get()
    assert done["Location"] == reverse("impact:pool", args=[pool.pk])
    assert pool.row_count == 25 and pool.mapping == initial
    assert not PoolUpload.objects.exists()
    shown = http.get(done["Location"]).content.decode()
    assert pool.sha256 in shown and "Partner&#x27;s extract" in shown and "P0" not in shown
    listed = http.get(reverse("impact:runs")).content.decode()
    assert reverse("impact:pool", args=[pool.pk]) in listed


def test_a_changed_mapping_is_used(http):
    content = b"ref,Reoffended,Age,Sex,Sanctions,age_first_sanction,age_current_sanction,other\n"
    content += b"P1,1,19,M,2,15,18,0\nP2,0,21,F,3,16,20,0\n"
    response = upload(http, content)
    _, initial = guessed(http, response)
    mapping = {**initial, "reoffended": "other"}
    http.post(response["Location"], mapping)
    pool = ComparisonPool.objects.get()
    assert pool.mapping["reoffended"] == "other"
    assert not ComparisonPerson.objects.filter(pool=pool, reoffended=True).exists()


def test_bad_rows_show_their_errors_and_nothing_is_imported(http):
    lines = pool_csv(80).decode().splitlines()
    for n in range(1, 61):
        parts = lines[n].split(",")
        parts[2] = "old"
        lines[n] = ",".join(parts)
    response = upload(http, "\n".join(lines).encode())
    _, initial = guessed(http, response)
    page = http.post(response["Location"], initial)
    assert page.status_code == 200
    shown = page.content.decode()
    assert "govuk-error-summary" in shown
    assert "Row 2, age: &#x27;old&#x27; is not a whole number" in shown
    assert "Row 51, age:" in shown and "Row 52, age:" not in shown
    assert "and 10 more" in shown
    assert not ComparisonPool.objects.exists() and not ComparisonPerson.objects.exists()
    assert PoolUpload.objects.exists()


def test_a_file_that_is_not_text_is_refused_with_a_message(http):
    page = upload(http, b"\x89PNG\r\n\x1a\n\0\0\0", name="picture.csv")
    assert page.status_code == 200
    assert "The file must be a text CSV file." in page.content.decode()
    assert not PoolUpload.objects.exists()


def test_only_the_uploader_reaches_their_upload(http, client, team):
    response = upload(http, pool_csv(5))
    url = response["Location"]
    other = UserFactory(role=Role.MANAGER, team=team)
    sign_in(client, other)
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
    assert PoolUpload.objects.count() == 1


def test_the_filters_narrow_the_clients_evaluated(http, team, manager):
    make_treated(team, manager, 8)
    stream = FundingStreamFactory(borough=team.borough)
    journeys = list(Journey.objects.order_by("opened_on"))
    for journey in journeys[:3]:
        journey.funding_stream = stream
        journey.save(update_fields=["funding_stream"])

    def evaluated(**filters):
        response = http.post(
            reverse("impact:runs"), {"pool": "", "ratio": "1", **form_token(), **filters}
        )
        assert response.status_code == 302, response.content[:800]
        return len(EvaluationRun.objects.latest("pk").treated_rows)

    assert evaluated() == 8
    assert evaluated(stream=str(stream.pk)) == 3
    assert evaluated(borough=str(team.borough_id)) == 3
    cut = journeys[5].opened_on
    assert evaluated(
        **{
            "opened_from_day": str(cut.day),
            "opened_from_month": str(cut.month),
            "opened_from_year": str(cut.year),
        }
    ) == len([j for j in journeys if j.opened_on >= cut])
    assert evaluated(
        **{
            "opened_to_day": str(cut.day),
            "opened_to_month": str(cut.month),
            "opened_to_year": str(cut.year),
        }
    ) == len([j for j in journeys if j.opened_on <= cut])


def test_the_run_form_sent_twice_starts_one_run(http, team, manager):
    make_treated(team, manager, 3)
    sent = {"pool": "", "ratio": "1", **form_token()}
    places = {http.post(reverse("impact:runs"), sent)["Location"] for _ in range(2)}
    run = EvaluationRun.objects.get()
    assert places == {reverse("background:job", args=[run.job_id])}
    # The same form changed to another ratio is refused, and starts nothing.
    response = http.post(reverse("impact:runs"), {**sent, "ratio": "2"})
    assert response.status_code == 200
    assert EvaluationRun.objects.count() == 1


def test_a_run_form_without_its_token_is_refused_and_starts_nothing(http, team, manager):
    make_treated(team, manager, 3)
    response = http.post(reverse("impact:runs"), {"pool": "", "ratio": "1"})
    assert response.status_code == 200
    assert "This form is out of date" in response.content.decode()
    assert not EvaluationRun.objects.exists()


def test_run_again_sent_twice_starts_one_more_run(http, team, manager):
    make_treated(team, manager, 3)
    first = services.run_start(actor=manager, pool=None, today=timezone.localdate())
    page = http.get(reverse("impact:run", args=[first.pk])).content.decode()
    assert 'name="form_token"' in page
    sent = form_token()
    places = {
        http.post(reverse("impact:run_again", args=[first.pk]), sent)["Location"] for _ in "ab"
    }
    assert EvaluationRun.objects.count() == 2
    again = EvaluationRun.objects.exclude(pk=first.pk).get()
    assert places == {reverse("background:job", args=[again.job_id])}
    # The same token sent to run another evaluation again is refused, and starts nothing.
    other = services.run_start(actor=manager, pool=None, today=timezone.localdate())
    response = http.post(reverse("impact:run_again", args=[other.pk]), sent)
    assert response.status_code == 200
    assert EvaluationRun.objects.count() == 3


def test_run_again_without_its_token_is_refused_and_starts_nothing(http, team, manager):
    make_treated(team, manager, 3)
    first = services.run_start(actor=manager, pool=None, today=timezone.localdate())
    response = http.post(reverse("impact:run_again", args=[first.pk]), {})
    assert response.status_code == 200
    assert "This form is out of date" in response.content.decode()
    assert EvaluationRun.objects.count() == 1
