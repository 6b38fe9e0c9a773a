from datetime import timedelta

from django.utils import timezone

from testing.helpers import date_boxes
from wingman.accounts.choices import Role
from wingman.audit.models import AccessEvent
from wingman.casework import services
from wingman.casework.choices import ChecklistItem, ChecklistStatus, Stage
from wingman.casework.models import ChecklistEntry, StageChange


def today():
    return timezone.localdate()


def test_the_journey_page_shows_stage_funding_custody_and_history(as_caseworker, journey):
    journey.unfunded_reason = "No stream covers young women leaving a gang"
    journey.establishment = "HMP Rochester"
    journey.save()
    response = as_caseworker.get(f"/journeys/{journey.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "In the community" in page and "In this stage since" in page
    assert "Unfunded" in page and "No stream covers young women" in page
    assert "HMP Rochester" in page
    assert f"/journeys/{journey.pk}/move/" in page and f"/journeys/{journey.pk}/custody/" in page
    assert AccessEvent.objects.filter(
        kind=AccessEvent.Kind.VIEW, object_type="casework.journey", object_id=str(journey.pk)
    ).exists()


def test_returns_404_for_a_journey_of_a_client_in_another_team(world, as_caseworker):
    other = world["clients"]["other_team"].journeys.get()
    response = as_caseworker.get(f"/journeys/{other.pk}/")
    assert response.status_code == 404
    assert AccessEvent.objects.filter(
        kind=AccessEvent.Kind.DENIED, object_type="casework.journey", object_id=str(other.pk)
    ).exists()


def test_a_funder_is_refused_the_journey_page(world, sign_in, journey):
    client = sign_in(world["users"][Role.FUNDER])
    assert client.get(f"/journeys/{journey.pk}/").status_code == 403


def test_the_move_page_offers_only_the_allowed_next_stages(as_caseworker, journey):
    page = as_caseworker.get(f"/journeys/{journey.pk}/move/").content.decode()
    assert 'value="sustainment"' in page and 'value="in_custody"' in page
    assert 'value="closed"' in page and 'value="release_day"' not in page
    assert f'name="on_day" type="text" inputmode="numeric" value="{today().day}"' in page


def test_moving_the_journey_redirects_to_it_with_a_success_message(as_caseworker, journey):
    on = today() - timedelta(days=1)
    response = as_caseworker.post(
        f"/journeys/{journey.pk}/move/",
        {"to": Stage.SUSTAINMENT, **date_boxes("on", on), "from_stage": Stage.COMMUNITY},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/journeys/{journey.pk}/"
    assert "Journey moved to sustainment" in response.content.decode()
    journey.refresh_from_db()
    assert journey.stage == Stage.SUSTAINMENT and journey.stage_since == on


def test_closing_without_a_reason_shows_the_error_on_the_form(as_caseworker, journey):
    response = as_caseworker.post(
        f"/journeys/{journey.pk}/move/",
        {"to": Stage.CLOSED, **date_boxes("on", today()), "from_stage": Stage.COMMUNITY},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "Choose why the journey is closing" in page
    journey.refresh_from_db()
    assert journey.stage == Stage.COMMUNITY


def test_a_move_dated_in_the_future_is_refused_on_the_form(as_caseworker, journey):
    response = as_caseworker.post(
        f"/journeys/{journey.pk}/move/",
        {
            "to": Stage.SUSTAINMENT,
            **date_boxes("on", today() + timedelta(days=1)),
            "from_stage": Stage.COMMUNITY,
        },
    )
    assert "Date of the move must be today or in the past" in response.content.decode()
    assert not StageChange.objects.exists()


def test_a_move_from_a_page_opened_before_someone_else_moved_it_is_not_applied(
    as_caseworker, caseworker, journey
):
    services.journey_move(actor=caseworker, journey=journey, to=Stage.SUSTAINMENT, on=today())
    response = as_caseworker.post(
        f"/journeys/{journey.pk}/move/",
        {"to": Stage.IN_CUSTODY, **date_boxes("on", today()), "from_stage": Stage.COMMUNITY},
    )
    assert response.status_code == 200
    assert "Someone else has moved this journey to sustainment" in response.content.decode()
    journey.refresh_from_db()
    assert journey.stage == Stage.SUSTAINMENT


def test_a_closed_journey_offers_to_re_open_and_keeps_the_closure_in_the_history(
    as_caseworker, caseworker, journey
):
    services.journey_move(
        actor=caseworker,
        journey=journey,
        to=Stage.CLOSED,
        on=today() - timedelta(days=1),
        closure_reason="disengaged",
    )
    form = as_caseworker.get(f"/journeys/{journey.pk}/move/").content.decode()
    assert "Re-open: in custody" in form and "Re-open: in the community" in form
    as_caseworker.post(
        f"/journeys/{journey.pk}/move/",
        {"to": Stage.COMMUNITY, **date_boxes("on", today()), "from_stage": Stage.CLOSED},
    )
    page = as_caseworker.get(f"/journeys/{journey.pk}/").content.decode()
    assert "Re-opened" in page and "Closed</strong> from in the community" in page


def test_custody_details_are_saved(as_caseworker, journey):
    release = today() + timedelta(days=10)
    response = as_caseworker.post(
        f"/journeys/{journey.pk}/custody/",
        {
            "establishment": "HMP Rochester",
            **date_boxes("expected_release_date", release),
            "version": journey.version,
        },
    )
    assert response.status_code == 302
    journey.refresh_from_db()
    assert journey.establishment == "HMP Rochester" and journey.expected_release_date == release


def test_custody_saved_on_a_stale_version_shows_both_versions_with_409(
    as_caseworker, caseworker, journey
):
    opened_at = journey.version
    services.journey_update_custody(
        actor=caseworker,
        journey=journey,
        changes={"establishment": "HMP Rochester"},
        expected_version=opened_at,
    )
    response = as_caseworker.post(
        f"/journeys/{journey.pk}/custody/",
        {"establishment": "HMYOI Feltham", "version": opened_at},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "HMP Rochester" in page and "HMYOI Feltham" in page
    assert f'name="version" value="{opened_at + 1}"' in page
    journey.refresh_from_db()
    assert journey.establishment == "HMP Rochester"


def release_day(caseworker, journey):
    services.journey_move(
        actor=caseworker, journey=journey, to=Stage.IN_CUSTODY, on=today() - timedelta(days=1)
    )
    services.journey_move(actor=caseworker, journey=journey, to=Stage.RELEASE_DAY, on=today())


def test_the_journey_page_shows_the_release_day_checklist(as_caseworker, caseworker, journey):
    release_day(caseworker, journey)
    services.checklist_set(
        actor=caseworker, journey=journey, item=ChecklistItem.MET_AT_GATE, status="done"
    )
    page = as_caseworker.get(f"/journeys/{journey.pk}/").content.decode()
    assert "Release-day checklist" in page and "Met at the gate" in page
    assert f"By {caseworker}" in page
    assert 'hx-post="/journeys/' in page


def test_a_checklist_item_posted_without_javascript_returns_to_the_journey(
    as_caseworker, caseworker, journey
):
    release_day(caseworker, journey)
    url = f"/journeys/{journey.pk}/checklist/{ChecklistItem.GP}/"
    response = as_caseworker.post(url, {"gp-status": "not_needed", "gp-note": "Has a GP"})
    assert response.status_code == 302
    assert response["Location"] == f"/journeys/{journey.pk}/#checklist-gp"
    entry = ChecklistEntry.objects.get(journey=journey, item=ChecklistItem.GP)
    assert entry.status == ChecklistStatus.NOT_NEEDED and entry.updated_by == caseworker


def test_a_checklist_item_posted_with_htmx_returns_its_row(as_caseworker, caseworker, journey):
    release_day(caseworker, journey)
    url = f"/journeys/{journey.pk}/checklist/{ChecklistItem.PHONE}/"
    response = as_caseworker.post(
        url, {"phone-status": "done", "phone-note": "Bought a phone"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    row = response.content.decode()
    assert row.lstrip().startswith('<div class="wm-checklist-item')
    assert 'id="checklist-phone"' in row and "Bought a phone" in row and "Saved" in row
    assert "<html" not in row


def test_a_checklist_item_with_no_status_shows_the_error(as_caseworker, caseworker, journey):
    release_day(caseworker, journey)
    url = f"/journeys/{journey.pk}/checklist/{ChecklistItem.ID}/"
    response = as_caseworker.post(url, {"id-note": "x"})
    assert response.status_code == 200
    assert "Choose done, not needed or outstanding" in response.content.decode()


def test_the_checklist_item_page_renders_and_unknown_items_are_404(as_caseworker, journey):
    url = f"/journeys/{journey.pk}/checklist/{ChecklistItem.BANK_ACCOUNT}/"
    assert as_caseworker.get(url).status_code == 200
    assert as_caseworker.get(f"/journeys/{journey.pk}/checklist/nonsense/").status_code == 404


def test_saving_an_item_with_htmx_updates_the_count_out_of_band(as_caseworker, caseworker, journey):
    release_day(caseworker, journey)
    services.checklist_set(
        actor=caseworker, journey=journey, item=ChecklistItem.MET_AT_GATE, status="done"
    )
    url = f"/journeys/{journey.pk}/checklist/{ChecklistItem.GP}/"
    response = as_caseworker.post(url, {"gp-status": "not_needed"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    count = page[page.index('id="checklist-count"') - 30 :]
    assert 'hx-swap-oob="innerHTML"' in count
    assert "2 of 9 done or not needed." in count
    assert page.count('id="checklist-count"') == 1


def test_an_htmx_save_refused_on_the_form_leaves_the_count_alone(
    as_caseworker, caseworker, journey
):
    release_day(caseworker, journey)
    url = f"/journeys/{journey.pk}/checklist/{ChecklistItem.GP}/"
    response = as_caseworker.post(url, {"gp-note": "no status"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "Choose done, not needed or outstanding" in page
    assert "checklist-count" not in page


def test_the_journey_page_counts_the_items_done_once(as_caseworker, caseworker, journey):
    release_day(caseworker, journey)
    for item in (ChecklistItem.MET_AT_GATE, ChecklistItem.PHONE):
        services.checklist_set(actor=caseworker, journey=journey, item=item, status="done")
    page = as_caseworker.get(f"/journeys/{journey.pk}/").content.decode()
    assert page.count('id="checklist-count"') == 1
    assert "2 of 9 done or not needed." in page
    assert "hx-swap-oob" not in page


def test_the_journey_page_shows_the_actual_release_date_beside_the_expected_one(
    as_caseworker, caseworker, journey
):
    from wingman.core.dates import when

    expected = today() + timedelta(days=10)
    journey.expected_release_date = expected
    journey.save()
    release_day(caseworker, journey)
    page = as_caseworker.get(f"/journeys/{journey.pk}/").content.decode()
    assert "Expected release date" in page and when(expected) in page
    actual = page[page.index("Actual release date") :]
    assert when(today()) in actual[:200]
