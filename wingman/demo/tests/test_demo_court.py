"""The demo service's documents and court support: files kept through the storage API, hearings
for the court work already recorded, the Friday story's hearing, and court dates coming up."""

from collections import Counter

import pytest
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from wingman.accounts.models import User
from wingman.court.choices import HearingResult, HearingStatus
from wingman.court.models import Hearing
from wingman.court.selectors import for_home
from wingman.demo.generator import build_demo
from wingman.documents.models import Document


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo(scale=0.06, seed=7)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    return None


def test_the_demo_keeps_a_handful_of_documents_each_stored_under_a_random_name(demo):
    documents = list(Document.objects.all())
    assert 3 <= len(documents) <= 10
    storage = storages["documents"]
    for document in documents:
        assert storage.exists(document.file.name)
        assert document.original_name not in document.file.name
        with storage.open(document.file.name) as stored:
            assert len(stored.read()) == document.size


def test_fridays_hearing_has_its_reference_written_and_its_letter_and_no_custody(demo):
    friday = Hearing.objects.select_related("reference_letter", "follows").get(
        reference_letter__isnull=False
    )
    assert friday.court == "Camberwell Green Youth Court"
    assert "mentors younger children" in friday.reference_text
    assert friday.reference_letter.kind == "character_reference"
    assert friday.result == HearingResult.COMMUNITY_ORDER
    assert friday.attended and friday.attendance_contact.contact_type == "court"
    assert friday.follows.status == HearingStatus.ADJOURNED


def test_results_are_spread_realistically_and_adjournments_lead_to_a_next_hearing(demo):
    results = Counter(
        Hearing.objects.filter(status=HearingStatus.DECIDED).values_list("result", flat=True)
    )
    assert results[HearingResult.COMMUNITY_ORDER] > results[HearingResult.CUSTODIAL] > 0
    adjourned = Hearing.objects.filter(status=HearingStatus.ADJOURNED)
    assert adjourned.exists()
    assert not adjourned.filter(next_hearing__isnull=True).exists()
    assert not Hearing.objects.filter(
        status=HearingStatus.LISTED, hearing_on__gt=timezone.localdate(), task__isnull=True
    ).exists()


def test_the_caseworker_has_court_dates_this_fortnight(demo):
    shown = for_home(User.objects.get(username="caseworker"), today=timezone.localdate())
    assert shown["hearings"]
