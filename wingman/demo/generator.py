"""The synthetic demo service: one fictional organisation working across 18 London boroughs,
about three years of referrals, journeys and casework.

Everything comes from one `random.Random(seed)`, so a seed always gives the same service (given
the same day). Rows are built in memory and written in batches, in one transaction, and never
through the services: this is set-up, not someone reading or writing a record, so it
writes no audit rows."""

import heapq
import math
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property, partial
from itertools import accumulate
from operator import attrgetter
from typing import Any, Literal

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from wingman.accounts.choices import Role, Weekday
from wingman.accounts.models import AccessWindow, Borough, Organisation, Team, User
from wingman.casework.choices import (
    ChecklistItem,
    ChecklistStatus,
    ClosureReason,
    ContactType,
    PartnerReferralStatus,
    PartnerType,
    Stage,
    TaskKind,
)
from wingman.casework.models import (
    ChecklistEntry,
    Contact,
    Journey,
    PartnerReferral,
    RotlPeriod,
    StageChange,
    Task,
)
from wingman.core.pathways import Pathway
from wingman.people.choices import Ethnicity, Gender
from wingman.people.models import Client
from wingman.referrals.choices import Cohort, ReferralState, Source
from wingman.referrals.models import Allocation, FundingStream, Referral

from . import assessments as demo_assessments
from . import court as demo_court
from . import documents as demo_documents
from . import family as demo_family
from . import offending as demo_offending
from . import outcomes as demo_outcomes
from . import plans as demo_plans
from . import safeguarding as demo_safeguarding
from . import words

DEMO_PASSWORD = "wingman-demo-2026"  # noqa: S105 (the published password of the demo accounts)
DEFAULT_SEED = 2026
YEARS = 3
REFERRALS_PER_YEAR = 600
BATCH_SIZE = 2000
CASES_PER_WRITE = 1000


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    sees: str


# The accounts a person trying the demo signs in with; `demo_sign_in_help` prints them.
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "caseworker",
        Role.CASEWORKER,
        "Their own caseload: releases this week, overdue tasks, contacts, release day.",
    ),
    DemoAccount(
        "rotl",
        Role.CASEWORKER,
        "Their own caseload. On temporary licence: signs in Monday to Friday, 08:00-18:00, "
        "and never exports.",
    ),
    DemoAccount(
        "teamlead",
        Role.SENIOR_CASEWORKER,
        "Every client in their team, unallocated referrals, the team's caseloads, the team's "
        "safeguarding concerns but not the allegation made against them.",
    ),
    DemoAccount(
        "caseworker2",
        Role.CASEWORKER,
        "A caseworker in another borough: their own caseload there. None of `caseworker`'s "
        "clients, and `caseworker` sees none of theirs.",
    ),
    DemoAccount("manager", Role.MANAGER, "Every team in their borough."),
    DemoAccount("volunteer", Role.VOLUNTEER, "Their own small caseload."),
    DemoAccount(
        "safeguarding",
        Role.SAFEGUARDING_LEAD,
        "Every client in the organisation, all boroughs; concerns waiting for triage (one "
        "overdue), the midnight call's and Wednesday's concerns, and the on-call rota.",
    ),
    DemoAccount(
        "dpo",
        Role.DATA_PROTECTION_OFFICER,
        "Every client in the organisation, and who has read each record; the safeguarding "
        "register (/audit/safeguarding/): which concerns exist and are overdue, never what they "
        "say.",
    ),
    DemoAccount(
        "admin",
        Role.ADMINISTRATOR,
        "The back office (/back-office/): staff, teams, funding streams. No client records.",
    ),
    DemoAccount(
        "funder", Role.FUNDER, "Their borough's funded work, in figures. No client records."
    ),
)
DEMO_USERNAMES = tuple(a.username for a in DEMO_ACCOUNTS)


@dataclass
class Summary:
    seed: int
    scale: float
    organisations: int = 0
    boroughs: int = 0
    teams: int = 0
    staff: int = 0
    funding_streams: int = 0
    clients: int = 0
    referrals: int = 0
    journeys: int = 0
    stage_changes: int = 0
    rotl_periods: int = 0
    checklist: int = 0
    contacts: int = 0
    tasks: int = 0
    partner_referrals: int = 0
    allocations: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"Demo service built in {self.seconds:.1f} s (seed {self.seed}, scale {self.scale:g}): "
            f"{self.boroughs} boroughs, {self.teams} teams, {self.staff} staff, "
            f"{self.funding_streams} funding streams, {self.clients} clients, "
            f"{self.referrals} referrals, {self.journeys} journeys, {self.contacts} contacts, "
            f"{self.tasks} tasks, {self.partner_referrals} partner referrals."
        )


class Table[V]:
    """A weighted choice, with the cumulative weights worked out once."""

    def __init__(self, pairs: Sequence[tuple[V, float]]) -> None:
        self.values = [v for v, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))

    def pick(self, rng: random.Random) -> V:
        return rng.choices(self.values, cum_weights=self.cum)[0]


@dataclass
class Carrier:
    """A member of staff who holds a caseload, and how much of the team's work they take."""

    user: User
    weight: float


@dataclass
class TeamPlan:
    team: Team
    carriers: list[Carrier] = field(default_factory=list)
    leads: list[User] = field(default_factory=list)

    @property
    def weight(self) -> float:
        return sum(c.weight for c in self.carriers)

    @cached_property
    def table(self) -> Table[User]:
        return Table([(c.user, c.weight) for c in self.carriers])


@dataclass
class Spell:
    """A time in custody: from, expected release, where."""

    start: date
    release: date
    establishment: str


@dataclass
class Timeline:
    changes: list[tuple[str, str, date, str]]  # from stage, to stage, on, closure reason
    spells: list[Spell]

    @property
    def stage(self) -> str:
        return self.changes[-1][1]

    @property
    def since(self) -> date:
        return self.changes[-1][2]

    @property
    def is_open(self) -> bool:
        return self.stage != Stage.CLOSED

    def intervals(self, today: date) -> list[tuple[str, date, date]]:
        """(stage, first day, day after the last) for every stage the journey has been in."""
        out = []
        for i, (_, to, on, _) in enumerate(self.changes):
            end = self.changes[i + 1][2] if i + 1 < len(self.changes) else today + timedelta(1)
            out.append((to, on, end))
        return out

    def spell_on(self, day: date) -> Spell | None:
        current = None
        for spell in self.spells:
            if spell.start <= day:
                current = spell
        return current


@dataclass
class Person:
    """What is known about a young person before they are written as a client."""

    client: Client
    age: int
    needs: list[str]
    name: str


@dataclass
class Rows:
    """Rows waiting to be written, in the order they must be written."""

    clients: list[Client] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    journeys: list[Journey] = field(default_factory=list)
    stage_changes: list[StageChange] = field(default_factory=list)
    rotl_periods: list[RotlPeriod] = field(default_factory=list)
    checklist: list[ChecklistEntry] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    partner_referrals: list[PartnerReferral] = field(default_factory=list)
    allocations: list[Allocation] = field(default_factory=list)

    ORDER = (
        ("clients", Client),
        ("referrals", Referral),
        ("journeys", Journey),
        ("stage_changes", StageChange),
        ("rotl_periods", RotlPeriod),
        ("checklist", ChecklistEntry),
        ("contacts", Contact),
        ("tasks", Task),
        ("partner_referrals", PartnerReferral),
        ("allocations", Allocation),
    )


@dataclass
class Case:
    """One referral as planned: enough for a story to add its own rows."""

    person: Person
    referral: Referral
    team: TeamPlan
    carrier: User | None
    journey: Journey | None = None
    timeline: Timeline | None = None
    handovers: list[tuple[date, User]] = field(default_factory=list)


ALLOCATED_CHANCE: dict[str, float] = {
    ReferralState.RECEIVED: 0.3,
    ReferralState.SCREENING: 0.7,
    ReferralState.ACCEPTED: 0.97,
    ReferralState.ACCEPTED_UNFUNDED: 0.97,
}
CUSTODY_AGES: tuple[int, ...] = (15, 16, 17, 17, 18, 18, 19, 19, 20, 20, 21, 22, 23, 24)
YOUNGER_AGES: tuple[int, ...] = (12, 13, 14, 14, 15, 15, 16, 16, 17)
COMMUNITY_AGES: tuple[int, ...] = (14, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 21, 22, 23, 24, 25)
# Open journeys at scale 1, about: what the funding streams are sized for.
LIVE_JOURNEYS = 500
# Caseworkers added for each step of scale above 1, so that each has about 30 live clients.
CASEWORKERS_PER_SCALE = 17
# Live clients `caseworker` takes from ordinary referrals; the week's stories add eight more.
CASEWORKER_RANDOM_LIVE = 22
CUSTODY_SOURCES = frozenset(
    {Source.PRISON, Source.PROBATION, Source.YOUTH_OFFENDING_TEAM, Source.COURT, Source.POLICE}
)
CONTACT_RATE_PER_WEEK: dict[str, float] = {
    Stage.IN_CUSTODY: 0.55,
    Stage.COMMUNITY: 1.1,
    Stage.SUSTAINMENT: 0.4,
}
CONTACT_PLACES: dict[str, str] = {
    ContactType.HOME_VISIT: "Home",
    ContactType.GROUP_SESSION: "Youth centre",
    ContactType.FAMILY_SESSION: "Family home",
}
NIGHT_OWL_TYPES = frozenset({ContactType.CRISIS_CALL, ContactType.MESSAGE})


class DemoBuilder:
    """Builds the demo service. `build()` does it all, inside one transaction."""

    def __init__(
        self,
        *,
        seed: int = DEFAULT_SEED,
        scale: float = 1.0,
        today: date | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        if scale <= 0:
            raise ValueError("scale must be more than 0")
        self.seed = seed
        self.scale = scale
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        # Times are never later than the start of this hour, so that the same seed on the same
        # day gives the same times too.
        self.now = timezone.now().replace(minute=0, second=0, microsecond=0)
        self.tz = timezone.get_current_timezone()
        self.progress = progress or (lambda _line: None)
        self.summary = Summary(seed=seed, scale=scale)
        self.rows = Rows()
        self.writer = RowWriter()
        self.teams: list[TeamPlan] = []
        self.team_table: Table[TeamPlan] | None = None
        self.boroughs: dict[str, Borough] = {}
        self.streams: list[FundingStream] = []
        self.stream_residence: dict[int, set[int]] = {}
        self.stream_load: dict[int, list[int]] = {}
        self.users: dict[str, User] = {}
        self.fallback_lead: User | None = None
        self._started = time.monotonic()
        self._planned = 0
        self._total_cases = 0
        self._usernames: set[str] = set()
        self.caseworker_live = 0

        self.name_groups = Table([(g, g["weight"]) for g in words.NAME_GROUPS])
        self.group_ethnicity = {id(g): Table(g["ethnicity"]) for g in words.NAME_GROUPS}
        self.sources = Table(list(words.SOURCE_WEIGHTS.items()))
        self.genders = Table(
            [
                (Gender.MALE, 78),
                (Gender.FEMALE, 18),
                (Gender.NON_BINARY, 1.5),
                (Gender.OTHER, 0.5),
                (Gender.NOT_SAID, 2),
            ]
        )
        self.outcomes = Table(
            [
                (ReferralState.ACCEPTED, 65),
                (ReferralState.ACCEPTED_UNFUNDED, 4),
                (ReferralState.DECLINED, 15),
                (ReferralState.WITHDRAWN, 5),
            ]
        )
        self.stage_types = {s: Table(w) for s, w in words.STAGE_CONTACT_TYPES.items()}
        self.stage_pathways = {s: Table(w) for s, w in words.STAGE_PATHWAYS.items()}
        self.pathway_count = Table([(1, 50), (2, 35), (3, 15)])
        self.partner_types = Table(words.PARTNER_TYPE_WEIGHTS)
        self.community_next = Table(
            [
                ((Stage.SUSTAINMENT, ""), 62),
                ((Stage.CLOSED, ClosureReason.DISENGAGED), 14),
                ((Stage.IN_CUSTODY, ""), 8),
                ((Stage.CLOSED, ClosureReason.RETURNED_TO_CUSTODY), 4),
                ((Stage.CLOSED, ClosureReason.MOVED_AWAY), 5),
                ((Stage.CLOSED, ClosureReason.TRANSFERRED), 3),
                ((Stage.CLOSED, ClosureReason.OTHER), 3),
                ((Stage.CLOSED, ClosureReason.DIED), 0.4),
            ]
        )
        self.sustainment_next = Table(
            [
                ((Stage.CLOSED, ClosureReason.GOALS_MET), 78),
                ((Stage.COMMUNITY, ""), 7),
                ((Stage.CLOSED, ClosureReason.DISENGAGED), 6),
                ((Stage.IN_CUSTODY, ""), 4),
                ((Stage.CLOSED, ClosureReason.MOVED_AWAY), 3),
                ((Stage.CLOSED, ClosureReason.OTHER), 2),
            ]
        )
        self.partner_status_late = Table(
            [
                (PartnerReferralStatus.ACCEPTED, 1),
                (PartnerReferralStatus.ATTENDED, 3),
                (PartnerReferralStatus.COMPLETED, 5),
                (PartnerReferralStatus.DECLINED, 2),
                (PartnerReferralStatus.MADE, 1),
            ]
        )
        self.partner_status_early = Table(
            [
                (PartnerReferralStatus.MADE, 3),
                (PartnerReferralStatus.ACCEPTED, 4),
                (PartnerReferralStatus.DECLINED, 1),
            ]
        )

    # Small helpers ------------------------------------------------------------------------

    def at(self, day: date, hour: int = 12, minute: int = 0) -> datetime:
        """A moment on `day`, London time, never later than now."""
        moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.tz)
        return min(moment, self.now)

    def working_time(self, day: date) -> datetime:
        return self.at(day, self.rng.randint(9, 17), self.rng.choice((0, 15, 30, 45)))

    def on_weekday(self, day: date, earliest: date) -> date:
        """Most work happens Monday to Friday: move a weekend day to the Friday before."""
        wd = day.weekday()
        if wd >= 5 and self.rng.random() < 0.85:
            moved = day - timedelta(days=wd - 4)
            if moved >= earliest:
                return moved
        return day

    def between(self, start: date, end_exclusive: date) -> date:
        span = (end_exclusive - start).days
        return start + timedelta(days=self.rng.randrange(span)) if span > 0 else start

    def scaled(self, n: float) -> int:
        return max(1, round(n * self.scale))

    # The build ----------------------------------------------------------------------------

    def build(self) -> Summary:
        with transaction.atomic():
            organisation = Organisation.objects.create(name=words.ORGANISATION_NAME)
            self.summary.organisations = 1
            self._boroughs(organisation)
            self._staff(organisation)
            self._funding_streams()
            self.writer.start()
            self._cases()
            self.writer.finish()
            for part in WHOLE_PERSON:
                part.add(self)
        self.summary.seconds = time.monotonic() - self._started
        return self.summary

    def _boroughs(self, organisation: Organisation) -> None:
        made = Borough.objects.bulk_create(
            [Borough(organisation=organisation, name=name) for name in words.BOROUGHS]
        )
        self.boroughs = {b.name: b for b in made}
        self.summary.boroughs = len(made)

    # Staff --------------------------------------------------------------------------------

    def _person_name(self, gender: str | None = None) -> tuple[str, str, dict]:
        group = self.name_groups.pick(self.rng)
        if gender is None:
            gender = self.rng.choice((Gender.MALE, Gender.FEMALE))
        if gender == Gender.FEMALE:
            first = self.rng.choice(group["female"])
        elif gender == Gender.MALE:
            first = self.rng.choice(group["male"])
        else:
            first = self.rng.choice(words.NEUTRAL_FIRST_NAMES)
        return first, self.rng.choice(group["family"]), group

    def _username(self, first: str, last: str) -> str:
        base = re.sub(r"[^a-z.]", "", f"{first}.{last}".lower())
        name, n = base, 1
        while name in self._usernames:
            n += 1
            name = f"{base}{n}"
        self._usernames.add(name)
        return name

    def _staff(self, organisation: Organisation) -> None:
        rng = self.rng
        password = make_password(DEMO_PASSWORD)
        joined = self.at(self.today - timedelta(days=365 * YEARS + 200), 9)
        pending: list[tuple[User, TeamPlan | None, float]] = []
        staff_names: set[tuple[str, str]] = set()

        def person(
            role: str,
            plan: TeamPlan | None,
            *,
            username: str | None = None,
            weight: float = 0.0,
            lived: bool | None = None,
            **extra: Any,
        ) -> User:
            first, last, _ = self._person_name()
            while (first, last) in staff_names:  # two staff of one name would confuse everyone
                first, last, _ = self._person_name()
            staff_names.add((first, last))
            if username is None:
                username = self._username(first, last)
            else:
                self._usernames.add(username)
            if lived is None:
                lived = role in (Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.VOLUNTEER) and (
                    rng.random() < 0.85
                )
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
                password=password,
                role=role,
                organisation=organisation,
                team=plan.team if plan else None,
                lived_experience=lived,
                date_joined=joined,
                **extra,
            )
            pending.append((user, plan, weight))
            return user

        # Teams: one in most boroughs, two in Southwark and one other.
        second = rng.choice([b for b in words.BOROUGHS if b != "Southwark"])
        team_objs: list[Team] = []
        for name, borough in self.boroughs.items():
            labels = ["North", "South"] if name in ("Southwark", second) else ["Gangs exit"]
            team_objs += [Team(borough=borough, name=label) for label in labels]
        Team.objects.bulk_create(team_objs)
        plans = [TeamPlan(team=t) for t in team_objs]
        by_borough: dict[str, list[TeamPlan]] = {}
        for plan in plans:
            by_borough.setdefault(plan.team.borough.name, []).append(plan)

        north = by_borough["Southwark"][0]
        south = by_borough["Southwark"][1]
        self.users["teamlead"] = person(
            Role.SENIOR_CASEWORKER, north, username="teamlead", weight=0.5, lived=True
        )
        self.users["caseworker"] = person(
            Role.CASEWORKER, north, username="caseworker", weight=1.3, lived=True
        )
        self.users["rotl"] = person(
            Role.CASEWORKER,
            north,
            username="rotl",
            weight=0.8,
            lived=True,
            on_temporary_licence=True,
        )
        self.users["volunteer"] = person(Role.VOLUNTEER, north, username="volunteer", weight=0.3)
        self.users["manager"] = person(Role.MANAGER, north, username="manager", lived=True)
        self.users["safeguarding"] = person(
            Role.SAFEGUARDING_LEAD, north, username="safeguarding", lived=False
        )
        self.users["dpo"] = person(Role.DATA_PROTECTION_OFFICER, north, username="dpo", lived=False)
        self.users["admin"] = person(
            Role.ADMINISTRATOR,
            None,
            username="admin",
            lived=False,
        )
        self.users["funder"] = person(
            Role.FUNDER,
            None,
            username="funder",
            lived=False,
            funded_borough=self.boroughs["Southwark"],
        )
        person(Role.SENIOR_CASEWORKER, south, weight=0.5)
        person(Role.CASEWORKER, south, weight=1.0)
        other_north, other_south = by_borough[second]
        person(Role.SENIOR_CASEWORKER, other_north, weight=0.5)
        self.users["caseworker2"] = person(
            Role.CASEWORKER, other_north, username="caseworker2", weight=1.0
        )
        person(Role.MANAGER, other_north)
        person(Role.CASEWORKER, other_south, weight=1.0)
        for name, team_plans in by_borough.items():
            if name not in ("Southwark", second):
                person(Role.CASEWORKER, team_plans[0], weight=1.0)

        # A bigger service: more teams, each a senior caseworker and five caseworkers.
        if self.scale > 1:
            extra_carriers = round(CASEWORKERS_PER_SCALE * (self.scale - 1))
            new_teams = math.ceil(extra_carriers / 6)
            borough_names = list(by_borough)
            added: list[Team] = []
            for i in range(new_teams):
                name = borough_names[i % len(borough_names)]
                number = len(by_borough[name]) + 1 + sum(1 for t in added if t.borough.name == name)
                added.append(Team(borough=self.boroughs[name], name=f"Team {number}"))
            Team.objects.bulk_create(added)
            managed = {"Southwark", second}
            for i, team in enumerate(added):
                plan = TeamPlan(team=team)
                plans.append(plan)
                by_borough[team.borough.name].append(plan)
                person(Role.SENIOR_CASEWORKER, plan, weight=0.5)
                for _ in range(5):
                    person(Role.CASEWORKER, plan, weight=1.0)
                if i % 10 == 9:
                    person(Role.VOLUNTEER, plan, weight=0.3)
                if i % 4 == 3 and team.borough.name not in managed:
                    managed.add(team.borough.name)
                    person(Role.MANAGER, plan)

        User.objects.bulk_create([u for u, _, _ in pending], batch_size=BATCH_SIZE)
        for user, home, weight in pending:
            if home is None:
                continue
            if weight:
                home.carriers.append(Carrier(user, weight))
            if user.role == Role.SENIOR_CASEWORKER:
                home.leads.insert(0, user)
            elif user.role == Role.MANAGER:
                for borough_plan in by_borough[home.team.borough.name]:
                    borough_plan.leads.append(user)
        self.fallback_lead = self.users["manager"]
        AccessWindow.objects.create(
            user=self.users["rotl"],
            weekdays=[
                Weekday.MONDAY,
                Weekday.TUESDAY,
                Weekday.WEDNESDAY,
                Weekday.THURSDAY,
                Weekday.FRIDAY,
            ],
            starts_at="08:00",
            ends_at="18:00",
        )
        self.teams = plans
        self.team_table = Table([(p, p.weight) for p in plans])
        self.summary.teams = len(plans)
        self.summary.staff = len(pending)

    def pick_carrier(self, team: TeamPlan, *, live: bool) -> User:
        """A caseworker in the team, by weight. `caseworker` takes live clients only up to
        CASEWORKER_RANDOM_LIVE, so that the demo account always has a caseload like a real one."""
        carrier = team.table.pick(self.rng)
        me = self.users["caseworker"]
        if live and team.team.pk == me.team_id:
            if carrier is not me and self.caseworker_live < CASEWORKER_RANDOM_LIVE:
                if self.rng.random() < 0.3:
                    carrier = me
            elif carrier is me and self.caseworker_live >= CASEWORKER_RANDOM_LIVE:
                others = [c for c in team.carriers if c.user is not me]
                return Table([(c.user, c.weight) for c in others]).pick(self.rng)
            if carrier is me:
                self.caseworker_live += 1
        return carrier

    def lead_of(self, plan: TeamPlan) -> User:
        return plan.leads[0] if plan.leads else self.fallback_lead  # type: ignore[return-value]

    # Funding streams ----------------------------------------------------------------------

    def _funding_streams(self) -> None:
        """One to three streams a borough, with places enough for most of the borough's work:
        busier boroughs buy more."""
        rng = self.rng
        streams: list[FundingStream] = []
        residence: list[list[Borough]] = []
        kinds = [
            (Cohort.CUSTODY_LEAVERS, "Custody leavers", ((16, 25), (14, 25))),
            (Cohort.COMMUNITY, "Gangs exit in the community", ((14, 25), (16, 25))),
            (Cohort.AT_RISK_OF_EXPLOITATION, "Exploitation prevention", ((10, 18),)),
        ]
        bigger = max(1.0, self.scale)
        borough_weight: dict[str, float] = {}
        for plan in self.teams:
            name = plan.team.borough.name
            borough_weight[name] = borough_weight.get(name, 0.0) + plan.weight
        total = sum(borough_weight.values())
        average = total / len(self.boroughs)
        for name, borough in self.boroughs.items():
            weight = borough_weight.get(name, 0.0)
            count = 3 if weight > 1.5 * average else rng.choice((1, 2, 2, 3))
            chosen = [kinds[0], *rng.sample(kinds[1:], count - 1)]
            if count == 1 and rng.random() < 0.3:
                chosen = [kinds[1]]
            # Places enough for the borough's share of the open journeys, and some to spare.
            needed = 1.3 * LIVE_JOURNEYS * bigger * weight / total / count
            for i, (cohort, label, ranges) in enumerate(chosen):
                low, high = rng.choice(ranges)
                started = self.today - timedelta(days=365 * YEARS + rng.randint(60, 400))
                if i > 0 and rng.random() < 0.5:
                    started = self.today - timedelta(days=rng.randint(200, 900))
                ends = None
                if i > 0 and rng.random() < 0.15:
                    ends = self.today - timedelta(days=rng.randint(30, 300))
                places = rng.choice((10, 15, 20, 25, 30, 35, 40)) * bigger
                streams.append(
                    FundingStream(
                        borough=borough,
                        name=f"{name} {label.lower()}",
                        cohort=cohort,
                        min_age=low,
                        max_age=high,
                        capacity=round(max(places, needed)),
                        starts_on=started,
                        ends_on=ends,
                    )
                )
                lives = [borough]
                neighbours = words.BOROUGHS[name]
                if rng.random() < 0.4:
                    lives.append(self.boroughs[rng.choice(neighbours)])
                residence.append(lives)
        FundingStream.objects.bulk_create(streams)
        through = FundingStream.residence_boroughs.through
        through.objects.bulk_create(
            [
                through(fundingstream_id=s.pk, borough_id=b.pk)
                for s, lives in zip(streams, residence, strict=True)
                for b in lives
            ]
        )
        self.streams = streams
        self.stream_residence = {
            s.pk: {b.pk for b in lives} for s, lives in zip(streams, residence, strict=True)
        }
        self.stream_load = {s.pk: [] for s in streams}
        self.summary.funding_streams = len(streams)

    # Referrals ----------------------------------------------------------------------------

    def _cases(self) -> None:
        rng = self.rng
        n = self.scaled(REFERRALS_PER_YEAR * YEARS)
        span = 365 * YEARS
        days = sorted(
            self.on_weekday(self.today - timedelta(days=rng.randrange(span)), date.min)
            for _ in range(n)
        )
        sources = self._source_deck(n)
        self._total_cases = n + len(self.teams) + len(STORIES)
        assert self.team_table is not None
        for received_on, source in zip(days, sources, strict=True):
            self.plan_case(received_on=received_on, source=source, team=self.team_table.pick(rng))
            self._planned += 1
            if self._planned % CASES_PER_WRITE == 0:
                self._write()
        # Every team has at least one new referral nobody has picked up yet.
        for plan in self.teams:
            state = rng.choice((ReferralState.RECEIVED, ReferralState.SCREENING))
            self.plan_case(
                received_on=self.today - timedelta(days=rng.randint(0, 9)),
                source=self.sources.pick(rng),
                team=plan,
                allocated=False,
                outcome=(state, None),
            )
            self._planned += 1
        for story in STORIES:
            story(self)
            self._planned += 1
        self._write()

    def _source_deck(self, n: int) -> list[str]:
        """Sources in proportion to their weights, every one at least once, in random order."""
        total = sum(words.SOURCE_WEIGHTS.values())
        counts = {s: max(1, math.floor(n * w / total)) for s, w in words.SOURCE_WEIGHTS.items()}
        by_remainder = sorted(
            words.SOURCE_WEIGHTS, key=lambda s: -(n * words.SOURCE_WEIGHTS[s] / total) % 1
        )
        i = 0
        while sum(counts.values()) < n:
            counts[by_remainder[i % len(by_remainder)]] += 1
            i += 1
        deck = [s for s, c in counts.items() for _ in range(c)]
        self.rng.shuffle(deck)
        return deck[:n]

    def _referral_outcome(self, received_on: date) -> tuple[str, date | None]:
        rng = self.rng
        waited = (self.today - received_on).days
        still_open = 1.0 if waited <= 3 else max(0.0, 1 - (waited - 3) / 45) ** 2
        if rng.random() < still_open:
            screening = waited > 2 and rng.random() < 0.6
            return (ReferralState.SCREENING if screening else ReferralState.RECEIVED), None
        lag = min(waited, 1 + int(rng.expovariate(1 / 8)))
        return self.outcomes.pick(rng), received_on + timedelta(days=lag)

    def new_person(
        self,
        *,
        team: TeamPlan,
        source: str,
        received_on: date,
        in_custody: bool,
        gender: str | None = None,
        age: int | None = None,
    ) -> Person:
        rng = self.rng
        gender = gender or self.genders.pick(rng)
        first, last, group = self._person_name(gender)
        ethnicity = self.group_ethnicity[id(group)].pick(rng)
        if rng.random() < 0.03:
            ethnicity = Ethnicity.NOT_SAID
        oldest = years_before(self.today, 26) + timedelta(days=1)
        if age is None:
            if in_custody:
                ages = CUSTODY_AGES
            elif source in (Source.SCHOOL, Source.FAMILY, Source.COUNCIL):
                ages = YOUNGER_AGES
            else:
                ages = COMMUNITY_AGES
            # Nobody is older than 25 today: draw again (a few times) for anyone who would be.
            for _ in range(6):
                age = rng.choice(ages)
                dob = received_on - timedelta(days=int((age + rng.random()) * 365.25))
                if dob > oldest:
                    break
        else:
            dob = received_on - timedelta(days=int((age + rng.random()) * 365.25))
        if dob <= oldest:
            dob = oldest + timedelta(days=rng.randint(1, 300))
        age = age_on(dob, received_on)
        home = team.team.borough
        if rng.random() < 0.2:
            home = self.boroughs[rng.choice(words.BOROUGHS[home.name])]
        custody_record = in_custody or (source in CUSTODY_SOURCES and rng.random() < 0.3)
        prison_number = ""
        if custody_record:
            prison_number = (
                f"{rng.choice('ABGH')}{rng.randint(1000, 9999)}"
                f"{rng.choice('ABCDEFGHJKLMNPRSTVWXYZ')}{rng.choice('ABCDEFGHJKLMNPRSTVWXYZ')}"
            )
        pnc = ""
        if source in CUSTODY_SOURCES or rng.random() < 0.35:
            first_arrest = min(received_on.year, dob.year + rng.randint(12, max(12, age)))
            check = rng.choice("ABCDEFGHJKLMNPQRTUVWXYZ")
            pnc = f"{first_arrest % 100:02d}/{rng.randint(0, 999999):06d}{check}"
        needs: list[str] = []
        pathway_table = self.stage_pathways[Stage.COMMUNITY]
        while len(needs) < rng.randint(2, 4):
            need = pathway_table.pick(rng)
            if need not in needs:
                needs.append(need)
        languages = "English"
        if rng.random() < 0.15:
            languages = f"English, {rng.choice(words.LANGUAGES)}"
        if rng.random() < 0.6:
            address = (
                f"Flat {rng.randint(1, 140)}, {rng.choice(words.ESTATE_HOUSES)}, "
                f"{rng.choice(words.STREET_NAMES)}, London"
            )
        else:
            address = f"{rng.randint(1, 220)} {rng.choice(words.STREET_NAMES)}, London"
        client = Client(
            pk=self.writer.new_id(Client),
            given_name=first,
            family_name=last,
            preferred_name=words.NICKNAMES.get(first, "") if rng.random() < 0.5 else "",
            aliases=rng.choice(words.STREET_NAMES_ALIASES) if rng.random() < 0.25 else "",
            date_of_birth=dob,
            gender=gender,
            ethnicity=ethnicity,
            borough=home,
            address=address,
            phone=f"07700 900{rng.randint(0, 999):03d}" if rng.random() < 0.9 else "",
            languages=languages,
            prison_number=prison_number,
            pnc_number=pnc,
            also_a_victim=rng.random() < 0.45,
            team=team.team,
            created_at=self.working_time(received_on),
        )
        client.updated_at = client.created_at
        return Person(client=client, age=age, needs=needs, name=client.display_name)

    def establishment(self, age: int, gender: str) -> str:
        if gender == Gender.FEMALE:
            return (
                "Oakhill Secure Training Centre"
                if age < 18
                else self.rng.choice(words.ESTABLISHMENTS_WOMEN)
            )
        if age < 18:
            return self.rng.choice(words.ESTABLISHMENTS_UNDER_18)
        if age < 21:
            return self.rng.choice(words.ESTABLISHMENTS_18_TO_21)
        return self.rng.choice(words.ESTABLISHMENTS_ADULT)

    def _referrer(self, source: str, team: TeamPlan, establishment: str) -> tuple[str, str, str]:
        rng = self.rng
        borough = team.team.borough.name
        organisation = rng.choice(words.REFERRER_ORGANISATION[source]).format(
            borough=borough,
            establishment=establishment or rng.choice(words.ESTABLISHMENTS_18_TO_21),
            court=rng.choice(words.COURTS),
            school=rng.choice(words.SCHOOLS),
        )
        if source == Source.SELF:
            return "", "", ""
        first, last, _ = self._person_name()
        if source == Source.FAMILY:
            name = f"{first} {last} ({rng.choice(words.FAMILY_REFERRERS).lower()})"
            return name, "", f"07700 900{rng.randint(0, 999):03d}"
        contact = rng.choice(
            (
                f"{first.lower()}.{re.sub(r'[^a-z]', '', last.lower())}@example.org",
                f"020 7946 0{rng.randint(0, 999):03d}",
            )
        )
        return f"{first} {last}", organisation, contact

    def plan_case(
        self,
        *,
        received_on: date,
        source: str,
        team: TeamPlan,
        carrier: User | None = None,
        allocated: bool | None = None,
        taker: User | None = None,
        in_custody: bool | None = None,
        gender: str | None = None,
        age: int | None = None,
        outcome: tuple[str, date | None] | None = None,
        timeline: Timeline | None = None,
        reason: str | None = None,
        unfunded_reason: str | None = None,
        establishment: str | None = None,
        needs: list[str] | None = None,
        fill: bool = True,
    ) -> Case:
        """Plan one referral, the young person and, if accepted, the journey and its work.
        Without `carrier`, whether and to whom the client is allocated is drawn at random."""
        rng = self.rng
        if in_custody is None:
            in_custody = rng.random() < words.IN_CUSTODY_BY_SOURCE[source]
        person = self.new_person(
            team=team,
            source=source,
            received_on=received_on,
            in_custody=in_custody,
            gender=gender,
            age=age,
        )
        client = person.client
        if needs:
            person.needs = needs
        state, decided_on = outcome or self._referral_outcome(received_on)
        accepted = state in (ReferralState.ACCEPTED, ReferralState.ACCEPTED_UNFUNDED)
        if in_custody and establishment is None:
            establishment = self.establishment(person.age, client.gender)
        if accepted and timeline is None:
            assert decided_on is not None
            timeline = self.simulate(
                opened=decided_on,
                in_custody=in_custody,
                age=person.age,
                gender=client.gender,
                establishment=establishment,
            )

        if carrier is None and allocated is not False:
            chance = ALLOCATED_CHANCE.get(state, 0.35) if allocated is None else 1.0
            if accepted and decided_on is not None and (self.today - decided_on).days > 14:
                chance = 1.0  # waiting for a caseworker is a matter of days, not weeks
            if rng.random() < chance:
                carrier = self.pick_carrier(team, live=timeline is not None and timeline.is_open)
        if taker is None:
            taker = carrier if carrier is not None and rng.random() < 0.7 else team.table.pick(rng)
        client.created_by = taker
        client.caseworker = carrier

        name, organisation, contact = self._referrer(source, team, establishment or "")
        referral = Referral(
            pk=self.writer.new_id(Referral),
            client=client,
            source=source,
            referrer_name=name,
            referrer_organisation=organisation,
            referrer_contact=contact,
            reason=reason
            or rng.choice(
                words.REFERRAL_REASONS_IN_CUSTODY
                if in_custody and source != Source.PRISON
                else words.REFERRAL_REASONS[source]
            ),
            received_on=received_on,
            cohort=Cohort.CUSTODY_LEAVERS
            if in_custody
            else Cohort.AT_RISK_OF_EXPLOITATION
            if person.age < 18
            else Cohort.COMMUNITY,
            state=state,
            created_by=taker,
            created_at=client.created_at,
            updated_at=client.created_at,
            version=1 if state == ReferralState.RECEIVED else 2,
        )
        if decided_on is not None:
            decider = carrier or taker
            if team.leads and rng.random() < 0.6:
                decider = team.leads[0]
            referral.decided_by = decider
            referral.decided_at = self.working_time(decided_on)
            referral.updated_at = referral.decided_at
            if state == ReferralState.DECLINED:
                referral.decision_reason = rng.choice(words.DECLINE_REASONS)
            elif state == ReferralState.WITHDRAWN:
                referral.decision_reason = rng.choice(words.WITHDRAW_REASONS)
        case = Case(person=person, referral=referral, team=team, carrier=carrier)
        self.rows.clients.append(client)
        self.rows.referrals.append(referral)

        case.timeline = timeline
        if carrier is not None:
            allocated_on = decided_on or received_on + timedelta(
                days=min((self.today - received_on).days, 2)
            )
            self._allocate(case, allocated_on)
        if accepted:
            assert decided_on is not None and timeline is not None
            self._open_journey(case, timeline, state, decided_on, unfunded_reason)
            if carrier is not None and fill:
                self._fill_journey(case)
        if carrier is None and timeline is not None:
            released = [on for _, to, on, _ in timeline.changes if to == Stage.RELEASE_DAY]
            if released:
                self._checklist(case, released[0])
        return case

    # Journeys -----------------------------------------------------------------------------

    def custody_days(self) -> int:
        return int(self.rng.triangular(14, 300, 100))

    def simulate(
        self,
        *,
        opened: date,
        in_custody: bool,
        age: int,
        gender: str,
        establishment: str | None = None,
    ) -> Timeline:
        """The journey's moves from the day it opened until today."""
        rng = self.rng
        today = self.today
        spells: list[Spell] = []
        if in_custody:
            spells.append(
                Spell(
                    opened,
                    opened + timedelta(days=self.custody_days()),
                    establishment or self.establishment(age, gender),
                )
            )
            stage = Stage.IN_CUSTODY
        else:
            stage = Stage.COMMUNITY
        changes: list[tuple[str, str, date, str]] = [("", stage, opened, "")]
        since = opened
        reopened = False
        while True:
            reason = ""
            if stage == Stage.IN_CUSTODY:
                release = spells[-1].release
                if rng.random() < 0.05:
                    to = Stage.CLOSED
                    on = since + timedelta(days=rng.randint(7, max(8, (release - since).days)))
                    reason = rng.choice(
                        (ClosureReason.TRANSFERRED, ClosureReason.MOVED_AWAY, ClosureReason.OTHER)
                    )
                else:
                    to, on = Stage.RELEASE_DAY, release
            elif stage == Stage.RELEASE_DAY:
                to, on = Stage.COMMUNITY, since + timedelta(days=rng.choice((0, 1, 1, 1, 2, 3)))
            elif stage == Stage.COMMUNITY:
                (to, reason), on = (
                    self.community_next.pick(rng),
                    since + timedelta(days=rng.randint(45, 300)),
                )
            elif stage == Stage.SUSTAINMENT:
                (to, reason), on = (
                    self.sustainment_next.pick(rng),
                    since + timedelta(days=rng.randint(60, 240)),
                )
            else:
                if reopened or reason_of(changes) not in REOPENABLE or rng.random() > 0.15:
                    break
                reopened = True
                to = (
                    Stage.IN_CUSTODY
                    if reason_of(changes) == ClosureReason.RETURNED_TO_CUSTODY
                    else Stage.COMMUNITY
                )
                on = since + timedelta(days=rng.randint(30, 240))
            if on > today:
                break
            if to == Stage.IN_CUSTODY:
                spells.append(
                    Spell(
                        on,
                        on + timedelta(days=rng.randint(28, 240)),
                        self.establishment(age + (on - opened).days // 365, gender),
                    )
                )
            changes.append((stage, to, on, reason))
            stage, since = to, on
        return Timeline(changes=changes, spells=spells)

    def _choose_stream(self, person: Person, on: date, end: date | None) -> tuple[Any, str]:
        """A funding stream that fits and has a place on `on`, or why there is none."""
        client = person.client
        age = client.age_on(on) or 0
        borough = client.borough
        fitting = []
        for stream in self.streams:
            if not stream.is_open_on(on) or not stream.min_age <= age <= stream.max_age:
                continue
            allowed = self.stream_residence[stream.pk]
            if allowed and (borough is None or borough.pk not in allowed):
                continue
            fitting.append(stream)
        if not fitting:
            covering = [
                s
                for s in self.streams
                if s.is_open_on(on)
                and (
                    not self.stream_residence[s.pk]
                    or (borough is not None and borough.pk in self.stream_residence[s.pk])
                )
            ]
            if covering:
                return None, words.UNFUNDED_REASONS[1].format(age=age)
            return None, words.UNFUNDED_REASONS[2].format(borough=borough)
        if client.prison_number and age >= 16:
            cohort = Cohort.CUSTODY_LEAVERS
        elif age < 18:
            cohort = Cohort.AT_RISK_OF_EXPLOITATION
        else:
            cohort = Cohort.COMMUNITY
        fitting.sort(
            key=lambda s: (
                s.cohort != cohort,
                s.borough_id != client.team.borough_id,
                self.rng.random(),
            )
        )
        day = on.toordinal()
        for stream in fitting:
            load = self.stream_load[stream.pk]
            while load and load[0] < day:
                heapq.heappop(load)
            if len(load) < stream.capacity:
                heapq.heappush(load, end.toordinal() if end else date.max.toordinal())
                return stream, ""
        return None, words.NO_PLACE_REASON

    def _open_journey(
        self,
        case: Case,
        timeline: Timeline,
        state: str,
        opened: date,
        unfunded_reason: str | None,
    ) -> None:
        rng = self.rng
        referral = case.referral
        end = timeline.since if not timeline.is_open else None
        stream = None
        if state == ReferralState.ACCEPTED and unfunded_reason is None:
            stream, why = self._choose_stream(case.person, opened, end)
            if stream is not None:
                referral.cohort = stream.cohort
            if stream is None:
                state, unfunded_reason = ReferralState.ACCEPTED_UNFUNDED, why
        if state == ReferralState.ACCEPTED_UNFUNDED and not unfunded_reason:
            choices = words.UNFUNDED_REASONS[3:]
            if case.person.client.gender == Gender.FEMALE:
                choices = [words.UNFUNDED_REASONS[0], *choices]
            unfunded_reason = rng.choice(choices)
        referral.state = state
        referral.funding_stream = stream
        referral.decision_reason = unfunded_reason or rng.choice(
            ("", "", "Fits the stream; place confirmed with the commissioner.")
        )
        last_spell = timeline.spells[-1] if timeline.spells else None
        released_on = None  # as journey_move keeps it: the latest release since the last custody
        for _from, to_stage, on, _reason in timeline.changes:
            if to_stage == Stage.RELEASE_DAY:
                released_on = on
            elif to_stage == Stage.IN_CUSTODY:
                released_on = None
        journey = Journey(
            pk=self.writer.new_id(Journey),
            client=case.person.client,
            referral=referral,
            funding_stream=stream,
            unfunded_reason=unfunded_reason or "",
            stage=timeline.stage,
            stage_since=timeline.since,
            opened_on=opened,
            closed_on=timeline.since if not timeline.is_open else None,
            closure_reason=timeline.changes[-1][3] if not timeline.is_open else "",
            establishment=last_spell.establishment if last_spell else "",
            expected_release_date=last_spell.release if last_spell else None,
            released_on=released_on,
            version=len(timeline.changes),
            created_at=self.working_time(opened),
            updated_at=self.working_time(timeline.since),
        )
        if last_spell and timeline.stage == Stage.IN_CUSTODY and rng.random() < 0.1:
            leave = last_spell.release - timedelta(days=rng.randint(20, 60))
            if leave > last_spell.start:
                self.rows.rotl_periods.append(
                    RotlPeriod(
                        journey=journey,
                        first_day=leave,
                        last_day=leave + timedelta(days=2),
                        note=words.ROTL_NOTES[journey.pk % len(words.ROTL_NOTES)],
                        recorded_by=case.carrier,
                        recorded_at=self.working_time(opened),
                    )
                )
        case.journey, case.timeline = journey, timeline
        self.rows.journeys.append(journey)
        for from_stage, to_stage, on, reason in timeline.changes:
            note = ""
            if not from_stage:
                note = "Referral accepted"
            elif from_stage == Stage.CLOSED:
                note = "Re-opened: back in touch"
            elif reason:
                note = str(ClosureReason(reason).label)
            self.rows.stage_changes.append(
                StageChange(
                    journey=journey,
                    from_stage=from_stage,
                    to_stage=to_stage,
                    on=on,
                    note=note,
                    recorded_by=self.author_on(case, on),
                    recorded_at=self.working_time(on),
                )
            )

    def _allocate(self, case: Case, on: date) -> None:
        """Allocation history: most clients have one caseworker; some changed hands."""
        rng = self.rng
        carrier = case.carrier
        assert carrier is not None
        lead = self.lead_of(case.team)
        case.handovers = [(on, carrier)]
        others = [c.user for c in case.team.carriers if c.user is not carrier and c.weight >= 0.8]
        timeline = case.timeline
        if timeline is not None and others and rng.random() < 0.12:
            last = timeline.since if not timeline.is_open else self.today
            if (last - on).days > 90:
                switch = on + timedelta(days=rng.randint(30, (last - on).days - 30))
                case.handovers = [(on, rng.choice(others)), (switch, carrier)]
        for day, user in case.handovers:
            self.rows.allocations.append(
                Allocation(
                    client=case.person.client,
                    caseworker=user,
                    team=case.team.team,
                    allocated_at=self.working_time(day),
                    allocated_by=lead,
                )
            )
        case.person.client.updated_at = self.working_time(case.handovers[-1][0])

    def author_on(self, case: Case, day: date) -> User:
        if not case.handovers:
            return case.referral.created_by
        author = case.handovers[0][1]
        for start, user in case.handovers:
            if start <= day:
                author = user
        return author

    # The record of work -------------------------------------------------------------------

    def _fill_journey(self, case: Case) -> None:
        timeline = case.timeline
        assert timeline is not None
        released: set[date] = set()
        for stage, start, end in timeline.intervals(self.today):
            if stage == Stage.CLOSED:
                continue
            if stage == Stage.RELEASE_DAY:
                if start not in released:
                    released.add(start)
                    spell = timeline.spell_on(start - timedelta(days=1)) or timeline.spell_on(start)
                    self.add_contact(
                        case,
                        start,
                        ContactType.RELEASE_DAY_MEET,
                        place=spell.establishment if spell else "",
                        stage=Stage.COMMUNITY,
                    )
                    if len(released) == 1:
                        self._checklist(case, start)
                continue
            days = (end - start).days
            if days <= 0:
                continue
            expected = days * CONTACT_RATE_PER_WEEK[stage] / 7
            count = int(expected * self.rng.uniform(0.6, 1.4) + self.rng.random())
            if start == case.journey.opened_on:  # type: ignore[union-attr]
                self.add_contact(
                    case,
                    start,
                    ContactType.PRISON_VISIT if stage == Stage.IN_CUSTODY else ContactType.OFFICE,
                    stage=stage,
                )
            for _ in range(count):
                self.add_contact(case, self.between(start, end), None, stage=stage, earliest=start)
        self._tasks(case)
        self._partner_referrals(case)

    def add_contact(
        self,
        case: Case,
        day: date,
        contact_type: str | None,
        *,
        stage: str,
        earliest: date | None = None,
        minutes: int | None = None,
        note: str | None = None,
        pathways: list[str] | None = None,
        place: str | None = None,
        present: str | None = None,
    ) -> Contact:
        rng = self.rng
        if contact_type is None:
            contact_type = self.stage_types[stage].pick(rng)
        if contact_type not in NIGHT_OWL_TYPES and earliest is not None:
            day = self.on_weekday(day, earliest)
        author = self.author_on(case, day)
        if author.on_temporary_licence:
            if contact_type == ContactType.CRISIS_CALL:
                contact_type = ContactType.PHONE
            if day.weekday() >= 5:
                day -= timedelta(days=day.weekday() - 4)
                if earliest is not None and day < earliest:
                    day = earliest
        day = min(day, self.today)
        low, high = words.CONTACT_MINUTES[contact_type]
        if minutes is None:
            minutes = rng.randint(low, high)
            if minutes >= 30:
                minutes = max(low, 5 * round(minutes / 5))
        person = case.person
        timeline = case.timeline
        spell = timeline.spell_on(day) if timeline else None
        inside = stage == Stage.IN_CUSTODY and contact_type in words.CONTACT_NOTES_IN_CUSTODY
        if place is None:
            place = self.contact_place(case, contact_type, spell)
            if inside and contact_type == ContactType.GROUP_SESSION and spell:
                place = spell.establishment
        if present is None:
            present = self.contact_present(person.name, contact_type)
            if inside and contact_type == ContactType.FAMILY_SESSION:
                present = "Mum and family"
        if pathways is None:
            count = self.pathway_count.pick(rng)
            if contact_type == ContactType.MESSAGE:
                count = rng.choice((0, 1))
            pathways = []
            stage_table = self.stage_pathways.get(stage, self.stage_pathways[Stage.COMMUNITY])
            for _ in range(count):
                pick = rng.choice(person.needs) if rng.random() < 0.7 else stage_table.pick(rng)
                if pick not in pathways:
                    pathways.append(pick)
        if note is None:
            notes = (words.CONTACT_NOTES_IN_CUSTODY if inside else words.CONTACT_NOTES)[
                contact_type
            ]
            note = rng.choice(notes).format(
                name=person.client.preferred_name or person.client.given_name,
                place=place or "the prison",
            )
            if pathways and rng.random() < 0.5:
                note = f"{note} {rng.choice(words.PATHWAY_NOTES[pathways[0]])}"
        hour = rng.randint(22, 23) if contact_type == ContactType.CRISIS_CALL else 0
        moment = self.at(day, hour, 30) if hour else self.working_time(day)
        contact = Contact(
            client=person.client,
            journey=case.journey,
            occurred_on=day,
            minutes=minutes,
            contact_type=contact_type,
            place=place,
            present=present,
            pathways=pathways,
            note=note,
            author=author,
            created_at=moment,
            updated_at=moment,
        )
        self.rows.contacts.append(contact)
        return contact

    def contact_place(self, case: Case, contact_type: str, spell: Spell | None) -> str:
        if contact_type == ContactType.PRISON_VISIT:
            return spell.establishment if spell else ""
        if contact_type == ContactType.COURT:
            return self.rng.choice(words.COURTS)
        if contact_type == ContactType.OFFICE:
            return f"{case.team.team.borough.name} office"
        return CONTACT_PLACES.get(contact_type, "")

    def contact_present(self, name: str, contact_type: str) -> str:
        rng = self.rng
        if contact_type in (
            ContactType.PRISON_VISIT,
            ContactType.OFFICE,
            ContactType.RELEASE_DAY_MEET,
        ):
            return name
        if contact_type == ContactType.HOME_VISIT:
            return rng.choice((name, f"{name} and mum", f"{name}, mum and a sibling"))
        if contact_type == ContactType.FAMILY_SESSION:
            return f"{name} and family"
        if contact_type == ContactType.COURT:
            return f"{name} and solicitor"
        if contact_type == ContactType.GROUP_SESSION:
            return f"{name} and {rng.randint(4, 10)} others"
        return ""

    def _checklist(self, case: Case, released_on: date) -> None:
        rng = self.rng
        recent = (self.today - released_on).days <= 2
        for item in ChecklistItem.values:
            if item == ChecklistItem.MET_AT_GATE:
                status = ChecklistStatus.DONE
            elif recent:
                status = rng.choice((ChecklistStatus.DONE, ChecklistStatus.OUTSTANDING))
            else:
                status = rng.choices(
                    (ChecklistStatus.DONE, ChecklistStatus.NOT_NEEDED, ChecklistStatus.OUTSTANDING),
                    weights=(75, 15, 10),
                )[0]
            touched = status != ChecklistStatus.OUTSTANDING
            when = released_on + timedelta(days=0 if recent else rng.choice((0, 0, 1, 3, 7, 14)))
            self.rows.checklist.append(
                ChecklistEntry(
                    journey=case.journey,
                    item=item,
                    status=status,
                    note=words.CHECKLIST_NOTES.get(item, "") if touched else "",
                    updated_by=self.author_on(case, released_on) if touched else None,
                    updated_at=self.working_time(min(when, self.today)) if touched else None,
                )
            )

    def add_task(
        self,
        case: Case,
        *,
        kind: str,
        title: str,
        due_on: date,
        done: bool,
        created_on: date | None = None,
    ) -> Task:
        author = self.author_on(case, min(due_on, self.today))
        created = self.working_time(min(created_on or due_on, self.today))
        task = Task(
            client=case.person.client,
            journey=case.journey,
            kind=kind,
            title=title,
            due_on=due_on,
            assigned_to=author,
            created_by=author,
            created_at=created,
            updated_at=created,
        )
        if done:
            late = 0 if kind == TaskKind.RELEASE_DATE else self.rng.choice((-2, -1, 0, 0, 0, 1, 3))
            finished = min(due_on + timedelta(days=late), self.today)
            task.done_at = max(self.working_time(finished), created)
            task.done_by = author
            task.updated_at = task.done_at
            task.version = 2
        self.rows.tasks.append(task)
        return task

    def _tasks(self, case: Case) -> None:
        rng = self.rng
        timeline = case.timeline
        journey = case.journey
        assert timeline is not None and journey is not None
        name = case.person.name
        today = self.today
        closed_on = None if timeline.is_open else timeline.since
        for spell in timeline.spells:
            if closed_on is not None and closed_on < spell.release:
                continue  # the journey closed before the release date came
            self.add_task(
                case,
                kind=TaskKind.RELEASE_DATE,
                title=f"Meet {name} at the gate of {spell.establishment}",
                due_on=spell.release,
                done=spell.release <= today,
                created_on=spell.start,
            )
        for stage, start, end in timeline.intervals(today):
            if stage in (Stage.CLOSED, Stage.RELEASE_DAY):
                continue
            days = (min(end, today) - start).days
            for _ in range(int(days / 50 + rng.random())):
                due = self.between(start, end)
                kind = rng.choices(
                    (TaskKind.FOLLOW_UP, TaskKind.APPOINTMENT, TaskKind.COURT_DATE, TaskKind.OTHER),
                    weights=(50, 35, 8, 7),
                )[0]
                title = self.task_title(kind, name)
                self.add_task(
                    case,
                    kind=kind,
                    title=title,
                    due_on=due,
                    done=closed_on is not None
                    or due < today - timedelta(days=30)
                    or rng.random() < 0.85,
                    created_on=due - timedelta(days=rng.randint(1, 14)),
                )
        if timeline.is_open:
            for _ in range(rng.choice((1, 1, 2, 2, 3))):
                due = today + timedelta(days=rng.randint(-10, 28))
                kind = rng.choice((TaskKind.FOLLOW_UP, TaskKind.APPOINTMENT, TaskKind.FOLLOW_UP))
                self.add_task(
                    case,
                    kind=kind,
                    title=self.task_title(kind, name),
                    due_on=due,
                    done=False,
                    created_on=max(timeline.since, due - timedelta(days=rng.randint(3, 21))),
                )

    def task_title(self, kind: str, name: str) -> str:
        rng = self.rng
        if kind == TaskKind.APPOINTMENT:
            return rng.choice(words.APPOINTMENT_TASKS).format(name=name)
        if kind == TaskKind.COURT_DATE:
            return f"Court with {name} at {rng.choice(words.COURTS)}"
        if kind == TaskKind.OTHER:
            return rng.choice(("Bus pass for " + name, "Sort a phone top-up", "Collect ID photos"))
        return rng.choice(words.FOLLOW_UP_TASKS)

    def add_partner_referral(
        self,
        case: Case,
        *,
        partner_type: str,
        made_on: date,
        partner_name: str | None = None,
        status: str | None = None,
        outcome: str | None = None,
        starts_on: date | Literal["pick"] | None = "pick",
    ) -> PartnerReferral:
        """A referral out to a partner, its status one reached along the map (its version counts
        the moves), and for most that were taken up a start or appointment date, with the task
        it put on the list: done once the day has passed and the referral was attended."""
        rng = self.rng
        if partner_name is None:
            partner_name = rng.choice(words.PARTNER_NAMES[partner_type]).format(
                borough=(case.person.client.borough or case.team.team.borough).name
            )
        waited = (self.today - made_on).days
        if status is None:
            if waited < 10:
                status = PartnerReferralStatus.MADE
            elif waited < 30:
                status = self.partner_status_early.pick(rng)
            else:
                status = self.partner_status_late.pick(rng)
        if outcome is None:
            outcome = rng.choice(words.PARTNER_OUTCOMES.get(status, [""]))
        # Start dates draw on their own generator, so that adding them changed nothing else.
        if not hasattr(self, "_starts_rng"):
            self._starts_rng = random.Random(self.seed * 1000 + 31)
        starts_rng = self._starts_rng
        if starts_on == "pick":
            starts_on = None
            if status in (PartnerReferralStatus.ATTENDED, PartnerReferralStatus.COMPLETED):
                if starts_rng.random() < 0.7 and waited > 1:
                    starts_on = made_on + timedelta(days=starts_rng.randint(1, min(waited, 21)))
            elif status == PartnerReferralStatus.ACCEPTED and starts_rng.random() < 0.6:
                starts_on = self.today + timedelta(days=starts_rng.randint(1, 21))
        author = self.author_on(case, made_on)
        made = self.working_time(made_on)
        moves = {
            PartnerReferralStatus.MADE: 0,
            PartnerReferralStatus.ACCEPTED: 1,
            PartnerReferralStatus.ATTENDED: 2,
            PartnerReferralStatus.COMPLETED: 3,
            PartnerReferralStatus.DECLINED: 1,
        }[PartnerReferralStatus(status)]
        partner_referral = PartnerReferral(
            client=case.person.client,
            journey=case.journey,
            partner_type=partner_type,
            partner_name=partner_name,
            made_on=made_on,
            starts_on=starts_on,
            status=status,
            outcome=outcome,
            created_by=author,
            created_at=made,
            updated_at=self.working_time(
                min(made_on + timedelta(days=min(waited, 21)), self.today)
            ),
            version=1 + moves + (1 if starts_on else 0),
        )
        if starts_on is not None:
            # Linked to its referral once both are written (wingman/demo/plans.py).
            task = Task(
                client=case.person.client,
                journey=case.journey,
                kind=TaskKind.APPOINTMENT,
                title=(
                    f"First day at {partner_name}"
                    if partner_type == PartnerType.TRAINING
                    else f"Appointment with {partner_name}"
                ),
                due_on=starts_on,
                assigned_to=author,
                created_by=author,
                created_at=made,
                updated_at=made,
            )
            if starts_on < self.today:
                task.done_at = self.at(starts_on, 17)
                task.done_by = author
                task.updated_at = task.done_at
                task.version = 2
            self.rows.tasks.append(task)
        self.rows.partner_referrals.append(partner_referral)
        return partner_referral

    def _partner_referrals(self, case: Case) -> None:
        rng = self.rng
        timeline = case.timeline
        assert timeline is not None
        need_types: dict[str, str] = {
            Pathway.DRUGS_ALCOHOL: PartnerType.DRUGS_ALCOHOL,
            Pathway.ACCOMMODATION: PartnerType.HOUSING,
            Pathway.EDUCATION_EMPLOYMENT: PartnerType.TRAINING,
            Pathway.HEALTH: PartnerType.MENTAL_HEALTH,
            Pathway.FINANCE: PartnerType.BENEFITS,
        }
        for stage, start, end in timeline.intervals(self.today):
            if stage not in (Stage.COMMUNITY, Stage.SUSTAINMENT):
                continue
            days = (end - start).days
            for _ in range(min(5, int(days / 110 + rng.random()))):
                need = rng.choice(case.person.needs)
                partner_type = (
                    need_types[need]
                    if need in need_types and rng.random() < 0.5
                    else self.partner_types.pick(rng)
                )
                self.add_partner_referral(
                    case, partner_type=partner_type, made_on=self.between(start, end)
                )

    # Writing ------------------------------------------------------------------------------

    def _write(self) -> None:
        rows = self.rows
        for attr, model in Rows.ORDER:
            objs: list[Any] = getattr(rows, attr)
            if objs:
                self.writer.insert(model, objs)
                setattr(self.summary, attr, getattr(self.summary, attr) + len(objs))
        self.rows = Rows()
        s = self.summary
        self.progress(
            f"seed_demo: {self._planned}/{self._total_cases} referrals, {s.journeys} journeys, "
            f"{s.contacts} contacts written ({time.monotonic() - self._started:.1f} s)"
        )


class RowWriter:
    """Writes the planned rows with the cursor's `executemany`, in batches.

    At this size `bulk_create` spends about ten times as long preparing each value as the
    database spends inserting it, so values are converted here with the same backend
    operations Django uses. Clients, referrals and journeys get their ids up front (the next
    free ones, inside the build's transaction), so that the rows pointing at them can be
    written the same way; `finish()` moves the id sequences on past them."""

    ID_MODELS: tuple[type[models.Model], ...] = (Client, Referral, Journey)

    def __init__(self) -> None:
        self.next_ids: dict[type[models.Model], int] = {}
        self.plans: dict[type[models.Model], tuple[str, Callable[[Any], tuple]]] = {}

    def start(self) -> None:
        for model in self.ID_MODELS:
            top = model._default_manager.aggregate(top=Max("pk"))["top"] or 0
            self.next_ids[model] = top + 1

    def new_id(self, model: type[models.Model]) -> int:
        pk = self.next_ids[model]
        self.next_ids[model] = pk + 1
        return pk

    def finish(self) -> None:
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.ID_MODELS))
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)

    def plan(self, model: type[models.Model]) -> tuple[str, Callable[[Any], tuple]]:
        """The INSERT statement for `model` and a function turning an instance into its row."""
        if model in self.plans:
            return self.plans[model]
        ops = connection.ops
        with_pk = model in self.ID_MODELS
        fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        converters: list[tuple[int, Callable[[Any], Any]]] = []
        for i, f in enumerate(fields):
            if isinstance(f, models.DateTimeField):
                converters.append((i, ops.adapt_datetimefield_value))
            elif isinstance(f, models.DateField):
                converters.append((i, ops.adapt_datefield_value))
            elif isinstance(f, models.JSONField):
                converters.append((i, partial(f.get_db_prep_save, connection=connection)))
        values = attrgetter(*(f.attname for f in fields))

        def row(obj: Any) -> tuple:
            out = list(values(obj))
            for i, convert in converters:
                if out[i] is not None:
                    out[i] = convert(out[i])
            return tuple(out)

        # Only our own table and column names go into the statement; every value is a parameter.
        columns = ", ".join(ops.quote_name(str(f.column)) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        table = ops.quote_name(model._meta.db_table)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        self.plans[model] = (sql, row)
        return self.plans[model]

    def insert(self, model: type[models.Model], objs: list[Any]) -> None:
        sql, row = self.plan(model)
        with connection.cursor() as cursor:
            for i in range(0, len(objs), BATCH_SIZE):
                cursor.executemany(sql, [row(obj) for obj in objs[i : i + BATCH_SIZE]])


REOPENABLE = frozenset(
    {ClosureReason.DISENGAGED, ClosureReason.RETURNED_TO_CUSTODY, ClosureReason.MOVED_AWAY}
)


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_on(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def reason_of(changes: list[tuple[str, str, date, str]]) -> str:
    return changes[-1][3]


# A week in the life of `caseworker`: the stories the demo is built to tell ------------------


def story_released_today(b: DemoBuilder) -> None:
    """Tuesday: released today. A £300-a-week cocaine habit paid for by robbery and burglary."""
    today = b.today
    opened = today - timedelta(days=124)
    establishment = "HMP/YOI Isis"
    timeline = Timeline(
        changes=[
            ("", Stage.IN_CUSTODY, opened, ""),
            (Stage.IN_CUSTODY, Stage.RELEASE_DAY, today, ""),
        ],
        spells=[Spell(opened, today, establishment)],
    )
    case = _story_case(
        b,
        source=Source.PRISON,
        received_on=opened - timedelta(days=9),
        decided_on=opened,
        gender=Gender.MALE,
        age=19,
        timeline=timeline,
        establishment=establishment,
        reason="Due out in four months. Had a £300-a-week cocaine habit paid for by robbery and "
        "burglary; wants to stay clean and get onto a course.",
        needs=[Pathway.DRUGS_ALCOHOL, Pathway.EDUCATION_EMPLOYMENT, Pathway.FINANCE],
    )
    b.add_partner_referral(
        case,
        partner_type=PartnerType.TRAINING,
        partner_name="Construction skills card (CSCS) course",
        made_on=today - timedelta(days=6),
        status=PartnerReferralStatus.ACCEPTED,
        outcome="Place confirmed. He has his boots and a lift on the first morning.",
        starts_on=today + timedelta(days=4),
    )


def story_release_soon(days: int, establishment: str, age: int) -> Callable[[DemoBuilder], None]:
    def story(b: DemoBuilder) -> None:
        """Releases this week: the gate meet is on the calendar."""
        today = b.today
        opened = today - timedelta(days=60 + 20 * days)
        release = today + timedelta(days=days)
        timeline = Timeline(
            changes=[("", Stage.IN_CUSTODY, opened, "")],
            spells=[Spell(opened, release, establishment)],
        )
        _story_case(
            b,
            source=Source.PRISON,
            received_on=opened - timedelta(days=5),
            decided_on=opened,
            gender=Gender.MALE,
            age=age,
            timeline=timeline,
            establishment=establishment,
        )

    story.__name__ = f"story_release_in_{days}_days"
    return story


def story_walk_in(b: DemoBuilder) -> None:
    """Monday: a young woman who wants out of a gang walks in. No funding covers her; she is
    seen anyway, that day."""
    today = b.today
    day = today - timedelta(days=today.weekday())
    timeline = Timeline(changes=[("", Stage.COMMUNITY, day, "")], spells=[])
    case = _story_case(
        b,
        source=Source.SELF,
        received_on=day,
        decided_on=day,
        gender=Gender.FEMALE,
        age=17,
        timeline=timeline,
        unfunded_reason=words.UNFUNDED_REASONS[0],
        state=ReferralState.ACCEPTED_UNFUNDED,
        reason="Walked in scared: wants to get out of a newly forming group of about 20 young "
        "women.",
        needs=[Pathway.SAFETY, Pathway.GANG_EXIT, Pathway.ACCOMMODATION],
        fill=False,
    )
    # She walked in and `caseworker` took her on that day: no team lead allocated her.
    for allocation in b.rows.allocations:
        if allocation.client is case.person.client:
            allocation.allocated_by = b.users["caseworker"]
    b.add_contact(
        case,
        day,
        ContactType.OFFICE,
        stage=Stage.COMMUNITY,
        minutes=90,
        pathways=[Pathway.SAFETY, Pathway.GANG_EXIT],
        note="Walked in and asked for help leaving the group. Talked through what she is scared "
        "of and made a safety plan for getting home tonight.",
    )
    b.add_task(
        case,
        kind=TaskKind.FOLLOW_UP,
        title="Ring her tomorrow morning to check she got home safe",
        due_on=min(day + timedelta(days=1), today),
        done=day + timedelta(days=1) < today,
        created_on=day,
    )


def story_home_visit(b: DemoBuilder) -> None:
    """Wednesday: a fall-out at home. Refer him to the Brief Intervention Service; give his
    girlfriend the number of a domestic-violence helpline (signposting her, in the family part of
    the demo: she is not the client, so it is never his partner referral)."""
    today = b.today
    opened = today - timedelta(days=150)
    visit = max(today - timedelta(days=(today.weekday() - 2) % 7), opened)
    case = _story_case(
        b,
        source=Source.PROBATION,
        received_on=opened - timedelta(days=12),
        decided_on=opened,
        gender=Gender.MALE,
        age=21,
        timeline=Timeline(changes=[("", Stage.COMMUNITY, opened, "")], spells=[]),
    )
    b.add_contact(
        case,
        visit,
        ContactType.HOME_VISIT,
        stage=Stage.COMMUNITY,
        minutes=75,
        pathways=[Pathway.DRUGS_ALCOHOL, Pathway.FAMILY],
        present=f"{case.person.name} and his girlfriend",
        note="Home visit. He and his girlfriend have fallen out; she says he hit her and that she "
        "is using again. Referred him to the Brief Intervention Service; gave her the number of "
        "the domestic abuse helpline.",
    )
    borough = case.team.team.borough.name
    b.add_partner_referral(
        case,
        partner_type=PartnerType.DRUGS_ALCOHOL,
        partner_name=f"{borough} Brief Intervention Service",
        made_on=visit,
        status=PartnerReferralStatus.MADE,
        outcome="",
    )


def story_prison_visit(b: DemoBuilder) -> None:
    """Thursday: a prison visit at Rochester. No sense of who he is without the gang: the start
    of a long piece of work on identity and self-esteem."""
    today = b.today
    opened = today - timedelta(days=40)
    visit = max(today - timedelta(days=(today.weekday() - 3) % 7), opened)
    case = _story_case(
        b,
        source=Source.PRISON,
        received_on=opened - timedelta(days=6),
        decided_on=opened,
        gender=Gender.MALE,
        age=20,
        timeline=Timeline(
            changes=[("", Stage.IN_CUSTODY, opened, "")],
            spells=[Spell(opened, today + timedelta(days=210), "HMP/YOI Rochester")],
        ),
        establishment="HMP/YOI Rochester",
    )
    b.add_contact(
        case,
        visit,
        ContactType.PRISON_VISIT,
        stage=Stage.IN_CUSTODY,
        minutes=150,
        pathways=[Pathway.IDENTITY, Pathway.ATTITUDES],
        note="Visit at HMP/YOI Rochester. Well known in the group; no sense of who he is without "
        "it. Started work on identity and self-esteem: the start of a long piece of work.",
    )


def story_court(b: DemoBuilder) -> None:
    """Friday: court as his character reference. No custodial sentence."""
    today = b.today
    opened = today - timedelta(days=240)
    hearing = max(today - timedelta(days=(today.weekday() - 4) % 7), opened)
    case = _story_case(
        b,
        source=Source.YOUTH_OFFENDING_TEAM,
        received_on=opened - timedelta(days=10),
        decided_on=opened,
        gender=Gender.MALE,
        age=18,
        timeline=Timeline(
            changes=[
                ("", Stage.COMMUNITY, opened, ""),
                (Stage.COMMUNITY, Stage.SUSTAINMENT, opened + timedelta(days=150), ""),
            ],
            spells=[],
        ),
    )
    court = "Camberwell Green Youth Court"
    b.add_contact(
        case,
        hearing,
        ContactType.COURT,
        stage=Stage.SUSTAINMENT,
        minutes=240,
        place=court,
        pathways=[Pathway.ATTITUDES, Pathway.EDUCATION_EMPLOYMENT],
        note="Court as his character reference, for an offence from before he joined us. Told "
        "the bench he now mentors younger children on his estate. No custodial sentence.",
    )
    b.add_task(
        case,
        kind=TaskKind.COURT_DATE,
        title=f"Court with {case.person.name} at {court}",
        due_on=hearing,
        done=True,
        created_on=hearing - timedelta(days=21),
    )


def story_midnight_call(b: DemoBuilder) -> None:
    """Midnight: his friends have just assaulted someone; he was there, did nothing, and feels
    trapped. What does he do now?"""
    today = b.today
    opened = today - timedelta(days=200)
    case = _story_case(
        b,
        source=Source.POLICE,
        received_on=opened - timedelta(days=8),
        decided_on=opened,
        gender=Gender.MALE,
        age=17,
        timeline=Timeline(changes=[("", Stage.COMMUNITY, opened, "")], spells=[]),
    )
    b.add_contact(
        case,
        max(today - timedelta(days=1), opened),
        ContactType.CRISIS_CALL,
        stage=Stage.COMMUNITY,
        minutes=45,
        pathways=[Pathway.SAFETY, Pathway.GANG_EXIT],
        # What he said is in the safeguarding concern raised from the call (demo/safeguarding.py),
        # as a crisis call logged through the service keeps it: not on the contact.
        note="Called at midnight. A safeguarding concern was raised from the call: what was "
        "said is there.",
    )
    b.add_task(
        case,
        kind=TaskKind.FOLLOW_UP,
        title=f"See {case.person.name} after last night's call",
        due_on=today,
        done=False,
        created_on=today,
    )


def story_referral_to_screen(b: DemoBuilder) -> None:
    """A walk-in `caseworker` took today: not yet allocated, so only the taker and leads see it."""
    b.plan_case(
        received_on=b.today,
        source=Source.SELF,
        team=_caseworker_team(b),
        allocated=False,
        taker=b.users["caseworker"],
        outcome=(ReferralState.RECEIVED, None),
        reason="Walked in with a friend who used to be a client; wants the same help.",
    )


def _caseworker_team(b: DemoBuilder) -> TeamPlan:
    return next(p for p in b.teams if any(c.user is b.users["caseworker"] for c in p.carriers))


def _story_case(
    b: DemoBuilder,
    *,
    source: str,
    received_on: date,
    decided_on: date,
    gender: str,
    age: int,
    timeline: Timeline,
    establishment: str | None = None,
    reason: str | None = None,
    unfunded_reason: str | None = None,
    state: str = ReferralState.ACCEPTED,
    needs: list[str] | None = None,
    fill: bool = True,
) -> Case:
    """One of `caseworker`'s clients, with the journey the story needs and ordinary work around
    it."""
    me = b.users["caseworker"]
    case = b.plan_case(
        received_on=received_on,
        source=source,
        team=_caseworker_team(b),
        carrier=me,
        taker=me,
        in_custody=bool(timeline.spells),
        gender=gender,
        age=age,
        outcome=(state, decided_on),
        timeline=timeline,
        reason=reason,
        unfunded_reason=unfunded_reason,
        establishment=establishment,
        needs=needs,
        fill=fill,
    )
    case.referral.decided_by = me
    return case


# The parts of the demo written once every client and journey is: each module's `add(builder)`.
WHOLE_PERSON = (
    demo_documents,
    demo_assessments,
    demo_plans,
    demo_outcomes,
    demo_offending,
    demo_family,
    demo_court,
    demo_safeguarding,
)

STORIES: tuple[Callable[[DemoBuilder], None], ...] = (
    story_released_today,
    story_release_soon(2, "HMP/YOI Feltham", 17),
    story_release_soon(5, "HMYOI Cookham Wood", 16),
    story_walk_in,
    story_home_visit,
    story_prison_visit,
    story_court,
    story_midnight_call,
    story_referral_to_screen,
)


def build_demo(
    *,
    seed: int = DEFAULT_SEED,
    scale: float = 1.0,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> Summary:
    return DemoBuilder(seed=seed, scale=scale, today=today, progress=progress).build()


def demo_is_seeded() -> bool:
    return Organisation.objects.filter(name=words.ORGANISATION_NAME).exists()
