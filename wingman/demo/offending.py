"""The demo service's offending histories, built from the clients and journeys already written.

Most clients have 1 to 6 previous sanctions, the first at 12 to 17; the last before a journey
that starts in custody is the conviction that sent them there. After the follow-up starts, a
client who went back into custody was convicted of an offence committed a few weeks before;
a few others reoffend without custody, and some are arrested and released with no further
action. Overall proven reoffending comes out under a fifth, and fewer than three in ten go back
to custody, as the service reports. The week's stories get their own histories: the client
released today (robbery and burglary to pay for a cocaine habit) and the client at court on
Friday for an offence from before he joined (no custodial sentence)."""

import random
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from wingman.casework.choices import ContactType, Stage
from wingman.casework.models import Contact, Journey, StageChange
from wingman.offending.choices import Disposal, OffenceCategory, Source
from wingman.offending.models import Offence
from wingman.offending.selectors import people_of
from wingman.people.models import Client

K = 5
C = OffenceCategory
# What brings the young people the service works with into the system, roughly.
CATEGORIES = [
    (C.VIOLENCE, 26),
    (C.ROBBERY, 14),
    (C.DRUG_POSSESSION_SUPPLY, 18),
    (C.BURGLARY_DOMESTIC, 6),
    (C.BURGLARY_OTHER, 3),
    (C.THEFT_NON_MOTOR, 8),
    (C.HANDLING_STOLEN_GOODS, 3),
    (C.PUBLIC_ORDER, 6),
    (C.CRIMINAL_DAMAGE, 5),
    (C.TAKING_AND_DRIVING_AWAY, 3),
    (C.OTHER_MOTORING, 2),
    (C.OTHER, 6),
]
SANCTION_COUNTS = [(0, 6), (1, 18), (2, 20), (3, 18), (4, 14), (5, 10), (6, 8), (7, 3), (8, 2)]
YOUTH_OUT_OF_COURT = [
    (Disposal.YOUTH_CAUTION, 5),
    (Disposal.YOUTH_CONDITIONAL_CAUTION, 3),
    (Disposal.REPRIMAND, 1),
    (Disposal.FINAL_WARNING, 1),
]
ADULT_OUT_OF_COURT = [(Disposal.CAUTION, 3), (Disposal.CONDITIONAL_CAUTION, 1)]
CUSTODIAL = (
    "Detention and training order, 12 months",
    "Detention and training order, 8 months",
    "Detention and training order, 18 months",
    "Detention in a young offender institution, 2 years",
    "Custody, 30 months",
)
COMMUNITY = (
    "Referral order, 9 months",
    "Youth rehabilitation order with supervision",
    "Youth rehabilitation order with a curfew",
    "Community order, 12 months, unpaid work",
    "Conditional discharge",
    "Fine",
)
# Chances of a proven reoffence in the year without a return to custody, and of an arrest with
# no further action.
REOFFEND_WITHOUT_CUSTODY = 0.08
ARRESTED_NOT_PROVEN = 0.08


def _pick(rng: random.Random, pairs: list[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _ in pairs], weights=[w for _, w in pairs])[0]


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _birthday(born: date, age: int) -> date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:
        return born.replace(year=born.year + age, day=28)


def _source(rng: random.Random, adult: bool) -> str:
    if adult:
        return _pick(
            rng,
            [
                (Source.PNC, 50),
                (Source.PROBATION, 25),
                (Source.COURT, 15),
                (Source.SELF_REPORT, 10),
            ],
        )
    return _pick(
        rng,
        [
            (Source.PNC, 40),
            (Source.YOUTH_OFFENDING_TEAM, 35),
            (Source.COURT, 15),
            (Source.SELF_REPORT, 10),
        ],
    )


class _History:
    def __init__(self, builder: Any, rng: random.Random) -> None:
        self.builder = builder
        self.rng = rng
        self.rows: list[Offence] = []

    def add(
        self,
        client: dict[str, Any],
        *,
        committed_on: date,
        category: str,
        disposal: str,
        disposal_on: date | None,
        sentence: str = "",
        breach: bool = False,
        source: str | None = None,
    ) -> None:
        today = self.builder.today
        if disposal_on is not None and disposal_on > today:
            disposal, disposal_on, sentence = Disposal.AWAITING, None, ""
        committed_on = min(committed_on, today)
        born = client["date_of_birth"]
        adult = born is not None and _age_on(born, committed_on) >= 18
        recorded = min(disposal_on or committed_on, today)
        moment = self.builder.working_time(recorded)
        self.rows.append(
            Offence(
                client_id=client["pk"],
                committed_on=committed_on,
                category=category,
                disposal=disposal,
                disposal_on=disposal_on,
                sentence=sentence,
                breach=breach,
                source=source or _source(self.rng, adult),
                recorded_by_id=client["caseworker_id"] or client["created_by_id"],
                created_at=moment,
                updated_at=moment,
            )
        )

    def previous(self, client: dict[str, Any], before: date, custody: bool) -> None:
        """The sanctions before the start: the first at 12 to 17, the last the index offence."""
        rng = self.rng
        born = client["date_of_birth"]
        count = _pick(rng, SANCTION_COUNTS)
        if custody:
            count = max(count, 1)
        if count == 0:
            return
        age_now = _age_on(born, before)
        if age_now < 12:
            return
        first_age = min(rng.randint(12, 17), max(age_now - 1, 10))
        first = max(
            _birthday(born, first_age) + timedelta(days=rng.randint(0, 300)), date(2000, 1, 2)
        )
        last = before - timedelta(days=rng.randint(0, 14) if custody else rng.randint(20, 90))
        if last <= first:
            last = first + timedelta(days=1)
        span = (last - first).days
        days = sorted(first + timedelta(days=rng.randint(0, span)) for _ in range(count - 1))
        days.append(last)
        days[0] = first if count > 1 else last
        for n, decided in enumerate(days):
            index = n == len(days) - 1
            committed = max(decided - timedelta(days=rng.randint(7, 120)), first)
            youth = _age_on(born, decided) < 18
            if index or n >= 3 or rng.random() < 0.4:
                disposal = Disposal.CONVICTION
                sentence = rng.choice(CUSTODIAL) if index and custody else rng.choice(COMMUNITY)
            else:
                disposal = _pick(rng, YOUTH_OUT_OF_COURT if youth else ADULT_OUT_OF_COURT)
                sentence = ""
            self.add(
                client,
                committed_on=committed,
                category=_pick(rng, CATEGORIES),
                disposal=disposal,
                disposal_on=decided,
                sentence=sentence,
            )
            if rng.random() < 0.12:
                self.add(
                    client,
                    committed_on=committed + timedelta(days=rng.randint(5, 60)),
                    category=C.ABSCONDING_OR_BAIL,
                    disposal=Disposal.CONVICTION,
                    disposal_on=decided + timedelta(days=rng.randint(60, 200)),
                    sentence="Order varied: curfew added",
                    breach=True,
                )
        if rng.random() < 0.1:
            arrested = before - timedelta(days=rng.randint(100, 700))
            if arrested > first:
                self.add(
                    client,
                    committed_on=arrested,
                    category=_pick(rng, CATEGORIES),
                    disposal=Disposal.NOT_PROVEN,
                    disposal_on=arrested + timedelta(days=rng.randint(1, 60)),
                )

    def after(self, client: dict[str, Any], start: date, returns: list[date]) -> None:
        """What happens after the follow-up starts: a return to custody follows a conviction."""
        rng = self.rng
        for back in returns:
            committed = max(back - timedelta(days=rng.randint(14, 70)), start)
            self.add(
                client,
                committed_on=committed,
                category=_pick(rng, CATEGORIES),
                disposal=Disposal.CONVICTION,
                disposal_on=back,
                sentence=rng.choice(CUSTODIAL),
            )
        if not returns and rng.random() < REOFFEND_WITHOUT_CUSTODY:
            committed = start + timedelta(days=rng.randint(20, 330))
            self.add(
                client,
                committed_on=committed,
                category=_pick(rng, CATEGORIES),
                disposal=_pick(rng, [(Disposal.CONVICTION, 3), (Disposal.CAUTION, 1)]),
                disposal_on=committed + timedelta(days=rng.randint(20, 150)),
                sentence=rng.choice(COMMUNITY),
            )
        if rng.random() < ARRESTED_NOT_PROVEN:
            committed = start + timedelta(days=rng.randint(10, 500))
            if committed < self.builder.today:
                self.add(
                    client,
                    committed_on=committed,
                    category=_pick(rng, CATEGORIES),
                    disposal=Disposal.NOT_PROVEN,
                    disposal_on=committed + timedelta(days=rng.randint(1, 40)),
                )


def _stories(builder: Any, history: _History, clients: dict[int, dict[str, Any]]) -> set[int]:
    """The week's stories' clients, found by what the stories wrote."""
    today = builder.today
    done: set[int] = set()
    released = (
        Journey.objects.filter(released_on=today, referral__reason__contains="cocaine")
        .values_list("client_id", "opened_on")
        .first()
    )
    if released is not None and released[0] in clients:
        client_id, opened = released
        client = clients[client_id]
        history.add(
            client,
            committed_on=opened - timedelta(days=700),
            category=C.DRUG_POSSESSION_SUPPLY,
            disposal=Disposal.YOUTH_CAUTION,
            disposal_on=opened - timedelta(days=690),
            source=Source.YOUTH_OFFENDING_TEAM,
        )
        for category in (C.ROBBERY, C.BURGLARY_DOMESTIC):
            history.add(
                client,
                committed_on=opened - timedelta(days=120),
                category=category,
                disposal=Disposal.CONVICTION,
                disposal_on=opened - timedelta(days=1),
                sentence="Detention in a young offender institution, 8 months",
                source=Source.COURT,
            )
        done.add(client_id)
    hearing = (
        Contact.objects.filter(
            contact_type=ContactType.COURT, note__startswith="Court as his character reference"
        )
        .values_list("client_id", "occurred_on")
        .first()
    )
    if hearing is not None and hearing[0] in clients:
        client_id, on = hearing
        client = clients[client_id]
        history.add(
            client,
            committed_on=on - timedelta(days=330),
            category=C.VIOLENCE,
            disposal=Disposal.CONVICTION,
            disposal_on=on,
            sentence="Youth rehabilitation order with supervision; no custodial sentence",
            source=Source.COURT,
        )
        done.add(client_id)
    return done


def add(builder: Any) -> None:
    """Add this app's records to the demo service, once its clients and journeys are written."""
    rng = random.Random(builder.seed * 1000 + K)
    clients: dict[int, dict[str, Any]] = {
        c["pk"]: dict(c)
        for c in Client.objects.order_by("pk").values(
            "pk", "date_of_birth", "caseworker_id", "created_by_id"
        )
    }
    people = people_of(Journey.objects.all())
    first_custody: dict[int, date] = {}
    returns: dict[int, list[date]] = defaultdict(list)
    for client_id, from_stage, on in (
        StageChange.objects.filter(to_stage=Stage.IN_CUSTODY)
        .order_by("on", "id")
        .values_list("journey__client_id", "from_stage", "on")
    ):
        # A journey opening in custody is the sentence the record leads up to; any later time in
        # custody (on that journey or a later one) is a return.
        if from_stage == "" and client_id not in first_custody:
            first_custody[client_id] = on
        else:
            returns[client_id].append(on)
    history = _History(builder, rng)
    stories = _stories(builder, history, clients)
    for client_id in sorted(clients):
        client = clients[client_id]
        if client_id in stories or client["date_of_birth"] is None:
            continue
        if _age_on(client["date_of_birth"], builder.today) < 13:
            continue
        person = people.get(client_id)
        if person is None or person.start is None:
            # Still inside, or only referred: the record up to the sentence, or up to today.
            before = first_custody.get(client_id, builder.today)
            history.previous(client, before, custody=client_id in first_custody)
            continue
        start = person.start.on
        before = first_custody.get(client_id, start) if person.start.from_custody else start
        history.previous(client, before, custody=person.start.from_custody)
        history.after(client, start, [day for day in returns[client_id] if day > start])
    Offence.objects.bulk_create(history.rows, batch_size=2000)
