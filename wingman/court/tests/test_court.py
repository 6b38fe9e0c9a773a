"""Court support: listing hearings (and the court-date task each adds), attendance logging the
court contact, the character reference, and results moving through the workflow."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from testing.helpers import date_boxes, sign_in
from wingman.accounts.choices import Role
from wingman.casework.choices import ContactType, TaskKind
from wingman.casework.models import Contact, Task
from wingman.core.errors import EditConflict, InvalidTransition, NotAllowed, ServiceError
from wingman.court import selectors, services
from wingman.court.choices import HearingResult, HearingStatus
from wingman.court.models import Hearing
from wingman.documents.choices import DocumentKind
from wingman.documents.samples import one_page_pdf


def today():
    return timezone.localdate()


def details(on, **changes):
    return {
        "court": "Camberwell Green Youth Court",
        "hearing_on": on,
        "charge": "Robbery",
        "stage": "sentencing",
    } | changes


def add(world, on=None, who=Role.CASEWORKER, client="own", **changes):
    hearing, _ = services.hearing_add(
        actor=world["users"][who],
        client=world["clients"][client],
        data=details(on or today(), **changes),
    )
    return hearing


def test_a_hearing_from_today_adds_a_court_date_task_for_the_clients_caseworker(world):
    hearing = add(world, on=today() + timedelta(days=3), who=Role.SENIOR_CASEWORKER)
    task = hearing.task
    assert task.kind == TaskKind.COURT_DATE
    assert task.due_on == hearing.hearing_on
    assert task.assigned_to == world["users"][Role.CASEWORKER]
    assert hearing.status == HearingStatus.LISTED
    assert hearing.journey == world["clients"]["own"].journeys.get()


def test_a_hearing_in_the_past_adds_no_task(world):
    assert add(world, on=today() - timedelta(days=1)).task is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"court": "  "}, "court"),
        ({"charge": ""}, "charge"),
        ({"stage": "verdict"}, "stage"),
        ({"hearing_on": None}, "hearing_on"),
        ({"hearing_on": today() + timedelta(days=365 * 6)}, "hearing_on"),
        ({"court": "x" * 151}, "court"),
    ],
)
def test_a_hearing_needs_a_court_charge_stage_and_a_date_within_range(world, changes, field):
    with pytest.raises(ServiceError) as refused:
        add(world, **changes)
    assert refused.value.field == field


def test_a_role_that_does_not_record_casework_cannot_list_a_hearing(world):
    with pytest.raises(NotAllowed):
        add(world, who=Role.SAFEGUARDING_LEAD)


def test_attending_logs_one_court_contact_through_casework(world):
    hearing = add(world)
    me = world["users"][Role.CASEWORKER]
    hearing = services.hearing_record_attendance(
        actor=me, hearing=hearing, attended=True, minutes=240, expected_version=hearing.version
    )
    contact = hearing.attendance_contact
    assert contact.contact_type == ContactType.COURT
    assert contact.minutes == 240
    assert contact.place == hearing.court
    assert contact.occurred_on == hearing.hearing_on
    services.hearing_record_attendance(
        actor=me, hearing=hearing, attended=True, minutes=60, expected_version=hearing.version
    )
    assert Contact.objects.filter(client=hearing.client, contact_type="court").count() == 1


def test_attendance_waits_for_the_day_and_minutes_need_someone_there(world):
    me = world["users"][Role.CASEWORKER]
    later = add(world, on=today() + timedelta(days=2))
    with pytest.raises(ServiceError):
        services.hearing_record_attendance(
            actor=me, hearing=later, attended=True, expected_version=later.version
        )
    now = add(world)
    with pytest.raises(ServiceError) as refused:
        services.hearing_record_attendance(
            actor=me, hearing=now, attended=False, minutes=30, expected_version=now.version
        )
    assert refused.value.field == "minutes"


def test_a_character_reference_is_written_and_its_letter_kept_as_a_document(world):
    hearing = add(world)
    letter = SimpleUploadedFile("letter.pdf", one_page_pdf(["He has changed."]))
    hearing = services.hearing_give_reference(
        actor=world["users"][Role.CASEWORKER],
        hearing=hearing,
        text="He now mentors younger children on his estate.",
        by="His caseworker",
        letter=letter,
        expected_version=hearing.version,
    )
    assert hearing.reference_text.startswith("He now mentors")
    document = hearing.reference_letter
    assert document.kind == DocumentKind.CHARACTER_REFERENCE
    assert document.client == hearing.client


def test_a_reference_from_an_old_version_is_refused_before_a_letter_is_kept(world):
    hearing = add(world)
    with pytest.raises(EditConflict):
        services.hearing_give_reference(
            actor=world["users"][Role.CASEWORKER],
            hearing=hearing,
            text="Text",
            by="",
            letter=SimpleUploadedFile("letter.pdf", one_page_pdf(["x"])),
            expected_version=hearing.version + 1,
        )
    assert not hearing.client.documents.exists()


def test_a_letter_from_another_clients_record_cannot_be_the_reference(world):
    mine = add(world)
    theirs = add(world, who=Role.MANAGER, client="same_team")
    theirs = services.hearing_give_reference(
        actor=world["users"][Role.MANAGER],
        hearing=theirs,
        text="",
        by="",
        letter=SimpleUploadedFile("l.pdf", one_page_pdf(["x"])),
        expected_version=theirs.version,
    )
    with pytest.raises(ServiceError) as refused:
        services.hearing_update(
            actor=world["users"][Role.MANAGER],
            hearing=mine,
            changes={"reference_letter": theirs.reference_letter},
            expected_version=mine.version,
        )
    assert refused.value.field == "reference_letter_id"


def test_a_community_order_needs_its_requirements_and_decides_the_hearing(world):
    hearing = add(world)
    me = world["users"][Role.CASEWORKER]
    with pytest.raises(ServiceError) as refused:
        services.hearing_record_result(
            actor=me, hearing=hearing, result="community_order", expected_version=hearing.version
        )
    assert refused.value.field == "requirements"
    hearing = services.hearing_record_result(
        actor=me,
        hearing=hearing,
        result=HearingResult.COMMUNITY_ORDER,
        requirements="12 months' supervision",
        expected_version=hearing.version,
    )
    assert hearing.status == HearingStatus.DECIDED
    assert hearing.result_words == ("Community sentence: 12 months' supervision")
    assert hearing.task.is_done
    with pytest.raises(InvalidTransition):
        services.hearing_record_result(
            actor=me, hearing=hearing, result="fine", expected_version=hearing.version
        )


def test_custody_needs_its_length_and_only_custody_takes_one(world):
    me = world["users"][Role.CASEWORKER]
    hearing = add(world)
    for result, months in (("custodial", None), ("custodial", 601), ("fine", 6)):
        with pytest.raises(ServiceError) as refused:
            services.hearing_record_result(
                actor=me,
                hearing=hearing,
                result=result,
                custody_months=months,
                expected_version=hearing.version,
            )
        assert refused.value.field == "custody_months"
    hearing = services.hearing_record_result(
        actor=me,
        hearing=hearing,
        result="custodial",
        custody_months=18,
        expected_version=hearing.version,
    )
    assert hearing.result_words == "Custodial sentence, 18 months"


def test_an_adjournment_lists_the_next_hearing_with_its_court_date_task(world):
    me = world["users"][Role.CASEWORKER]
    hearing = add(world)
    with pytest.raises(ServiceError) as refused:
        services.hearing_record_result(
            actor=me, hearing=hearing, result="adjourned", expected_version=hearing.version
        )
    assert refused.value.field == "next_on"
    with pytest.raises(ServiceError):
        services.hearing_record_result(
            actor=me,
            hearing=hearing,
            result="adjourned",
            next_on=today(),
            expected_version=hearing.version,
        )
    hearing = services.hearing_record_result(
        actor=me,
        hearing=hearing,
        result="adjourned",
        next_on=today() + timedelta(days=28),
        expected_version=hearing.version,
    )
    assert hearing.status == HearingStatus.ADJOURNED
    following = Hearing.objects.get(follows=hearing)
    assert following.status == HearingStatus.LISTED
    assert (following.court, following.charge, following.stage) == (
        hearing.court,
        hearing.charge,
        hearing.stage,
    )
    assert following.task.due_on == today() + timedelta(days=28)
    assert following.task.kind == TaskKind.COURT_DATE


def test_a_result_not_yet_known_can_come_in_later(world):
    me = world["users"][Role.CASEWORKER]
    hearing = add(world)
    hearing = services.hearing_record_result(
        actor=me, hearing=hearing, result="not_yet_known", expected_version=hearing.version
    )
    assert hearing.status == HearingStatus.AWAITING_RESULT
    hearing = services.hearing_record_result(
        actor=me, hearing=hearing, result="discharge", expected_version=hearing.version
    )
    assert hearing.status == HearingStatus.DECIDED


def test_a_result_waits_for_the_day_of_the_hearing(world):
    hearing = add(world, on=today() + timedelta(days=1))
    with pytest.raises(ServiceError) as refused:
        services.hearing_record_result(
            actor=world["users"][Role.CASEWORKER],
            hearing=hearing,
            result="fine",
            expected_version=hearing.version,
        )
    assert refused.value.field == "result"


def test_moving_a_listed_hearing_replaces_its_court_date_task(world):
    hearing = add(world, on=today() + timedelta(days=2))
    old = hearing.task
    hearing = services.hearing_update(
        actor=world["users"][Role.CASEWORKER],
        hearing=hearing,
        changes={"hearing_on": today() + timedelta(days=9)},
        expected_version=hearing.version,
    )
    old.refresh_from_db()
    assert old.is_done
    assert hearing.task.due_on == today() + timedelta(days=9)
    assert Task.objects.filter(client=hearing.client, kind="court_date").count() == 2


def test_the_home_page_shows_court_dates_this_fortnight_of_visible_clients_only(world):
    add(world, on=today() + timedelta(days=13))
    add(world, on=today() + timedelta(days=14))
    add(world, on=today() + timedelta(days=1), who=Role.MANAGER, client="other_team")
    shown = selectors.for_home(world["users"][Role.CASEWORKER], today=today())
    assert [h.hearing_on for h in shown["hearings"]] == [today() + timedelta(days=13)]
    assert shown["client_ids"] == [world["clients"]["own"].pk]


def test_the_friday_court_pages_work_end_to_end(world, client):
    me = world["users"][Role.CASEWORKER]
    own = world["clients"]["own"]
    sign_in(client, me)
    page = client.get(f"/clients/{own.pk}/court/new/").content.decode()
    token = page.split('name="form_token" value="')[1].split('"')[0]
    response = client.post(
        f"/clients/{own.pk}/court/new/",
        {
            "court": "Camberwell Green Youth Court",
            "charge": "Robbery",
            "stage": "sentencing",
            "form_token": token,
            **date_boxes("hearing_on", today()),
        },
    )
    assert response.status_code == 302
    hearing = Hearing.objects.get(client=own)
    url = f"/court/hearings/{hearing.pk}/"
    response = client.post(
        url + "reference/",
        {
            "reference_text": "He mentors younger children on his estate.",
            "reference_by": "His caseworker",
            "letter": SimpleUploadedFile("letter.pdf", one_page_pdf(["Reference"])),
            "version": hearing.version,
        },
    )
    assert response.status_code == 302, response.content.decode()
    hearing.refresh_from_db()
    response = client.post(
        url + "attendance/", {"attended": "yes", "minutes": "240", "version": hearing.version}
    )
    assert response.status_code == 302
    hearing.refresh_from_db()
    response = client.post(
        url + "result/",
        {"result": "community_order", "requirements": "Supervision", "version": hearing.version},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Community sentence: Supervision" in page
    assert "court contact, 240 minutes" in page
    record = client.get(f"/clients/{own.pk}/").content.decode()
    assert "Latest result" in record


def test_a_hearing_that_has_been_heard_cannot_move_into_the_future(world):
    me = world["users"][Role.CASEWORKER]
    hearing = add(world)
    hearing = services.hearing_record_result(
        actor=me, hearing=hearing, result="fine", expected_version=hearing.version
    )
    with pytest.raises(ServiceError) as refused:
        services.hearing_update(
            actor=me,
            hearing=hearing,
            changes={"hearing_on": today() + timedelta(days=1)},
            expected_version=hearing.version,
        )
    assert refused.value.field == "hearing_on"


def test_the_client_record_and_home_sections_ask_the_same_number_of_queries_however_many_hearings(
    world,
):
    me = world["users"][Role.CASEWORKER]
    own = world["clients"]["own"]

    def counted() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as record:
            selectors.for_client_record(me, own)
        with CaptureQueriesContext(connection) as home:
            selectors.for_home(me, today=today())
        return len(record), len(home)

    add(world, on=today() + timedelta(days=1))
    few = counted()
    for days in range(2, 12):
        add(world, on=today() + timedelta(days=days))
    assert counted() == few


def test_the_home_page_asks_the_same_number_of_queries_however_many_court_dates_it_shows(
    world, client
):
    sign_in(client, world["users"][Role.CASEWORKER])

    def counted() -> int:
        with CaptureQueriesContext(connection) as page:
            assert client.get("/").status_code == 200
        return len(page)

    add(world, on=today() + timedelta(days=1))
    few = counted()
    for days in range(2, 12):
        add(world, on=today() + timedelta(days=days))
    assert counted() == few
