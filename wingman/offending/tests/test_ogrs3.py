"""OGRS3 from the offence records matches the government implementation's own test vectors, and
is used only for cohorts: it never appears on a young person's page or API record."""

import re
from datetime import timedelta

import pytest

from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.api.tests.conftest import ApiClient
from wingman.casework.choices import Stage
from wingman.evaluation import reoffending as rule
from wingman.offending.models import Offence
from wingman.offending.selectors import as_rule_offence, cohort_rows

from .conftest import journey_with_history, record, today

# /work/shared/reference/ogrs3.md: male, age 20, violence, first sanction at 20.
VECTORS = [
    (1, 0.12161553504714574, 0.22130521140511314),
    (2, 0.3158120100020924, 0.48651769565917),
]


def twenty_year_old_with_sanctions(make_client, actor, sanctions):
    """A young man aged 20 at his sanctions and at the start of the work in the community."""
    start = today() - timedelta(days=30)
    born = start.replace(year=start.year - 20) - timedelta(days=100)
    client = make_client(date_of_birth=born, gender="male")
    journey_with_history(client, [("", Stage.COMMUNITY, start)])
    for n in range(sanctions):
        record(
            actor,
            client,
            committed_on=start - timedelta(days=80 - 20 * n),
            disposal_on=start - timedelta(days=70 - 20 * n),
            category="violence",
        )
    return client, born, start


@pytest.mark.parametrize(("sanctions", "p1", "p2"), VECTORS)
def test_ogrs3_from_the_offence_records_matches_the_reference_vectors(
    caseworker, make_client, sanctions, p1, p2
):
    client, born, start = twenty_year_old_with_sanctions(make_client, caseworker, sanctions)
    offences = [as_rule_offence(o) for o in Offence.objects.filter(client=client)]
    score = rule.ogrs3_from_record(sex="male", born_on=born, starts_on=start, offences=offences)
    assert (score.p1, score.p2) == (p1, p2)


def test_a_cohort_of_ten_shows_the_ogrs3_expected_rate_beside_the_observed(
    world, caseworker, make_client
):
    for _ in range(10):
        twenty_year_old_with_sanctions(make_client, caseworker, 1)
    rows = cohort_rows(world["users"][Role.MANAGER], today=today())
    adults = [r for r in rows if r.cohort == rule.ADULT and r.shown]
    assert len(adults) == 1
    expected = adults[0].expected
    assert expected is not None and expected.n == 10
    assert expected.expected_rate == pytest.approx(VECTORS[0][1], abs=1e-15)
    assert expected.observed_rate == 0


def ogrs3_texts(p1: float, p2: float) -> list[str]:
    return (
        [f"{p:.{digits}f}" for p in (p1, p2) for digits in (2, 3, 4)]
        + [f"{round(p * 100)}%" for p in (p1, p2)]
        + [f"{p * 100:.1f}%" for p in (p1, p2)]
    )


def test_ogrs3_never_appears_on_the_young_persons_pages(world, client, caseworker, make_client):
    person, _born, _start = twenty_year_old_with_sanctions(make_client, caseworker, 2)
    sign_in(client, caseworker)
    _sanctions, p1, p2 = VECTORS[1]
    for url in (f"/clients/{person.pk}/", f"/clients/{person.pk}/offending/"):
        page = client.get(url).content.decode()
        assert "Offending history" in page
        assert not re.search("ogrs", page, re.IGNORECASE), url
        for text in ogrs3_texts(p1, p2):
            assert text not in page, f"{url} shows {text}"


def test_ogrs3_never_appears_in_the_young_persons_api_records(world, caseworker, make_client):
    from wingman.accounts.models import ApiToken, hash_token

    person, _born, _start = twenty_year_old_with_sanctions(make_client, caseworker, 2)
    key = ApiToken.new_key()
    ApiToken.objects.create(user=caseworker, name="Test", key_hash=hash_token(key))
    api = ApiClient(key)
    _sanctions, p1, p2 = VECTORS[1]
    for path in ("", "/reoffending", "/offences"):
        response = api.call("get", f"/api/v1/clients/{person.pk}{path}", None)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert not re.search("ogrs|p1|p2|probabilit", body, re.IGNORECASE), path
        for text in ogrs3_texts(p1, p2):
            assert text not in body, f"{path} sends {text}"
