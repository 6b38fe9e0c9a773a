"""The concern pages: raising a concern from the client record, reading it, adding to its
chronology (never changing an entry), the lead's triage, referral and closing, the allegation
against staff that its subject never meets, and the Hide this page control."""

import re
from datetime import timedelta

import pytest
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from testing.factories import (
    BoroughFactory,
    ClientFactory,
    JourneyFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
)
from testing.helpers import date_boxes, sign_in
from wingman.accounts.choices import Role
from wingman.audit.models import AccessEvent, AuditEvent
from wingman.core.models import FormSubmission
from wingman.safeguarding.models import (
    Concern,
    Decision,
    Involved,
    Notification,
    StatutoryReferral,
)
from wingman.safeguarding.services import concerns

ACCOUNT = "Bruising on her arm. She said her boyfriend hit her."
OWN_WORDS = "He hit me when I said I was going to my mum's."


def today():
    return timezone.localdate()


def raise_form(**changes):
    return {
        "category": "domestic_abuse_victim",
        "place": "Her flat",
        "seen_and_heard": ACCOUNT,
        "own_words": OWN_WORDS,
        "action_taken": "Gave her the refuge number.",
        "happened_at": "",
        "form_token": FormSubmission.new_token(),
        **date_boxes("happened_on", today()),
    } | changes


def raise_one(world, who=Role.CASEWORKER, client="own", **values):
    concern, _ = concerns.concern_raise(
        actor=world["users"][who] if isinstance(who, str) else who,
        client=world["clients"][client] if isinstance(client, str) else client,
        values={
            "category": "domestic_abuse_victim",
            "happened_on": today(),
            "seen_and_heard": ACCOUNT,
            "own_words": OWN_WORDS,
        }
        | values,
    )
    return concern


def triage(world, concern, grade="amber"):
    return concerns.concern_triage(
        actor=world["users"][Role.SAFEGUARDING_LEAD],
        concern=concern,
        values={"grade": grade, "rationale": "Known to the police."},
    )


def new_url(world, client="own"):
    return reverse("safeguarding:concern-new", args=[world["clients"][client].pk])


# Raising a concern -----------------------------------------------------------------------------


def test_a_caseworker_raises_a_concern_in_her_own_words_and_reads_it_back(world, client):
    sign_in(client, world["users"][Role.CASEWORKER])
    response = client.post(new_url(world), raise_form())
    concern = Concern.objects.get()
    assert response["Location"] == reverse("safeguarding:concern", args=[concern.pk])
    entry = concern.entries.get()
    assert (entry.seen_and_heard, entry.own_words, entry.place) == (ACCOUNT, OWN_WORDS, "Her flat")
    page = client.get(response["Location"]).content.decode()
    assert "Your concern was sent to the safeguarding lead" in page
    assert "my mum&#x27;s" in page
    assert "Waiting for triage" in page


def test_the_raise_form_says_who_it_goes_to_and_that_it_cannot_be_changed(world, client):
    sign_in(client, world["users"][Role.CASEWORKER])
    page = client.get(new_url(world)).content.decode()
    assert "It goes to the safeguarding lead" in page
    assert "cannot be changed after you save it" in page
    assert "you will not be able to read it after you send it" in page  # an allegation
    assert 'href="#wm-quick-hide"' in page


def test_the_categories_are_grouped_under_headings_and_none_is_ticked(world, client):
    sign_in(client, world["users"][Role.CASEWORKER])
    page = client.get(new_url(world)).content.decode()
    headings = re.findall(r'<h3 class="govuk-heading-s[^"]*">([^<]+)</h3>', page)
    assert headings[:5] == [
        "Risk to self",
        "Risk from others",
        "Risk to others",
        "A child at risk",
        "About staff",
    ]
    category = page.split('name="category"', 1)[1].split("</fieldset>")[0]
    assert "checked" not in category


def test_someone_involved_is_one_of_the_clients_people_or_a_name_with_how(world, client):
    sign_in(client, world["users"][Role.CASEWORKER])
    response = client.post(
        new_url(world),
        raise_form(involved_1_name="Her boyfriend, Jay", involved_1_involvement="caused_harm"),
    )
    assert response.status_code == 302
    involved = Involved.objects.get()
    assert (involved.name, involved.involvement) == ("Her boyfriend, Jay", "caused_harm")
    page = client.post(new_url(world), raise_form(involved_2_name="Her sister")).content.decode()
    assert "Select how they are involved" in page
    assert Concern.objects.count() == 1


def test_an_allegation_needs_the_member_of_staff_and_nothing_else_names_one(world, client):
    sign_in(client, world["users"][Role.CASEWORKER])
    page = client.post(new_url(world), raise_form(category="staff_allegation")).content.decode()
    assert "Select the member of staff or volunteer the allegation is about" in page
    colleague = world["colleague"]
    page = client.post(new_url(world), raise_form(about_staff=str(colleague.pk))).content.decode()
    assert "Only an allegation against a member of staff" in page
    assert not Concern.objects.exists()


def test_a_volunteer_raises_a_concern_is_told_it_went_to_the_lead_and_cannot_read_it(world, client):
    volunteer = world["users"][Role.VOLUNTEER]
    theirs = ClientFactory(team=volunteer.team, caseworker=volunteer)
    JourneyFactory(client=theirs)
    sign_in(client, volunteer)
    url = reverse("safeguarding:concern-new", args=[theirs.pk])
    assert "you will not see it again" in client.get(url).content.decode()
    response = client.post(url, raise_form())
    assert response["Location"] == reverse("home:client", args=[theirs.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Your concern was sent to the safeguarding lead" in page
    assert "Raise a concern" in page
    assert ACCOUNT not in page
    concern = Concern.objects.get()
    assert client.get(reverse("safeguarding:concern", args=[concern.pk])).status_code == 403


def test_a_caseworker_raising_an_allegation_is_sent_back_to_the_client_record(world, client):
    sign_in(client, world["users"][Role.CASEWORKER])
    response = client.post(
        new_url(world),
        raise_form(category="staff_allegation", about_staff=str(world["colleague"].pk)),
    )
    assert response["Location"] == reverse("home:client", args=[world["clients"]["own"].pk])
    concern = Concern.objects.get()
    assert client.get(reverse("safeguarding:concern", args=[concern.pk])).status_code == 404


def test_sending_the_raise_form_twice_raises_one_concern(world, client):
    sign_in(client, world["users"][Role.CASEWORKER])
    form = raise_form()
    first = client.post(new_url(world), form)
    second = client.post(new_url(world), form)
    assert first["Location"] == second["Location"]
    assert Concern.objects.count() == 1


# The chronology is never changed ----------------------------------------------------------------


def safeguarding_patterns() -> list[URLPattern]:
    resolver = next(
        p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "safeguarding"
    )
    return list(resolver.url_patterns)


def test_no_page_changes_an_entry_there_is_no_url_for_one_entry():
    routes = [str(p.pattern) for p in safeguarding_patterns()]
    entry_routes = [r for r in routes if "entries" in r or "entry" in r]
    assert entry_routes == ["safeguarding/concerns/<int:pk>/entries/new/"]


def test_sending_the_entry_form_twice_adds_one_entry(world, client):
    concern = raise_one(world)
    sign_in(client, world["users"][Role.CASEWORKER])
    url = reverse("safeguarding:entry-new", args=[concern.pk])
    form = {
        "kind": "update",
        "seen_and_heard": "She has gone to her mum's.",
        "form_token": FormSubmission.new_token(),
    }
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302
    assert concern.entries.count() == 2
    assert concern.entries.get(kind="account").seen_and_heard == ACCOUNT


def test_a_correction_names_the_entry_it_corrects_which_stays_as_it_was(world, client):
    concern = raise_one(world)
    account = concern.entries.get()
    sign_in(client, world["users"][Role.CASEWORKER])
    url = reverse("safeguarding:entry-new", args=[concern.pk])
    page = client.post(
        url,
        {"kind": "correction", "seen_and_heard": "x", "form_token": FormSubmission.new_token()},
    ).content.decode()
    assert "Select the entry this corrects" in page
    client.post(
        url,
        {
            "kind": "correction",
            "corrects": str(account.pk),
            "seen_and_heard": "The bruising was on her left arm, not her right.",
            "form_token": FormSubmission.new_token(),
        },
    )
    correction = concern.entries.get(kind="correction")
    assert correction.corrects == account
    account.refresh_from_db()
    assert account.seen_and_heard == ACCOUNT
    page = client.get(reverse("safeguarding:concern", args=[concern.pk])).content.decode()
    assert "Corrects the concern raised of" in page


# The lead's pages ------------------------------------------------------------------------------


def test_the_lead_triages_refers_closes_and_reopens_through_the_pages(world, client):
    concern = raise_one(world)
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    sign_in(client, lead)
    page = client.get(reverse("safeguarding:triage", args=[concern.pk])).content.decode()
    assert "Red: action due by" in page and "Green: action due by" in page
    client.post(
        reverse("safeguarding:triage", args=[concern.pk]),
        {"grade": "red", "rationale": "He has a weapon."},
    )
    concern.refresh_from_db()
    assert (concern.status, concern.grade) == ("triaged", "red")
    client.post(
        reverse("safeguarding:referral-new", args=[concern.pk]),
        {
            "service": "marac",
            "reference": "MARAC 2231",
            "rationale": "High risk domestic abuse.",
            "form_token": FormSubmission.new_token(),
            **date_boxes("made_on", today()),
        },
    )
    referral = StatutoryReferral.objects.get(concern=concern)
    client.post(
        reverse("safeguarding:referral-edit", args=[referral.pk]),
        {
            "reference": "MARAC 2231",
            "feedback": "Safety plan agreed.",
            "version": referral.version,
            **date_boxes("feedback_on", today()),
        },
    )
    client.post(reverse("safeguarding:close", args=[concern.pk]), {"rationale": "Plan in place."})
    concern.refresh_from_db()
    assert concern.status == "closed"
    page = client.get(reverse("safeguarding:concern", args=[concern.pk])).content.decode()
    for words in ("MARAC 2231", "Safety plan agreed.", "Plan in place.", "He has a weapon."):
        assert words in page
    response = client.post(
        reverse("safeguarding:reopen", args=[concern.pk]), {"rationale": "She rang again."}
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.status == "triaged"
    again = client.post(
        reverse("safeguarding:reopen", args=[concern.pk]), {"rationale": "Twice."}
    ).content.decode()
    assert "Only a closed concern can be reopened" in again


def test_the_lead_links_and_unlinks_someone_and_the_unlinked_stay_marked(world, client):
    concern = raise_one(world)
    sign_in(client, world["users"][Role.SAFEGUARDING_LEAD])
    client.post(
        reverse("safeguarding:involved-new", args=[concern.pk]),
        {"name": "Her cousin", "involvement": "witness", "rationale": "Was there."},
    )
    link = Involved.objects.get()
    client.post(
        reverse("safeguarding:involved-unlink", args=[link.pk]), {"rationale": "Wrong cousin."}
    )
    page = client.get(reverse("safeguarding:concern", args=[concern.pk])).content.decode()
    assert "<s>Her cousin</s>" in page and "Unlinked" in page and "Wrong cousin." in page


def test_changing_the_details_keeps_the_reason_as_a_decision(world, client):
    concern = raise_one(world)
    sign_in(client, world["users"][Role.SAFEGUARDING_LEAD])
    response = client.post(
        reverse("safeguarding:details", args=[concern.pk]),
        {
            "category": "threats",
            "about_staff": "",
            "happened_at": "",
            "rationale": "It was threats, not abuse.",
            "version": concern.version,
            **date_boxes("happened_on", concern.happened_on),
        },
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.category == "threats"
    assert Decision.objects.get(concern=concern, kind="details").changed == "Changed: Category"


def test_a_manager_reads_an_allegation_about_a_colleague_and_acts_on_it(world, client):
    concern = raise_one(world, category="staff_allegation", about_staff_id=world["colleague"].pk)
    manager = world["users"][Role.MANAGER]
    sign_in(client, manager)
    page = client.get(reverse("safeguarding:concern", args=[concern.pk])).content.decode()
    assert ACCOUNT in page and "Triage" in page
    response = client.post(
        reverse("safeguarding:triage", args=[concern.pk]),
        {"grade": "amber", "rationale": "Suspended pending the LADO."},
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.triaged_by == manager


def test_a_manager_is_refused_and_logged_on_the_lead_pages_of_any_other_concern(world, client):
    concern = raise_one(world)
    manager = world["users"][Role.MANAGER]
    sign_in(client, manager)
    url = reverse("safeguarding:triage", args=[concern.pk])
    assert client.get(url).status_code == 403
    missing = reverse("safeguarding:triage", args=[concern.pk + 1000])
    assert client.get(missing).status_code == 403
    assert AccessEvent.objects.filter(actor=manager, kind="denied", path=url).count() == 1


# The subject of an allegation never meets it ---------------------------------------------------

SUBJECTS = [Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.MANAGER, Role.SAFEGUARDING_LEAD]


def concern_url_names() -> list[str]:
    """Every safeguarding URL about one concern, or a record of it."""
    return [
        f"safeguarding:{p.name}"
        for p in safeguarding_patterns()
        if str(p.pattern).startswith(
            ("safeguarding/concerns/", "safeguarding/involved/", "safeguarding/referrals/")
        )
    ]


def allegation_about(world, subject):
    """An allegation about `subject`, on a client they see, triaged and referred, with someone
    involved; overdue for action; and a notification for them."""
    own = world["clients"]["own"]
    concern, _ = concerns.concern_raise(
        actor=world["users"][Role.CASEWORKER]
        if subject.role != Role.CASEWORKER
        else world["users"][Role.SENIOR_CASEWORKER],
        client=own,
        values={
            "category": "staff_allegation",
            "about_staff_id": subject.pk,
            "happened_on": today(),
            "seen_and_heard": ACCOUNT,
        },
        involved=[{"name": "The client's sister", "involvement": "witness"}],
    )
    lead = (
        world["users"][Role.SAFEGUARDING_LEAD]
        if subject.role != Role.SAFEGUARDING_LEAD
        else world["users"][Role.MANAGER]
    )
    concerns.concern_triage(
        actor=lead, concern=concern, values={"grade": "red", "rationale": "Allegation."}
    )
    concerns.referral_make(
        actor=lead,
        concern=concern,
        values={"service": "lado", "made_on": today(), "rationale": "To the LADO."},
    )
    Concern.objects.filter(pk=concern.pk).update(
        action_taken_at=None, action_due_at=timezone.now() - timedelta(hours=1)
    )
    Notification.objects.create(recipient=subject, concern=concern, kind="concern_raised")
    return Concern.objects.get(pk=concern.pk)


def targets(concern, name):
    """The URL arguments of `name` for this concern, and for a record that does not exist."""
    if name == "safeguarding:involved-unlink":
        return concern.involved.get().pk, Involved.objects.order_by("-pk").first().pk + 1000
    if name == "safeguarding:referral-edit":
        return (
            concern.referrals.get().pk,
            StatutoryReferral.objects.order_by("-pk").first().pk + 1000,
        )
    return concern.pk, Concern.objects.order_by("-pk").first().pk + 1000


@pytest.mark.parametrize("role", SUBJECTS)
def test_the_subject_of_an_allegation_meets_it_nowhere(world, client, role):
    subject = world["users"][role]
    concern = allegation_about(world, subject)
    sign_in(client, subject)
    names = concern_url_names()
    assert len(names) == 11
    changes = AuditEvent.objects.filter(actor=subject).count()
    for name in names:
        real, missing = targets(concern, name)
        for method in ("get", "post"):
            send = getattr(client, method)
            answer = send(reverse(name, args=[real]))
            nothing = send(reverse(name, args=[missing]))
            where = f"{role} {method.upper()} {name}"
            assert answer.status_code == nothing.status_code, where
            assert answer.status_code in (403, 404, 405), where
            assert ACCOUNT.encode() not in answer.content, where
    assert AuditEvent.objects.filter(actor=subject).count() == changes
    for page in ("/", reverse("home:client", args=[concern.client_id])):
        html = client.get(page).content.decode()
        assert "An allegation against a member of staff or a volunteer" not in html, page
        assert reverse("safeguarding:concern", args=[concern.pk]) not in html, page
    for listing in ("", "?show=closed"):
        html = client.get(reverse("safeguarding:queue") + listing).content.decode()
        assert reverse("safeguarding:concern", args=[concern.pk]) not in html


# Hide this page --------------------------------------------------------------------------------


def test_every_safeguarding_page_offers_hide_this_page_first_after_the_skip_link(world, client):
    concern = raise_one(world)
    triage(world, concern)
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    concerns.referral_make(
        actor=lead,
        concern=concern,
        values={"service": "police", "made_on": today(), "rationale": "Threats."},
    )
    sign_in(client, lead)
    pages = [
        reverse("safeguarding:queue"),
        new_url(world),
        *(
            reverse(name, args=[targets(concern, name)[0]])
            for name in concern_url_names()
            if name != "safeguarding:involved-unlink"
        ),
    ]
    Involved.objects.create(
        concern=concern,
        name="Her cousin",
        involvement="witness",
        linked_by=world["users"][Role.SAFEGUARDING_LEAD],
    )
    pages.append(reverse("safeguarding:involved-unlink", args=[Involved.objects.get().pk]))
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        links = re.findall(r"<a [^>]*href=\"([^\"]+)\"", html)
        assert links[:2] == ["#main-content", "#wm-quick-hide"], url
        assert 'id="wm-quick-hide"' in html and 'href="#"' in html, url


def test_the_quick_hide_covers_the_screen_in_the_stylesheet():
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "wingman/static/wingman/wingman.css").read_text()
    rule = css.split(".wm-quick-hide:target", 1)[1].split("}", 1)[0]
    for part in ("position: fixed", "inset: 0", "background: #fff", "z-index"):
        assert part in rule


def test_opening_a_concern_marks_the_viewers_notifications_for_it_seen(world, client):
    concern = raise_one(world)
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    mine = Notification.objects.get(recipient=lead, concern=concern)
    sign_in(client, lead)
    client.get(reverse("safeguarding:concern", args=[concern.pk]))
    mine.refresh_from_db()
    assert mine.seen_at is not None


def test_a_staff_member_of_another_organisation_cannot_be_named(world, client):
    elsewhere = TeamFactory(borough=BoroughFactory(organisation=OrganisationFactory(name="Other")))
    stranger = UserFactory(role=Role.CASEWORKER, team=elsewhere)
    sign_in(client, world["users"][Role.CASEWORKER])
    page = client.post(
        new_url(world), raise_form(category="staff_allegation", about_staff=str(stranger.pk))
    ).content.decode()
    assert "Choose member of staff or volunteer it is about from the options" in page
    assert not Concern.objects.exists()
