"""The demo service's family and the people around the client: most clients have one to four
people recorded (a mother far more often than anyone else), some brothers on the books share a
mother (a few across teams), a few younger brothers and sisters are flagged at risk of
recruitment, family sessions name who took part, and people who are not the client are
signposted to help, among them the Wednesday story's girlfriend given a domestic-violence
helpline number."""

import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.db.models import Min

from wingman.casework.choices import ContactType
from wingman.casework.models import Contact, Journey
from wingman.core.pathways import Pathway
from wingman.demo import words
from wingman.family.models import Person, Relationship, SessionParticipant, Signposting
from wingman.people.choices import Gender
from wingman.people.models import Client

K = 6  # this part's own stream of random numbers
BATCH = 2000

# How many people a client has recorded.
HOW_MANY = [(0, 8), (1, 24), (2, 32), (3, 23), (4, 13)]
# Who they might be, and how likely each is to be among them.
LIKELY = [
    ("mother", 0.8),
    ("sibling", 0.55),
    ("father", 0.3),
    ("partner", 0.3),
    ("grandparent", 0.15),
    ("child", 0.14),
    ("other_relative", 0.1),
    ("carer", 0.05),
]
DESCRIBED = {
    "mother": ["mum", "mum", "mother", ""],
    "father": ["dad", "father", ""],
    "grandparent": ["nan", "grandma", "grandad", ""],
    "carer": ["foster carer", "special guardian", ""],
    "other_relative": ["auntie", "uncle", "cousin", ""],
    "partner": ["girlfriend", "partner", "boyfriend", ""],
}
NOTES = {
    "mother": [
        "Worried sick about him; wants to help but does not know how.",
        "Works nights; best reached in the late afternoon.",
        "Supportive. Has asked to be kept in the loop about release.",
        "",
        "",
    ],
    "father": ["Not in touch for years; the client wants to rebuild it.", "", ""],
    "partner": ["Expecting their first baby.", "Together on and off.", "", ""],
    "sibling": ["Close; the one the client listens to.", "", "", ""],
    "grandparent": ["Brought the client up for several years.", ""],
}
RISK_NOTES = [
    "Older boys from the estate have been waiting for him outside school.",
    "Has been given a new phone and trainers he cannot explain.",
    "Missing from school on the days the client used to go out selling.",
    "Messaged by the client's old group on social media; mum found the messages.",
    "Seen with the older boys at the chicken shop after school most days.",
]
# Where people who are not the client are pointed, and why: (pathway, organisation, service).
PLACES = [
    (Pathway.ABUSE, "National Domestic Abuse Helpline", "24-hour helpline", 5),
    (Pathway.DRUGS_ALCOHOL, "Families affected by drugs helpline", "Family support line", 3),
    (Pathway.HEALTH, "Samaritans", "Listening line", 2),
    (Pathway.HEALTH, "Local GP surgery", "Registration", 1),
    (Pathway.FINANCE, "Citizens Advice", "Debt advice", 3),
    (Pathway.FAMILY, "Family Lives", "Parenting helpline", 3),
    (Pathway.SAFETY, "Victim Support", "Support after crime", 2),
    (Pathway.GANG_EXIT, "Youth club on the estate", "After-school sessions", 2),
    (Pathway.ACCOMMODATION, "Shelter", "Housing advice line", 2),
]
WHY = {
    Pathway.ABUSE: "Told us about violence at home.",
    Pathway.DRUGS_ALCOHOL: "Struggling with a family member's drug use.",
    Pathway.HEALTH: "Low and not sleeping.",
    Pathway.FINANCE: "Behind on rent since the client went inside.",
    Pathway.FAMILY: "Asked for help with a teenager at home.",
    Pathway.SAFETY: "Threatened because of the client's old group.",
    Pathway.GANG_EXIT: "Needs somewhere safe to be after school.",
    Pathway.ACCOMMODATION: "Facing eviction.",
}
STORY_NOTE = "gave her the number of the domestic abuse helpline"


def _pick(rng: random.Random, pairs: Sequence[tuple[Any, float]]) -> Any:
    total = sum(w for _v, w in pairs)
    x = rng.random() * total
    for value, weight in pairs:
        x -= weight
        if x < 0:
            return value
    return pairs[-1][0]


def _years_before(day: date, years: float) -> date:
    return day - timedelta(days=round(years * 365.25))


class FamilyMaker:
    def __init__(self, builder: Any) -> None:
        self.b = builder
        self.rng = random.Random(builder.seed * 1000 + K)
        self.today: date = builder.today
        self.groups = {name: g for g in words.NAME_GROUPS for name in g["family"]}
        self.people: list[Person] = []
        # Relationships planned against the index of their person in `people`.
        self.links: list[tuple[int, Relationship]] = []

    # Names and dates ---------------------------------------------------------------------

    def group_of(self, family_name: str) -> dict:
        return self.groups.get(family_name) or self.rng.choice(words.NAME_GROUPS)

    def first_name(self, group: dict, female: bool) -> str:
        return self.rng.choice(group["female" if female else "male"])

    def phone(self) -> str:
        return f"07700 900{self.rng.randint(0, 999):03d}" if self.rng.random() < 0.7 else ""

    def moment(self, day: date) -> Any:
        return self.b.at(min(day, self.today), self.rng.randint(9, 17))

    # People --------------------------------------------------------------------------------

    def person(
        self, *, given: str, family: str, born: date | None, note: str, by: int, on: date
    ) -> int:
        at = self.moment(on)
        self.people.append(
            Person(
                given_name=given,
                family_name=family,
                date_of_birth=born,
                phone=self.phone(),
                note=note,
                created_by_id=by,
                created_at=at,
                updated_at=at,
            )
        )
        return len(self.people) - 1

    def link(self, index: int, client: dict, kind: str, **fields: Any) -> Relationship:
        at = self.moment(client["opened"] + timedelta(days=self.rng.randint(0, 30)))
        relationship = Relationship(
            client_id=client["pk"],
            kind=kind,
            created_by_id=client["by"],
            created_at=at,
            updated_at=at,
            **fields,
        )
        self.links.append((index, relationship))
        return relationship

    def relative(self, client: dict, who: str) -> tuple[int, Relationship]:
        rng, dob = self.rng, client["dob"]
        group = self.group_of(client["family_name"])
        female = who in ("mother",) or (who not in ("father",) and rng.random() < 0.5)
        family = client["family_name"] if rng.random() < 0.7 else rng.choice(group["family"])
        born: date | None = None
        kind = {"mother": "parent", "father": "parent"}.get(who, who)
        fields: dict[str, Any] = {}
        if who in ("mother", "father"):
            born = _years_before(dob, rng.uniform(17, 42)) if dob and rng.random() < 0.6 else None
            fields["lives_with_client"] = rng.random() < 0.45
            fields["emergency_contact"] = who == "mother" and rng.random() < 0.6
        elif who == "sibling":
            younger = rng.random() < 0.6
            gap = rng.uniform(1, 8)
            if dob:
                born = (
                    dob + timedelta(days=round(gap * 365.25))
                    if younger
                    else dob - timedelta(days=round(gap * 365.25))
                )
                born = min(born, self.today)
            fields["lives_with_client"] = rng.random() < 0.35
            if rng.random() < 0.3:
                kind = "half_sibling"
            fields["described_as"] = rng.choice(
                ["little brother", "little sister", "younger brother"]
                if younger
                else ["big brother", "older sister", "brother", "sister"]
            )
            female = "sister" in fields["described_as"]
        elif who == "partner":
            female = client["gender"] != Gender.FEMALE
            born = _years_before(dob, rng.uniform(-3, 3)) if dob and rng.random() < 0.4 else None
            fields["lives_with_client"] = rng.random() < 0.25
            family = rng.choice(self.group_of(rng.choice(list(self.groups)))["family"])
        elif who == "child":
            born = _years_before(self.today, rng.uniform(0.1, 6))
            fields["lives_with_client"] = rng.random() < 0.3
            fields["described_as"] = rng.choice(["son", "daughter", "baby", ""])
        elif who == "grandparent":
            born = _years_before(dob, rng.uniform(40, 65)) if dob and rng.random() < 0.3 else None
        if who in DESCRIBED and "described_as" not in fields:
            fields["described_as"] = rng.choice(DESCRIBED[who])
        if who == "partner" and fields.get("described_as") == "girlfriend":
            female = True
        fields["note"] = rng.choice(NOTES.get(who, [""]))
        index = self.person(
            given=self.first_name(group, female),
            family=family,
            born=born,
            note="",
            by=client["by"],
            on=client["opened"],
        )
        relationship = self.link(index, client, kind, **fields)
        self.maybe_at_risk(relationship, born, client)
        return index, relationship

    def maybe_at_risk(self, relationship: Relationship, born: date | None, client: dict) -> None:
        if relationship.kind not in ("sibling", "half_sibling", "other_relative") or not born:
            return
        age = (self.today - born).days / 365.25
        if 8 <= age < 17 and self.rng.random() < 0.3:
            relationship.at_risk = True
            relationship.at_risk_note = self.rng.choice(RISK_NOTES)
            span = max((self.today - client["opened"]).days, 1)
            relationship.at_risk_since = client["opened"] + timedelta(days=self.rng.randrange(span))

    # The build -----------------------------------------------------------------------------

    def clients(self) -> list[dict]:
        opened = dict(
            Journey.objects.values("client_id")
            .annotate(first=Min("opened_on"))
            .values_list("client_id", "first")
        )
        rows = Client.objects.order_by("pk").values_list(
            "pk",
            "family_name",
            "gender",
            "date_of_birth",
            "team_id",
            "team__borough_id",
            "caseworker_id",
            "created_by_id",
        )
        return [
            {
                "pk": pk,
                "family_name": family_name,
                "gender": gender,
                "dob": dob,
                "team": team,
                "borough": borough,
                "by": caseworker or created_by,
                "opened": opened.get(pk) or self.today,
            }
            for pk, family_name, gender, dob, team, borough, caseworker, created_by in rows
        ]

    def everyone(self, clients: list[dict]) -> None:
        for client in clients:
            n = _pick(self.rng, HOW_MANY)
            chosen = [who for who, p in LIKELY if self.rng.random() < p]
            if client["dob"] and (self.today - client["dob"]).days < 17 * 365:
                chosen = [w for w in chosen if w not in ("partner", "child")]
            self.rng.shuffle(chosen)
            for who in chosen[:n]:
                self.relative(client, who)

    def shared(self, clients: list[dict]) -> None:
        """Brothers on the books who share a mother: mostly in one team, some across teams."""
        by_team: dict[int, list[dict]] = defaultdict(list)
        for client in clients:
            by_team[client["team"]].append(client)
        pairs = max(2, round(len(clients) * 0.03))
        teams = [t for t in by_team if len(by_team[t]) >= 2]
        if not teams:
            return
        for n in range(pairs):
            first = self.rng.choice(by_team[self.rng.choice(teams)])
            across = n % 4 == 0 or self.rng.random() < 0.2
            if across:
                second = self.rng.choice(clients)
                if second["team"] == first["team"]:
                    continue
            else:
                second = self.rng.choice(by_team[first["team"]])
                if second["pk"] == first["pk"]:
                    continue
            group = self.group_of(first["family_name"])
            mother = self.person(
                given=self.first_name(group, True),
                family=first["family_name"],
                born=_years_before(first["dob"], self.rng.uniform(18, 35))
                if first["dob"]
                else None,
                note="Mother of two brothers the service works with.",
                by=first["by"],
                on=first["opened"],
            )
            for client in (first, second):
                self.link(
                    mother,
                    client,
                    "parent",
                    described_as="mum",
                    emergency_contact=self.rng.random() < 0.5,
                    note=self.rng.choice(NOTES["mother"]),
                )

    def wednesday(self) -> tuple[dict | None, date | None]:
        """The Wednesday story: the client whose home visit ended with his girlfriend given a
        helpline number."""
        story = (
            Contact.objects.filter(
                author=self.b.users["caseworker"],
                contact_type=ContactType.HOME_VISIT,
                note__contains=STORY_NOTE,
            )
            .order_by("-occurred_on")
            .values_list("client_id", "occurred_on")
            .first()
        )
        if story is None:
            return None, None
        client = Client.objects.values("pk", "family_name", "date_of_birth").get(pk=story[0])
        opened = (
            Journey.objects.filter(client_id=client["pk"]).aggregate(first=Min("opened_on"))[
                "first"
            ]
            or story[1]
        )
        return (
            {
                "pk": client["pk"],
                "family_name": client["family_name"],
                "dob": client["date_of_birth"],
                "by": self.b.users["caseworker"].pk,
                "opened": opened,
            },
            story[1],
        )

    def write(self) -> dict[int, list[Relationship]]:
        Person.objects.bulk_create(self.people, batch_size=BATCH)
        seen: set[tuple[int, int]] = set()
        relationships = []
        for index, relationship in self.links:
            key = (self.people[index].pk, relationship.client_id)
            if key in seen:
                continue
            seen.add(key)
            relationship.person_id = self.people[index].pk
            relationships.append(relationship)
        Relationship.objects.bulk_create(relationships, batch_size=BATCH)
        of_client: dict[int, list[Relationship]] = defaultdict(list)
        for relationship in relationships:
            of_client[relationship.client_id].append(relationship)
        return of_client


def _story(maker: FamilyMaker, client: dict, visit: date) -> tuple[int, int]:
    """The story client's girlfriend and younger brother (flagged at risk)."""
    girlfriend = maker.person(
        given="Chantelle",
        family="Reid",
        born=None,
        note="",
        by=client["by"],
        on=client["opened"],
    )
    maker.link(
        girlfriend,
        client,
        "partner",
        described_as="girlfriend",
        note="They have fallen out; she says he hit her. Seen together at his flat.",
    )
    brother = maker.person(
        given="Jayden",
        family=client["family_name"],
        born=_years_before(maker.today, 13.4),
        note="",
        by=client["by"],
        on=client["opened"],
    )
    link = maker.link(
        brother, client, "sibling", described_as="little brother", lives_with_client=True
    )
    link.at_risk = True
    link.at_risk_note = (
        "Older boys from the estate have been waiting for him outside school; he looks up to "
        "his brother's old friends."
    )
    link.at_risk_since = visit
    return girlfriend, brother


def add(builder: Any) -> None:
    """Add this app's records to the demo service, once its clients and journeys are written."""
    maker = FamilyMaker(builder)
    clients = maker.clients()
    story, visit = maker.wednesday()
    if story is not None:
        clients = [c for c in clients if c["pk"] != story["pk"]]
    maker.everyone(clients)
    maker.shared(clients)
    girlfriend = -1
    if story is not None and visit is not None:
        girlfriend, _brother = _story(maker, story, visit)
        maker.relative({**story, "gender": Gender.MALE}, "mother")
    of_client = maker.write()

    rng = maker.rng
    signposting: list[Signposting] = []
    if story is not None and visit is not None:
        signposting.append(
            Signposting(
                client_id=story["pk"],
                journey_id=Journey.objects.filter(client_id=story["pk"])
                .order_by("-opened_on")
                .values_list("pk", flat=True)
                .first(),
                person_id=maker.people[girlfriend].pk,
                relation="girlfriend",
                organisation="National Domestic Abuse Helpline",
                service="24-hour helpline",
                contact_given="0808 157 0247",
                pathway=Pathway.ABUSE,
                given_on=visit,
                note="Gave her the number on the home visit, away from him. She says she is "
                "using again; also told her about the local drug service.",
                recorded_by_id=story["by"],
                created_at=builder.at(visit, 16),
                updated_at=builder.at(visit, 16),
                recorded_at=builder.at(visit, 16),
            )
        )
    journeys = dict(
        Journey.objects.order_by("client_id", "opened_on").values_list("client_id", "pk")
    )
    places = [(p[:3], p[3]) for p in PLACES]
    for client in clients:
        people = of_client.get(client["pk"], [])
        if not people or rng.random() > 0.09:
            continue
        relationship = rng.choice(people)
        pathway, organisation, service = _pick(rng, places)
        if relationship.kind == "partner" and rng.random() < 0.6:
            pathway, organisation, service = PLACES[0][:3]
        span = max((maker.today - client["opened"]).days, 1)
        on = client["opened"] + timedelta(days=rng.randrange(span))
        at = builder.at(on, rng.randint(9, 17))
        named = rng.random() < 0.8
        signposting.append(
            Signposting(
                client_id=client["pk"],
                journey_id=journeys.get(client["pk"]),
                person_id=relationship.person_id if named else None,
                name="" if named else rng.choice(["Neighbour", "Friend's mum", "Cousin"]),
                relation=relationship.describe() if named else "family friend",
                organisation=organisation,
                service=service,
                contact_given=f"0808 157 0{rng.randint(0, 999):03d}",
                pathway=pathway,
                given_on=on,
                note=WHY[pathway],
                recorded_by_id=client["by"],
                created_at=at,
                updated_at=at,
                recorded_at=at,
            )
        )
    Signposting.objects.bulk_create(signposting, batch_size=BATCH)

    # Family sessions: name one or two of the client's people who took part.
    taking_part = []
    sessions = Contact.objects.filter(contact_type=ContactType.FAMILY_SESSION).values_list(
        "pk", "client_id"
    )
    for contact_id, client_id in sessions.iterator(chunk_size=BATCH):
        people = [r for r in of_client.get(client_id, []) if r.kind != "child"]
        if not people:
            continue
        people.sort(key=lambda r: r.kind != "parent")
        for relationship in people[: rng.choice((1, 1, 2, 2, 3))]:
            taking_part.append(
                SessionParticipant(contact_id=contact_id, relationship_id=relationship.pk)
            )
    SessionParticipant.objects.bulk_create(taking_part, batch_size=BATCH)
