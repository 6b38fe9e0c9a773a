"""The demo service's court support: a hearing for every court contact and court-date task the
casework already holds, with results in realistic shares (most young people supported through
court get a community sentence or are adjourned on the way; a minority go into custody), a few
court dates coming up for clients in the community, and Friday's hearing: the character
reference written and its letter uploaded, no custodial sentence."""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from wingman.accounts.models import User
from wingman.casework.choices import ContactType, Stage, TaskKind
from wingman.casework.models import Contact, Journey, Task
from wingman.court.choices import RESULT_STATUS, HearingResult, HearingStage, HearingStatus
from wingman.court.models import Hearing
from wingman.documents.choices import DocumentKind, FileType
from wingman.documents.models import Document
from wingman.documents.samples import one_page_pdf
from wingman.people.models import Client

from .documents import save_document
from .words import COURTS

K = 17
FRIDAY_COURT = "Camberwell Green Youth Court"
FRIDAY_NOTE = "Court as his character reference"
CHARGES = [
    ("Robbery", 18),
    ("Possession of a class A drug with intent to supply", 16),
    ("Possession of a bladed article in a public place", 14),
    ("Burglary", 10),
    ("Assault occasioning actual bodily harm", 10),
    ("Theft", 9),
    ("Affray", 7),
    ("Possession of cannabis", 6),
    ("Breach of a youth rehabilitation order", 6),
    ("Criminal damage", 4),
]
STAGES = [
    (HearingStage.FIRST_APPEARANCE, 30),
    (HearingStage.PLEA, 22),
    (HearingStage.TRIAL, 10),
    (HearingStage.SENTENCING, 30),
    (HearingStage.APPEAL, 3),
    (HearingStage.OTHER, 5),
]
# What a hearing the caseworker went to ended in, by stage: early hearings are mostly adjourned,
# sentencing hearings mostly end in a community sentence.
RESULTS: dict[str, list[tuple[str, float]]] = {
    "early": [
        (HearingResult.ADJOURNED, 62),
        (HearingResult.NOT_GUILTY, 8),
        (HearingResult.COMMUNITY_ORDER, 12),
        (HearingResult.DISCHARGE, 6),
        (HearingResult.FINE, 4),
        (HearingResult.CUSTODIAL, 3),
        (HearingResult.NOT_YET_KNOWN, 5),
    ],
    "late": [
        (HearingResult.COMMUNITY_ORDER, 44),
        (HearingResult.CUSTODIAL, 14),
        (HearingResult.DISCHARGE, 12),
        (HearingResult.FINE, 10),
        (HearingResult.NOT_GUILTY, 8),
        (HearingResult.ADJOURNED, 9),
        (HearingResult.NOT_YET_KNOWN, 3),
    ],
}
REQUIREMENTS = [
    "Youth rehabilitation order, 12 months: supervision and an activity requirement",
    "Youth rehabilitation order, 9 months: supervision and a curfew",
    "Community order, 12 months: 80 hours of unpaid work",
    "Community order, 18 months: rehabilitation activity and drug rehabilitation",
    "Referral order, 6 months: a youth offender panel contract",
]
CUSTODY_MONTHS = [(4, 20), (6, 22), (8, 14), (12, 18), (18, 12), (24, 9), (36, 5)]
REFERENCES = [
    "{first} keeps every appointment with us and has started a course. The offence does not "
    "show who {first} is now.",
    "I have known {first} for some months. {first} has cut contact with the older group and "
    "spends evenings at the youth club, helping with the younger ones.",
    "{first} has been honest with me about what happened, has since found work and stays away "
    "from the estate where the trouble was.",
]
UPCOMING_SHARE = 0.08
# The demo caseworker's own clients with a court date this fortnight.
OWN_UPCOMING = 2
REFERENCE_SHARE = 0.3


def _pick(rng: random.Random, pairs: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([v for v, _ in pairs], weights=[w for _, w in pairs])[0]


@dataclass
class Day:
    """One day in court for a client, from the casework already there (ids only, so that a demo
    of tens of thousands of journeys holds no records in memory)."""

    client_id: int
    journey_id: int | None
    on: date
    court: str
    by_id: int
    contact_id: int | None = None
    task: Any = None
    task_id: int | None = None


def _court_of(title: str) -> str:
    return title.split(" at ", 1)[1] if " at " in title else COURTS[0]


def _days(skip: tuple[int, date] | None) -> list[Day]:
    """Every court contact and court-date task, a day per client and date."""
    days: dict[tuple[int, date], Day] = {}
    contacts = (
        Contact.objects.filter(contact_type=ContactType.COURT)
        .order_by("id")
        .values_list("id", "client_id", "journey_id", "occurred_on", "place", "author_id")
    )
    for pk, client_id, journey_id, on, place, author_id in contacts.iterator(chunk_size=2000):
        if (client_id, on) != skip:
            days.setdefault(
                (client_id, on),
                Day(client_id, journey_id, on, place or COURTS[0], author_id, contact_id=pk),
            )
    tasks = (
        Task.objects.filter(kind=TaskKind.COURT_DATE)
        .order_by("id")
        .values_list("id", "client_id", "journey_id", "due_on", "title", "created_by_id")
    )
    for pk, client_id, journey_id, on, title, by_id in tasks.iterator(chunk_size=2000):
        if (client_id, on) == skip:
            continue
        day = days.setdefault(
            (client_id, on), Day(client_id, journey_id, on, _court_of(title), by_id)
        )
        if day.task_id is None:
            day.task_id = pk
    return sorted(days.values(), key=lambda d: (d.on, d.client_id))


class CourtBuilder:
    def __init__(self, builder: Any) -> None:
        self.b = builder
        self.rng = random.Random(builder.seed * 1000 + K)
        self.today: date = builder.today
        self.hearings: list[Hearing] = []
        self.next_of: dict[int, tuple[Day, date]] = {}
        self.tasks: list[Task] = []
        # client id -> (first name, name, caseworker id); staff id -> name.
        self.people = {
            pk: (preferred or given, f"{preferred or given} {family}".strip(), caseworker_id)
            for pk, preferred, given, family, caseworker_id in Client.objects.values_list(
                "id", "preferred_name", "given_name", "family_name", "caseworker_id"
            ).iterator(chunk_size=2000)
        }
        self.staff = {
            pk: f"{first} {last}".strip() or username
            for pk, first, last, username in User.objects.values_list(
                "id", "first_name", "last_name", "username"
            )
        }

    def hearing(self, day: Day, *, stage: str, charge: str) -> Hearing:
        b, rng = self.b, self.rng
        created = b.at(day.on - timedelta(days=rng.randint(7, 28)), 10)
        hearing = Hearing(
            client_id=day.client_id,
            journey_id=day.journey_id,
            court=day.court,
            hearing_on=day.on,
            charge=charge,
            stage=stage,
            created_by_id=day.by_id,
            created_at=created,
            updated_at=created,
        )
        if day.task is not None:
            hearing.task = day.task
        else:
            hearing.task_id = day.task_id
        if day.on > self.today:
            return hearing
        if day.contact_id is not None:
            hearing.attended = True
            hearing.attendance_contact_id = day.contact_id
            if rng.random() < REFERENCE_SHARE:
                hearing.reference_text = rng.choice(REFERENCES).format(
                    first=self.people[day.client_id][0]
                )
                hearing.reference_by = f"{self.staff[day.by_id]}, caseworker"
        elif day.on < self.today - timedelta(days=2):
            hearing.attended = rng.random() < 0.25
        if day.contact_id is None and day.on >= self.today - timedelta(days=7):
            return hearing  # not recorded yet: a hearing of the last few days still listed
        early = stage in (HearingStage.FIRST_APPEARANCE, HearingStage.PLEA)
        result = _pick(rng, RESULTS["early" if early else "late"])
        self.decide(hearing, result)
        if result == HearingResult.ADJOURNED:
            self.next_of[id(hearing)] = (day, day.on + timedelta(days=rng.randint(14, 42)))
        return hearing

    def decide(self, hearing: Hearing, result: str) -> None:
        rng = self.rng
        hearing.result = result
        hearing.status = RESULT_STATUS[result]
        hearing.result_recorded_by_id = hearing.created_by_id
        hearing.version = 2
        hearing.updated_at = self.b.at(hearing.hearing_on, 17)
        if result == HearingResult.CUSTODIAL:
            hearing.custody_months = _pick(rng, CUSTODY_MONTHS)
        elif result == HearingResult.COMMUNITY_ORDER:
            hearing.requirements = rng.choice(REQUIREMENTS)

    def next_stage(self, stage: str) -> str:
        if stage == HearingStage.FIRST_APPEARANCE:
            return HearingStage.PLEA
        if stage == HearingStage.PLEA:
            return _pick(self.rng, [(HearingStage.SENTENCING, 75), (HearingStage.TRIAL, 25)])
        if stage == HearingStage.TRIAL:
            return HearingStage.SENTENCING
        return stage

    def court_task(self, day: Day, on: date) -> Task:
        _first, name, caseworker_id = self.people[day.client_id]
        created = self.b.at(min(self.today, on - timedelta(days=1)), 16)
        task = Task(
            client_id=day.client_id,
            journey_id=day.journey_id,
            kind=TaskKind.COURT_DATE,
            title=f"Court with {name} at {day.court}"[:200],
            due_on=on,
            assigned_to_id=caseworker_id or day.by_id,
            created_by_id=day.by_id,
            created_at=created,
            updated_at=created,
        )
        self.tasks.append(task)
        return task


def _friday(cb: CourtBuilder) -> tuple[list[Hearing], list[Document]]:
    """Friday's hearing, from the story's court contact: the reference written and its letter,
    a community sentence; and the plea hearing before it, adjourned for sentence."""
    b = cb.b
    contact = (
        Contact.objects.filter(
            contact_type=ContactType.COURT, place=FRIDAY_COURT, note__startswith=FRIDAY_NOTE
        )
        .select_related("client", "author", "client__caseworker")
        .order_by("-id")
        .first()
    )
    if contact is None:
        return [], []
    client, me = contact.client, contact.author
    first = client.preferred_name or client.given_name
    task = Task.objects.filter(
        client=client, kind=TaskKind.COURT_DATE, due_on=contact.occurred_on
    ).first()
    charge = "Robbery"
    plea_on = contact.occurred_on - timedelta(days=28)
    plea = Hearing(
        client=client,
        journey_id=contact.journey_id,
        court=FRIDAY_COURT,
        hearing_on=plea_on,
        charge=charge,
        stage=HearingStage.PLEA,
        status=HearingStatus.ADJOURNED,
        result=HearingResult.ADJOURNED,
        result_note="Pleaded guilty to an offence from before he joined us. Adjourned for a "
        "pre-sentence report.",
        attended=False,
        created_by=me,
        result_recorded_by=me,
        version=2,
        created_at=b.at(plea_on - timedelta(days=14), 10),
        updated_at=b.at(plea_on, 17),
    )
    letter_lines = [
        "To the court",
        f"Character reference for {client.display_name}",
        f"I have been {first}'s caseworker for eight months.",
        "The offence is from before he came to us. Since then he has changed:",
        "he keeps every appointment, has stayed away from the group he was with,",
        "and now mentors younger children on his estate, who look up to him.",
        "I ask the court to let him carry on the work he has started.",
        f"{me.get_full_name() or me.username}, caseworker",
    ]
    letter = save_document(
        client=client,
        kind=DocumentKind.CHARACTER_REFERENCE,
        title=f"Character reference for {FRIDAY_COURT}",
        name="character-reference.pdf",
        content=one_page_pdf(letter_lines),
        content_type=FileType.PDF,
        by=me,
        at=b.at(contact.occurred_on - timedelta(days=2), 15),
    )
    friday = Hearing(
        client=client,
        journey_id=contact.journey_id,
        court=FRIDAY_COURT,
        hearing_on=contact.occurred_on,
        charge=charge,
        stage=HearingStage.SENTENCING,
        status=HearingStatus.DECIDED,
        attended=True,
        attendance_contact=contact,
        reference_text=(
            f"I have worked with {first} for eight months. The offence is from before he came "
            "to us. He has changed: he keeps every appointment, has stayed away from the group "
            "he was with, and now mentors younger children on his estate."
        ),
        reference_by=f"{me.get_full_name() or me.username}, his caseworker",
        result=HearingResult.COMMUNITY_ORDER,
        requirements="Youth rehabilitation order, 12 months: supervision and an activity "
        "requirement (mentoring at the youth club)",
        result_note="No custodial sentence. The bench said the reference made the difference.",
        task=task,
        created_by=me,
        result_recorded_by=me,
        version=4,
        created_at=b.at(plea_on, 17),
        updated_at=b.at(contact.occurred_on, 17),
    )
    return [plea, friday], [letter]


def add(builder: Any) -> None:
    """Add this app's records to the demo service, once its clients and journeys are written."""
    cb = CourtBuilder(builder)
    rng, today = cb.rng, cb.today
    story, letters = _friday(cb)
    skip = (story[1].client_id, story[1].hearing_on) if story else None
    for day in _days(skip):
        cb.hearings.append(cb.hearing(day, stage=_pick(rng, STAGES), charge=_pick(rng, CHARGES)))
    # Court dates coming up for some clients in the community (the caseworker's home page shows
    # those of the next fortnight).
    live = (
        Journey.objects.filter(stage__in=(Stage.COMMUNITY, Stage.SUSTAINMENT))
        .exclude(client__caseworker__isnull=True)
        .order_by("id")
        .values_list("id", "client_id", "client__caseworker_id")
    )
    caseworker = builder.users.get("caseworker")
    journeys = list(live.iterator(chunk_size=2000))
    own = [j for j in journeys if caseworker is not None and j[2] == caseworker.pk]
    chosen = {j[0] for j in rng.sample(own, min(OWN_UPCOMING, len(own)))}
    for journey_id, client_id, caseworker_id in journeys:
        if journey_id not in chosen and rng.random() >= UPCOMING_SHARE:
            continue
        ahead = rng.randint(1, 12) if journey_id in chosen else rng.randint(1, 28)
        on = today + timedelta(days=ahead)
        day = Day(client_id, journey_id, on, rng.choice(COURTS), caseworker_id)
        day.task = cb.court_task(day, on)
        cb.hearings.append(
            cb.hearing(day, stage=_pick(rng, STAGES[:4]), charge=_pick(rng, CHARGES))
        )
    Task.objects.bulk_create(cb.tasks, batch_size=2000)
    Document.objects.bulk_create(letters, batch_size=2000)
    if story:
        story[1].reference_letter = letters[0]
    Hearing.objects.bulk_create([*story[:1], *cb.hearings], batch_size=2000)
    if story:
        story[1].follows = story[0]
        Hearing.objects.bulk_create(story[1:], batch_size=2000)
    _adjourned(cb)


def _adjourned(cb: CourtBuilder) -> None:
    """The next hearing of each adjournment, and of those in turn, until a date still to come."""
    pending = [(h, *cb.next_of[id(h)]) for h in cb.hearings if id(h) in cb.next_of]
    while pending:
        cb.next_of.clear()
        made: list[Hearing] = []
        cb.tasks = []
        for earlier, day, on in pending:
            follow = Day(day.client_id, day.journey_id, on, day.court, day.by_id)
            if on >= cb.today:
                follow.task = cb.court_task(follow, on)
            hearing = cb.hearing(follow, stage=cb.next_stage(earlier.stage), charge=earlier.charge)
            hearing.follows = earlier
            made.append(hearing)
        Task.objects.bulk_create(cb.tasks, batch_size=2000)
        Hearing.objects.bulk_create(made, batch_size=2000)
        pending = [(h, *cb.next_of[id(h)]) for h in made if id(h) in cb.next_of]
        cb.hearings = made
