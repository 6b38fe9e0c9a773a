"""The demo service's safeguarding: concerns at every stage, risk flags, the on-call rota and the
safeguarding lead's notifications.

- The **midnight call**: raised from the crisis call, triaged red the next morning, referred to
  children's social care (awaiting their feedback); a hostile-area flag on the estate where the
  group spends its time.
- The **Wednesday** home visit: she says he hit her. A concern about him as the one causing harm
  (his girlfriend harmed), triaged amber and referred to MARAC with its reference; a second for
  his little brother, a child at risk, referred to children's social care; "do not visit alone"
  on his record until MARAC has met.
- Waiting for triage: one raised an hour ago (in time) and one raised yesterday afternoon (overdue:
  the register and the lead's home page show it); a triaged amber concern whose action is
  overdue; a green one with a decision not to refer; a red one closed with its reason; an
  allegation against `teamlead`, so that signing in as them shows their team's concerns without
  it; and, across the service, older concerns closed over the last two years, one open concern
  not updated in 90 days, and flags, one past its review date.
- Someone on call now and for the next week (office hours, weekday evenings, weekends).

Like the rest of the demo, these rows are written directly and not through the services: they
are dated in the past (a concern raised yesterday, triaged this morning), which the services,
stamping now, cannot write, and the chronology is append-only so cannot be dated afterwards;
and set-up writes no audit rows (a demo's access record starts empty). Deadlines come from the
same rules the services use (`safeguarding.deadlines`)."""

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from wingman.accounts.choices import Role
from wingman.accounts.models import User
from wingman.casework.choices import ContactType, Stage
from wingman.casework.models import Contact, Journey
from wingman.family.models import Relationship
from wingman.people.models import Client
from wingman.safeguarding import deadlines
from wingman.safeguarding.choices import (
    Category,
    ConcernStatus,
    DecisionKind,
    EntryKind,
    FlagKind,
    Grade,
    Involvement,
    NotificationKind,
    StatutoryService,
)
from wingman.safeguarding.models import (
    Concern,
    ConcernEntry,
    Decision,
    Involved,
    Notification,
    OnCallShift,
    RiskFlag,
    StatutoryReferral,
)

from .family import STORY_NOTE
from .words import ESTATE_HOUSES

K = 29
MIDNIGHT_NOTE = "Called at midnight"
# Older concerns across the service at scale 1, nearly all closed.
BACKGROUND = 24
BACKGROUND_FLAGS = 10
BATCH = 2000

# What older concerns were about, how often, the grade they were given, and words for them.
BACKGROUND_KINDS: list[tuple[str, float, str, str, str]] = [
    (
        Category.THREATS,
        22,
        Grade.AMBER,
        "He told me a rival group has been posting about him online and saying where he lives.",
        "Talked through a safety plan: routes to avoid, who to call. He is staying with his aunt.",
    ),
    (
        Category.CHILD_CRIMINAL_EXPLOITATION,
        16,
        Grade.RED,
        "She said older boys give her money and a phone to carry packages across the borough.",
        "Told her this is exploitation and not her fault; said I must tell our safeguarding lead.",
    ),
    (
        Category.SELF_HARM,
        14,
        Grade.AMBER,
        "He showed me scratches on his arm and said he does it when he cannot sleep.",
        "Made sure he has the Samaritans number; agreed he will see his GP this week.",
    ),
    (
        Category.EXPLOITATION,
        12,
        Grade.AMBER,
        "He says he owes money to the people he used to sell for and they want him to work it off.",
        "Agreed he does not go to the flat they asked him to; we meet at the office for now.",
    ),
    (
        Category.DOMESTIC_ABUSE_VICTIM,
        10,
        Grade.RED,
        "She said her partner checks her phone, takes her money and pushed her last week.",
        "Gave her the domestic abuse helpline number and talked about a safe place to go.",
    ),
    (
        Category.WEAPONS,
        8,
        Grade.RED,
        "He said he was asked to hold a knife for someone and is frightened to say no.",
        "Told him I would speak to our safeguarding lead today; he agreed not to take it.",
    ),
    (
        Category.SUICIDE,
        6,
        Grade.RED,
        "He said he had been thinking he would be better off dead since his friend was stabbed.",
        "Stayed with him, rang his GP for a same-day appointment and went with him.",
    ),
]
CLOSING = [
    "Safety plan in place and working; nothing new for six weeks. Any new worry is a new concern.",
    "The referral was taken on and the service is working with them; our part is done.",
    "Moved out of the area with family, away from the group; the new borough's team told.",
    "Settled: the risk has passed, agreed at supervision. Closed.",
]
ACTIONS = [
    "Safety plan agreed with them; caseworker to see them twice a week for a month.",
    "Spoke to their GP with their consent; an appointment is booked.",
    "Agreed with them who to call out of hours; the on-call number given.",
]
PHONES = "07700 900{:03d}"


def _pick(rng: random.Random, pairs: Sequence[tuple[Any, ...]]) -> Any:
    return rng.choices(list(pairs), weights=[p[1] for p in pairs])[0]


@dataclass
class Pending:
    """One concern and what hangs off it, written together."""

    concern: Concern
    entries: list[ConcernEntry] = field(default_factory=list)
    involved: list[Involved] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    referrals: list[tuple[Decision, StatutoryReferral]] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)


class SafeguardingBuilder:
    def __init__(self, builder: Any) -> None:
        self.b = builder
        self.rng = random.Random(builder.seed * 1000 + K)
        self.today: date = builder.today
        self.now: datetime = builder.now
        self.lead: User = builder.users["safeguarding"]
        self.me: User = builder.users["caseworker"]
        self.organisation: int = self.lead.organisation_id or 0
        self.rules = deadlines.deadlines_for(self.organisation)
        self.pending: list[Pending] = []
        self.flags: list[RiskFlag] = []

    # Writing one concern ---------------------------------------------------------------------

    def raise_concern(
        self,
        *,
        client_id: int,
        category: str,
        by: User,
        at: datetime,
        happened_on: date,
        seen_and_heard: str,
        own_words: str = "",
        action_taken: str = "",
        place: str = "",
        happened_at: time | None = None,
        about_staff: User | None = None,
        crisis_call_id: int | None = None,
    ) -> Pending:
        concern = Concern(
            client_id=client_id,
            category=category,
            about_staff=about_staff,
            happened_on=min(happened_on, at.date()),
            happened_at=happened_at,
            raised_by=by,
            raised_by_name=str(by)[:150],
            raised_by_role=by.role,
            crisis_call_id=crisis_call_id,
            triage_due_at=deadlines.triage_due(at, self.rules),
            created_at=at,
            updated_at=at,
        )
        pending = Pending(concern)
        pending.entries.append(
            ConcernEntry(
                concern=concern,
                kind=EntryKind.ACCOUNT,
                written_at=at,
                author=by,
                author_name=str(by)[:150],
                author_role=by.role,
                place=place,
                seen_and_heard=seen_and_heard,
                own_words=own_words,
                action_taken=action_taken,
            )
        )
        self.pending.append(pending)
        return pending

    def involve(
        self, p: Pending, involvement: str, *, name: str = "", person_id: Any = None
    ) -> None:
        p.involved.append(
            Involved(
                concern=p.concern,
                person_id=person_id,
                name="" if person_id else name,
                involvement=involvement,
                linked_by=p.concern.raised_by,
                linked_at=p.concern.created_at,
            )
        )

    def update(self, p: Pending, *, at: datetime, by: User, seen_and_heard: str) -> None:
        p.entries.append(
            ConcernEntry(
                concern=p.concern,
                kind=EntryKind.UPDATE,
                written_at=at,
                author=by,
                author_name=str(by)[:150],
                author_role=by.role,
                seen_and_heard=seen_and_heard,
            )
        )

    def _decide(
        self, p: Pending, kind: str, at: datetime, rationale: str, grade: str = ""
    ) -> Decision:
        decision = Decision(
            concern=p.concern,
            kind=kind,
            decided_at=at,
            decided_by=self.lead,
            decided_by_name=str(self.lead)[:150],
            rationale=rationale,
            grade=grade,
        )
        p.decisions.append(decision)
        c = p.concern
        c.version += 1
        c.updated_at = max(c.updated_at, at)
        return decision

    def triage(self, p: Pending, *, at: datetime, grade: str, rationale: str) -> None:
        c = p.concern
        c.status = ConcernStatus.TRIAGED
        c.grade = grade
        c.triaged_at = at
        c.triaged_by = self.lead
        c.action_due_at = deadlines.action_due(grade, at, self.rules)
        self._decide(p, DecisionKind.TRIAGE, at, rationale, grade)

    def act(self, p: Pending, *, at: datetime, kind: str, rationale: str) -> None:
        self._decide(p, kind, at, rationale)
        if p.concern.action_taken_at is None:
            p.concern.action_taken_at = at

    def refer(
        self,
        p: Pending,
        *,
        at: datetime,
        service: str,
        rationale: str,
        reference: str = "",
        feedback_on: date | None = None,
        feedback: str = "",
    ) -> None:
        decision = self._decide(p, DecisionKind.REFER, at, rationale)
        if p.concern.action_taken_at is None:
            p.concern.action_taken_at = at
        p.referrals.append(
            (
                decision,
                StatutoryReferral(
                    concern=p.concern,
                    service=service,
                    made_on=at.date(),
                    reference=reference,
                    feedback_on=feedback_on,
                    feedback=feedback,
                    made_by=self.lead,
                    created_at=at,
                    updated_at=at,
                ),
            )
        )

    def close(self, p: Pending, *, at: datetime, rationale: str) -> None:
        p.concern.status = ConcernStatus.CLOSED
        p.concern.closed_at = at
        self._decide(p, DecisionKind.CLOSE, at, rationale)

    def notify(
        self, p: Pending, person: User, *, seen: datetime | None = None, kind: str = ""
    ) -> None:
        p.notifications.append(
            Notification(
                recipient=person,
                concern=p.concern,
                kind=kind or NotificationKind.CONCERN_RAISED,
                created_at=p.concern.created_at,
                seen_at=seen,
            )
        )

    def flag(
        self,
        *,
        client_id: int,
        kind: str,
        reason: str,
        set_on: date,
        review_on: date,
        owner: User | int,
        detail: str = "",
        concern: Concern | None = None,
    ) -> None:
        owner_id = owner if isinstance(owner, int) else owner.pk
        at = self.b.at(set_on, 16)
        self.flags.append(
            RiskFlag(
                client_id=client_id,
                kind=kind,
                detail=detail,
                concern=concern,
                reason=reason,
                review_on=review_on,
                owner_id=owner_id,
                set_by_id=owner_id,
                created_at=at,
                updated_at=at,
            )
        )

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return self.b.at(min(day, self.today), hour, minute)

    # Writing them all ----------------------------------------------------------------------

    def write(self) -> None:
        Concern.objects.bulk_create([p.concern for p in self.pending], batch_size=BATCH)
        ConcernEntry.objects.bulk_create(
            [e for p in self.pending for e in p.entries], batch_size=BATCH
        )
        Involved.objects.bulk_create(
            [i for p in self.pending for i in p.involved], batch_size=BATCH
        )
        Decision.objects.bulk_create(
            [d for p in self.pending for d in p.decisions], batch_size=BATCH
        )
        referrals = []
        for p in self.pending:
            for decision, referral in p.referrals:
                referral.decision = decision
                referrals.append(referral)
        StatutoryReferral.objects.bulk_create(referrals, batch_size=BATCH)
        Notification.objects.bulk_create(
            [n for p in self.pending for n in p.notifications], batch_size=BATCH
        )
        RiskFlag.objects.bulk_create(self.flags, batch_size=BATCH)


# The stories ------------------------------------------------------------------------------------


def _story_client(author: User, contact_type: str, **note: str) -> tuple[int, date, int] | None:
    found = (
        Contact.objects.filter(author=author, contact_type=contact_type, **note)
        .order_by("-occurred_on", "-id")
        .values_list("client_id", "occurred_on", "id")
        .first()
    )
    return found


def _midnight(sb: SafeguardingBuilder) -> None:
    found = _story_client(sb.me, ContactType.CRISIS_CALL, note__startswith=MIDNIGHT_NOTE)
    if found is None:
        return
    client_id, day, contact_id = found
    p = sb.raise_concern(
        client_id=client_id,
        category=Category.CHILD_CRIMINAL_EXPLOITATION,
        by=sb.me,
        at=sb.at(day, 0, 40),
        happened_on=day,
        happened_at=time(0, 5),
        place="On the phone; he was at home",
        seen_and_heard="He rang just after midnight. His friends had just assaulted someone "
        "near the bus station; he was with them, did nothing, and ran home. He says he feels "
        "trapped: they expect him to keep quiet, and he is scared of what happens if he walks "
        "away from them.",
        own_words="If I say anything I'm finished. If I don't, I'm part of it.",
        action_taken="Talked his choices through with him; he agreed to stay home tonight and "
        "not answer their calls. Told him I would speak to our safeguarding lead in the morning "
        "and that I would see him tomorrow.",
        crisis_call_id=contact_id,
    )
    sb.involve(p, Involvement.CAUSED_HARM, name="The group of friends he was with")
    sb.involve(p, Involvement.HARMED, name="The young man they assaulted (not known to us)")
    sb.notify(p, sb.lead, seen=sb.at(day, 8, 10), kind=NotificationKind.CRISIS_CALL)
    sb.triage(
        p,
        at=sb.at(day, 8, 30),
        grade=Grade.RED,
        rationale="Seventeen, pulled into serious violence by an older group and frightened to "
        "leave it: a child being criminally exploited. Red: act today.",
    )
    sb.refer(
        p,
        at=sb.at(day, 10, 45),
        service=StatutoryService.CHILDRENS_SOCIAL_CARE,
        rationale="He is 17: children's social care must know. Referred to the MASH with his "
        "knowledge; he is a witness, not a suspect, and we asked that any contact from the "
        "police goes through us so that he can give an account safely.",
    )
    sb.act(
        p,
        at=sb.at(day, 11, 30),
        kind=DecisionKind.ACTION,
        rationale="Safety plan agreed with him and his mum: he stays away from the bus station "
        "and the estate for now, and his caseworker sees him every day this week.",
    )
    estate = ESTATE_HOUSES[sb.rng.randrange(len(ESTATE_HOUSES))]
    sb.flag(
        client_id=client_id,
        kind=FlagKind.HOSTILE_AREA,
        detail=f"The {estate} estate",
        reason="Where the group involved in the assault spends its time: meet him elsewhere "
        "until we know it is safe.",
        set_on=day,
        review_on=sb.today + timedelta(days=28),
        owner=sb.me,
    )


def _wednesday(sb: SafeguardingBuilder) -> None:
    found = _story_client(sb.me, ContactType.HOME_VISIT, note__contains=STORY_NOTE)
    if found is None:
        return
    client_id, visit, _contact = found
    people = dict(
        Relationship.objects.filter(
            client_id=client_id, described_as__in=("girlfriend", "little brother")
        ).values_list("described_as", "person_id")
    )
    him = sb.raise_concern(
        client_id=client_id,
        category=Category.DOMESTIC_ABUSE_PERPETRATOR,
        by=sb.me,
        at=sb.at(visit, 17, 10),
        happened_on=visit,
        place="His flat",
        seen_and_heard="Home visit. He and his girlfriend had fallen out. She told me he hit "
        "her when she said she was leaving, and that she is using again. I saw no injury. He "
        "did not deny an argument; he said he only pushed her away.",
        own_words="She said: 'He hit me when I said I was going.'",
        action_taken="Gave her the number of the domestic abuse helpline and said she could "
        "call me. Referred him to the Brief Intervention Service. Told them both I would speak "
        "to our safeguarding lead today.",
    )
    if people.get("girlfriend"):
        sb.involve(him, Involvement.HARMED, person_id=people["girlfriend"])
    else:
        sb.involve(him, Involvement.HARMED, name="His girlfriend")
    sb.notify(him, sb.lead, seen=sb.at(visit, 18, 20))
    sb.triage(
        him,
        at=sb.at(visit, 18, 40),
        grade=Grade.AMBER,
        rationale="Violence when she tried to leave, and drug use: high risk to her. He is our "
        "client and the one said to have caused harm; we keep working with him.",
    )
    next_day = min(visit + timedelta(days=1), sb.today)
    sb.refer(
        him,
        at=sb.at(next_day, 10, 30),
        service=StatutoryService.MARAC,
        rationale="With her consent, referred to MARAC so that the helpline's advocate, the "
        "police and we are joined up around her.",
        reference=f"MARAC-{sb.rng.randint(1000, 9999)}",
    )
    if visit + timedelta(days=2) <= sb.today:
        sb.update(
            him,
            at=sb.at(visit + timedelta(days=2), 15, 0),
            by=sb.me,
            seen_and_heard="She rang the helpline and has an advocate now. He went to his first "
            "Brief Intervention Service appointment.",
        )
    sb.flag(
        client_id=client_id,
        kind=FlagKind.DO_NOT_VISIT_ALONE,
        reason="Until MARAC has met: visit with a colleague, or meet him at the office.",
        set_on=visit,
        review_on=visit + timedelta(days=28),
        owner=sb.me,
        concern=him.concern,
    )
    brother = sb.raise_concern(
        client_id=client_id,
        category=Category.CHILD_AT_RISK,
        by=sb.me,
        at=sb.at(visit, 17, 25),
        happened_on=visit,
        place="The family's flat",
        seen_and_heard="His little brother (13) lives with him and their mum. Their mum says "
        "older boys from the estate wait for him outside school and give him things.",
        action_taken="Spoke to their mum; she is worried too and will walk him to school this "
        "week.",
    )
    if people.get("little brother"):
        sb.involve(brother, Involvement.HARMED, person_id=people["little brother"])
    sb.notify(brother, sb.lead, seen=sb.at(visit, 18, 20))
    sb.triage(
        brother,
        at=sb.at(visit, 18, 50),
        grade=Grade.AMBER,
        rationale="A 13-year-old approached by older boys: signs of grooming into criminal "
        "exploitation.",
    )
    sb.refer(
        brother,
        at=sb.at(next_day, 11, 0),
        service=StatutoryService.CHILDRENS_SOCIAL_CARE,
        rationale="Referred to the MASH, with their mum's knowledge, so that school and social "
        "care can act together.",
    )


def _live_clients(caseworker: User, exclude: set[int]) -> list[int]:
    return [
        pk
        for pk in Journey.objects.filter(
            client__caseworker=caseworker, stage__in=(Stage.COMMUNITY, Stage.SUSTAINMENT)
        )
        .order_by("client_id")
        .values_list("client_id", flat=True)
        .distinct()
        if pk not in exclude
    ]


def _team_clients(sb: SafeguardingBuilder, exclude: set[int]) -> list[tuple[int, User]]:
    """Live clients of `caseworker`'s team, with their caseworker: `caseworker`'s own first (in
    a shuffled order), then their colleagues'."""
    team = sb.me.team_id
    if team is None:
        return []
    own = _live_clients(sb.me, exclude)
    sb.rng.shuffle(own)
    colleagues = {u.pk: u for u in User.objects.filter(team_id=team)}
    others = [
        (pk, colleagues[cw])
        for pk, cw in Journey.objects.filter(
            client__team_id=team,
            client__caseworker_id__in=[pk for pk in colleagues if pk != sb.me.pk],
            stage__in=(Stage.COMMUNITY, Stage.SUSTAINMENT),
        )
        .order_by("client_id")
        .values_list("client_id", "client__caseworker_id")
        .distinct()
        if pk not in exclude and pk not in own
    ]
    seen = set(own) | {pk for pk, _by in others} | exclude
    # And, in a small demo, clients of the team whose journey is over.
    rest = [
        (pk, colleagues.get(cw or 0, sb.me))
        for pk, cw in Client.objects.filter(team_id=team)
        .order_by("id")
        .values_list("id", "caseworker_id")
        if pk not in seen
    ]
    # Popped from the end: `caseworker`'s own come first.
    return list(reversed([(pk, sb.me) for pk in own] + others + rest))


def _stages(sb: SafeguardingBuilder) -> None:
    """A concern at each stage the lead's work goes through."""
    taken = {p.concern.client_id for p in sb.pending}
    own = _team_clients(sb, taken)
    yesterday = sb.today - timedelta(days=1)
    if own:
        # Waiting for triage since yesterday afternoon: overdue.
        client_id, by = own.pop()
        waiting = sb.raise_concern(
            client_id=client_id,
            category=Category.SELF_HARM,
            by=by,
            at=sb.at(yesterday, 16, 40),
            happened_on=yesterday,
            place="The office",
            seen_and_heard="At our session she showed me cuts on her arm, some of them new. She "
            "said she does it when things at home get too much. She says she is not thinking of "
            "ending her life.",
            own_words="It's the only thing that makes it stop for a bit.",
            action_taken="Checked the cuts are clean and she knows how to look after them; gave "
            "her the Samaritans number; she agreed I can tell her GP.",
        )
        sb.notify(waiting, sb.lead)
        sb.flag(
            client_id=waiting.concern.client_id,
            kind=FlagKind.SEE_CONCERN,
            reason="Read the concern before your next session with her.",
            set_on=yesterday,
            review_on=sb.today + timedelta(days=14),
            owner=by if by.role != Role.VOLUNTEER else sb.lead,
            concern=waiting.concern,
        )
    if own:
        # Triaged amber three working days ago; nothing recorded since: the action is overdue.
        day = sb.today
        for _ in range(3):
            day -= timedelta(days=1)
            while not deadlines.is_working_day(day):
                day -= timedelta(days=1)
        client_id, by = own.pop()
        debt = sb.raise_concern(
            client_id=client_id,
            category=Category.EXPLOITATION,
            by=by,
            at=sb.at(day, 11, 15),
            happened_on=day,
            seen_and_heard="He says he owes £400 to the people he used to sell for: the drugs "
            "were taken off him by the police. They have told him to work it off.",
            own_words="They said I belong to them till it's paid.",
            action_taken="Agreed he does not go to the flat they told him to go to; we meet at "
            "the office for now.",
        )
        sb.notify(debt, sb.lead, seen=sb.at(day, 12, 0))
        sb.triage(
            debt,
            at=sb.at(day, 13, 0),
            grade=Grade.AMBER,
            rationale="A debt to the group used to keep him working for them: exploitation. "
            "Amber: no threat of violence made yet.",
        )
    if own:
        # Green, with a decision not to refer.
        day = sb.today - timedelta(days=12)
        client_id, by = own.pop()
        shouted = sb.raise_concern(
            client_id=client_id,
            category=Category.THREATS,
            by=by,
            at=sb.at(day, 15, 30),
            happened_on=day - timedelta(days=1),
            seen_and_heard="Someone he used to know from the group shouted at him in the "
            "street. Nothing else happened; he does not feel in danger.",
            action_taken="Talked through what to do if it happens again.",
        )
        sb.notify(shouted, sb.lead, seen=sb.at(day, 16, 0))
        sb.triage(
            shouted,
            at=sb.at(day, 16, 30),
            grade=Grade.GREEN,
            rationale="No threat of harm made and he feels safe. Green.",
        )
        sb.act(
            shouted,
            at=sb.at(day + timedelta(days=1), 10, 0),
            kind=DecisionKind.NOT_REFER,
            rationale="Not a matter for the police or social care: no threat was made, and he "
            "knows what to do. His caseworker keeps an eye on it at their sessions.",
        )
    if own:
        # Red, acted on the same day, closed with its reason.
        day = sb.today - timedelta(days=150)
        client_id, by = own.pop()
        red = sb.raise_concern(
            client_id=client_id,
            category=Category.SUICIDE,
            by=by,
            at=sb.at(day, 14, 0),
            happened_on=day,
            seen_and_heard="He said he has been thinking he would be better off dead since his "
            "cousin was killed, and that he has thought about how.",
            action_taken="Stayed with him, rang his GP for a same-day appointment and went with "
            "him.",
        )
        sb.notify(red, sb.lead, seen=sb.at(day, 14, 20))
        sb.triage(
            red,
            at=sb.at(day, 14, 30),
            grade=Grade.RED,
            rationale="Thoughts of ending his life with a plan: red.",
        )
        sb.act(
            red,
            at=sb.at(day, 17, 0),
            kind=DecisionKind.ACTION,
            rationale="His GP referred him to the crisis team the same day; a safety plan is "
            "agreed with him and his mum.",
        )
        sb.close(
            red,
            at=sb.at(day + timedelta(days=90), 11, 0),
            rationale="He works with the community mental health team, uses his safety plan, "
            "and says he has not had thoughts of ending his life for two months. Closed: any new "
            "worry is a new concern.",
        )
    teamlead, manager = sb.b.users["teamlead"], sb.b.users["manager"]
    others = [(pk, by) for pk, by in own if by != teamlead]
    if others:
        # An allegation against the team lead, from a client they do not work with: the lead
        # and the manager see it; the team lead, who sees every other concern of the team,
        # never does.
        client_id, by = others[-1]
        day = sb.today - timedelta(days=6)
        allegation = sb.raise_concern(
            client_id=client_id,
            category=Category.STAFF_ALLEGATION,
            about_staff=teamlead,
            by=by,
            at=sb.at(day, 14, 0),
            happened_on=day - timedelta(days=2),
            seen_and_heard="She told me a member of staff has been messaging her on social "
            "media late at night, outside work, and asked her not to tell anyone. She showed me "
            "one message. She felt uncomfortable.",
        )
        sb.notify(allegation, sb.lead, seen=sb.at(day, 14, 30))
        sb.notify(allegation, manager)
        sb.triage(
            allegation,
            at=sb.at(day, 15, 0),
            grade=Grade.AMBER,
            rationale="An allegation of contact outside work with a client: amber.",
        )
        sb.refer(
            allegation,
            at=sb.at(day + timedelta(days=1), 10, 0),
            service=StatutoryService.LADO,
            rationale="The local authority designated officer must be told of an allegation "
            "against someone working with young people.",
            reference=f"LADO-{sb.rng.randint(100, 999)}",
        )
    # Raised an hour ago in another borough: waiting for triage, in time.
    other = sb.b.users.get("caseworker2")
    theirs = _live_clients(other, taken) if other is not None else []
    if theirs:
        at = sb.now - timedelta(hours=1)
        new = sb.raise_concern(
            client_id=sb.rng.choice(theirs),
            category=Category.THREATS,
            by=other,
            at=at,
            happened_on=timezone.localtime(at).date(),
            seen_and_heard="He showed me messages on his phone from a rival group saying they "
            "know where he lives. He has not left the house since Sunday.",
            action_taken="Agreed he stays in tonight and rings the on-call number if anyone "
            "comes to the door.",
        )
        sb.notify(new, sb.lead)


def _background(sb: SafeguardingBuilder) -> None:
    """Older concerns across the service, closed over the last two years; one still open and
    not updated in 90 days; and a few flags, one past its review date."""
    rng, b = sb.rng, sb.b
    taken = {p.concern.client_id for p in sb.pending}
    clients = [
        (pk, caseworker_id)
        for pk, caseworker_id in Client.objects.filter(caseworker__isnull=False)
        .order_by("id")
        .values_list("id", "caseworker_id")
        .iterator(chunk_size=BATCH)
        if pk not in taken
    ]
    if not clients:
        return
    staff = {
        u.pk: u
        for u in User.objects.filter(
            role__in=(Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.VOLUNTEER)
        )
    }
    chosen = rng.sample(
        clients, min(len(clients), b.scaled(BACKGROUND) + b.scaled(BACKGROUND_FLAGS) + 1)
    )
    concerns, flags = chosen[: b.scaled(BACKGROUND)], chosen[b.scaled(BACKGROUND) :]
    for n, (client_id, caseworker_id) in enumerate(concerns):
        by = staff.get(caseworker_id) or sb.me
        category, _w, grade, seen, action = _pick(rng, BACKGROUND_KINDS)
        stale = n == 0
        day = sb.today - timedelta(days=120 if stale else rng.randint(100, 720))
        p = sb.raise_concern(
            client_id=client_id,
            category=category,
            by=by,
            at=b.at(day, rng.randint(10, 16), rng.choice((0, 15, 30, 45))),
            happened_on=day - timedelta(days=rng.choice((0, 0, 1, 2))),
            seen_and_heard=seen,
            action_taken=action,
        )
        raised = p.concern.created_at
        sb.notify(p, sb.lead, seen=raised + timedelta(minutes=20))
        triaged = raised + timedelta(minutes=rng.randint(30, 180))
        sb.triage(p, at=triaged, grade=grade, rationale="Graded on what was told and seen.")
        acted = triaged + timedelta(hours=rng.randint(1, 20))
        if grade == Grade.RED and rng.random() < 0.6:
            service = (
                StatutoryService.CHILDRENS_SOCIAL_CARE
                if category == Category.CHILD_CRIMINAL_EXPLOITATION
                else StatutoryService.POLICE
            )
            sb.refer(
                p,
                at=acted,
                service=service,
                rationale="The risk needs the statutory service: referred the same day.",
                reference=f"{rng.randint(100000, 999999)}",
                feedback_on=acted.date() + timedelta(days=rng.randint(5, 20)),
                feedback="They took it on and are working with the family.",
            )
        else:
            sb.act(p, at=acted, kind=DecisionKind.ACTION, rationale=rng.choice(ACTIONS))
        if stale:
            continue  # still open, and nothing recorded since: "not updated in 90 days"
        sb.close(p, at=acted + timedelta(days=rng.randint(20, 80)), rationale=rng.choice(CLOSING))
    for n, (client_id, caseworker_id) in enumerate(flags):
        past = n == 0
        owner = staff.get(caseworker_id)
        reviewer = owner if owner is not None and owner.role != Role.VOLUNTEER else sb.lead
        set_on = sb.today - timedelta(days=100 if past else rng.randint(5, 60))
        sb.flag(
            client_id=client_id,
            kind=FlagKind.DO_NOT_VISIT_ALONE if past else FlagKind.HOSTILE_AREA,
            detail="" if past else f"The {rng.choice(ESTATE_HOUSES)} estate",
            reason="A dog at the address that is not kept in, and his brother was hostile to the "
            "last visitor: meet at the office or visit with a colleague."
            if past
            else "A rival group's area: meet him elsewhere.",
            set_on=set_on,
            review_on=sb.today - timedelta(days=6)
            if past
            else sb.today + timedelta(days=rng.randint(7, 60)),
            owner=reviewer,
        )


# The on-call rota -------------------------------------------------------------------------------


def _rota(sb: SafeguardingBuilder) -> list[OnCallShift]:
    """For the whole organisation, from the shift on now to a week ahead: the safeguarding lead
    in office hours, a rota of four on weekday evenings, one of them for each weekend."""
    b = sb.b
    people = [b.users[k] for k in ("teamlead", "manager", "caseworker") if k in b.users]
    people.insert(1, sb.lead)
    everyone = list(dict.fromkeys([sb.lead, *people]))
    phone = {u.pk: PHONES.format(100 + n) for n, u in enumerate(everyone)}

    def moment(day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour), tzinfo=b.tz)

    windows: list[tuple[User, datetime, datetime]] = []
    start = sb.today - timedelta(days=3)
    for offset in range(12):
        day = start + timedelta(days=offset)
        weekday = day.weekday()
        if weekday < 5:
            windows.append((sb.lead, moment(day, 9), moment(day, 17)))
        if weekday < 4:
            person = people[day.toordinal() % len(people)]
            windows.append((person, moment(day, 17), moment(day + timedelta(days=1), 9)))
        if weekday == 4:
            person = people[(day.toordinal() // 7) % len(people)]
            windows.append((person, moment(day, 17), moment(day + timedelta(days=3), 9)))
    horizon = sb.now + timedelta(days=8)
    return [
        OnCallShift(
            organisation_id=sb.organisation,
            team=None,
            person=person,
            phone=phone[person.pk],
            starts_at=starts,
            ends_at=ends,
            created_by=sb.lead,
            created_at=b.at(sb.today - timedelta(days=7), 10),
            updated_at=b.at(sb.today - timedelta(days=7), 10),
        )
        for person, starts, ends in windows
        if ends > sb.now and starts < horizon
    ]


def add(builder: Any) -> None:
    """Add this app's records to the demo service, once its clients and journeys are written."""
    lead = builder.users.get("safeguarding")
    if lead is None or lead.organisation_id is None or "caseworker" not in builder.users:
        return
    sb = SafeguardingBuilder(builder)
    _midnight(sb)
    _wednesday(sb)
    _stages(sb)
    _background(sb)
    sb.write()
    OnCallShift.objects.bulk_create(_rota(sb), batch_size=BATCH)
