"""The figures the dashboards show, counted in the database: a fixed number of queries whatever
the number of caseworkers, boroughs, clients or contacts (one grouped query per figure).

The team dashboard counts, for each member of a team who carries a caseload:
- **live clients**: their allocated clients that are live (`casework.selectors.live`, the one
  definition), against their `caseload_capacity`;
- **hours of contact this month**: the minutes of the contacts they recorded (as author) dated
  from the first of this month to today;
- **overdue tasks**: outstanding tasks assigned to them due before today;
- **reviews due**: open journeys of their clients whose needs assessment (intake or review) is
  due by today, by the rule of `assessments.selectors.reviews_due` (no assessment recorded yet,
  or the last one at least the organisation's review interval ago);
- **releases due**: journeys of their clients still in custody with an expected release date in
  the next 14 and the next 28 days (today included).
Every one starts from `.visible_to(viewer)`.

The organisation dashboard counts, per borough of the viewer's organisation (the borough whose
team works with the client): referrals received, journeys opened and closed and hours of contact
this month, live clients today and releases due in the next 28 days; and month by month for the
last 12 months, referrals received, journeys opened and hours of contact across the organisation.
These are counts for staff, not for publication: they are not suppressed, and never shown to a
funder.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from wingman.accounts.choices import Role
from wingman.accounts.models import Borough, Team, User
from wingman.accounts.scope import organisation_of
from wingman.assessments.selectors import last_recorded_on, review_weeks_for
from wingman.casework.choices import Stage
from wingman.casework.models import Contact, Journey, Task
from wingman.casework.selectors import clients_with_journey, live
from wingman.people.models import Client
from wingman.referrals.models import Referral

# Who carries a caseload, and so has a row on the team dashboard.
CASELOAD_ROLES = (Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.VOLUNTEER)
SOON = 14
LATER = 28
MONTHS = 12


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_back(today: date, n: int = MONTHS) -> list[date]:
    """The first days of the last `n` months, oldest first, this month last."""
    firsts = [month_start(today)]
    while len(firsts) < n:
        firsts.append(month_start(firsts[-1] - timedelta(days=1)))
    return firsts[::-1]


def hours(minutes: int | None) -> float:
    return round((minutes or 0) / 60, 1)


# Which teams and staff a viewer's dashboard covers -----------------------------------------


def teams_for(viewer: Any) -> QuerySet[Team]:
    """The teams whose dashboard `viewer` reads: a team lead their own, a manager every team of
    their borough."""
    if viewer.team_id is None:
        return Team.objects.none()
    if viewer.role == Role.MANAGER:
        return Team.objects.filter(borough_id=viewer.team.borough_id).select_related("borough")
    if viewer.role == Role.SENIOR_CASEWORKER:
        return Team.objects.filter(pk=viewer.team_id).select_related("borough")
    return Team.objects.none()


def staff_for(viewer: Any) -> QuerySet[User]:
    """The staff carrying a caseload whose figures and caseload `viewer` may open: those of the
    teams of `teams_for`."""
    return User.objects.filter(
        is_active=True, role__in=CASELOAD_ROLES, team__in=teams_for(viewer)
    ).select_related("team")


# The team dashboard ---------------------------------------------------------------------------


@dataclass
class CaseworkerRow:
    caseworker: User
    live: int = 0
    capacity: int = 0
    minutes: int = 0
    overdue_tasks: int = 0
    reviews_due: int = 0
    releases_soon: int = 0
    releases_later: int = 0

    @property
    def hours(self) -> float:
        return hours(self.minutes)

    @property
    def over_capacity(self) -> bool:
        return self.live > self.capacity


@dataclass
class TeamDashboard:
    team: Team
    today: date
    rows: list[CaseworkerRow] = field(default_factory=list)

    @property
    def month(self) -> date:
        return month_start(self.today)

    def _total(self, name: str) -> int:
        return sum(getattr(r, name) for r in self.rows)

    @property
    def totals(self) -> CaseworkerRow:
        names = (
            "live",
            "capacity",
            "minutes",
            "overdue_tasks",
            "reviews_due",
            "releases_soon",
            "releases_later",
        )
        return CaseworkerRow(None, **{n: self._total(n) for n in names})  # type: ignore[arg-type]


def _by(qs: QuerySet[Any], key: str, **figures: Any) -> dict[int, dict[str, Any]]:
    """`figures` of `qs` grouped by `key`, in one query."""
    return {
        row.pop(key): row
        for row in qs.order_by().values(key).annotate(**figures).values(key, *figures)
    }


def team_dashboard(viewer: Any, team: Team, *, today: date) -> TeamDashboard:
    """Each caseworker of `team` (in `viewer`'s dashboard) with their figures, by name."""
    workers = list(staff_for(viewer).filter(team=team).order_by("first_name", "last_name", "pk"))
    ids = [w.pk for w in workers]
    live_counts = _by(
        live(Client.objects.visible_to(viewer).filter(caseworker_id__in=ids)),
        "caseworker_id",
        n=Count("id"),
    )
    minutes = _by(
        Contact.objects.visible_to(viewer).filter(
            author_id__in=ids, occurred_on__gte=month_start(today), occurred_on__lte=today
        ),
        "author_id",
        n=Sum("minutes"),
    )
    overdue = _by(
        Task.objects.visible_to(viewer).overdue(today).filter(assigned_to_id__in=ids),
        "assigned_to_id",
        n=Count("id"),
    )
    weeks = review_weeks_for(organisation_of(viewer))
    reviews = _by(
        Journey.objects.visible_to(viewer)
        .open()
        .filter(client__caseworker_id__in=ids)
        .annotate(last=last_recorded_on())
        .filter(Q(last__isnull=True) | Q(last__lte=today - timedelta(weeks=weeks))),
        "client__caseworker_id",
        n=Count("id"),
    )
    releases = _by(
        Journey.objects.visible_to(viewer).filter(
            client__caseworker_id__in=ids,
            stage=Stage.IN_CUSTODY,
            expected_release_date__gte=today,
            expected_release_date__lte=today + timedelta(days=LATER),
        ),
        "client__caseworker_id",
        soon=Count("id", filter=Q(expected_release_date__lte=today + timedelta(days=SOON))),
        later=Count("id"),
    )
    none: dict[str, Any] = {}
    rows = [
        CaseworkerRow(
            caseworker=w,
            live=live_counts.get(w.pk, none).get("n", 0),
            capacity=w.caseload_capacity,
            minutes=minutes.get(w.pk, none).get("n") or 0,
            overdue_tasks=overdue.get(w.pk, none).get("n", 0),
            reviews_due=reviews.get(w.pk, none).get("n", 0),
            releases_soon=releases.get(w.pk, none).get("soon", 0),
            releases_later=releases.get(w.pk, none).get("later", 0),
        )
        for w in workers
    ]
    return TeamDashboard(team=team, today=today, rows=rows)


def caseload_for(viewer: Any, caseworker: User) -> QuerySet[Client]:
    """A caseworker's live caseload as their own caseload list shows it (stage, last contact,
    next task), of the clients `viewer` sees."""
    qs = live(Client.objects.visible_to(viewer).filter(caseworker=caseworker))
    return clients_with_journey(qs).order_by("family_name", "given_name", "id")


# The organisation dashboard -------------------------------------------------------------------


@dataclass
class BoroughRow:
    borough: Borough
    referrals: int = 0
    live: int = 0
    opened: int = 0
    closed: int = 0
    minutes: int = 0
    releases_due: int = 0

    @property
    def hours(self) -> float:
        return hours(self.minutes)


@dataclass
class MonthRow:
    month: date
    referrals: int = 0
    opened: int = 0
    minutes: int = 0

    @property
    def hours(self) -> float:
        return hours(self.minutes)

    @property
    def label(self) -> str:
        return f"{self.month:%B %Y}"


@dataclass
class OrganisationDashboard:
    today: date
    boroughs: list[BoroughRow]
    months: list[MonthRow]

    @property
    def month(self) -> date:
        return month_start(self.today)

    @property
    def totals(self) -> BoroughRow:
        names = ("referrals", "live", "opened", "closed", "minutes", "releases_due")
        return BoroughRow(
            None,  # type: ignore[arg-type]
            **{n: sum(getattr(b, n) for b in self.boroughs) for n in names},
        )


def organisation_dashboard(viewer: Any, *, today: date) -> OrganisationDashboard:
    """Every borough of `viewer`'s organisation side by side, and the last 12 months."""
    organisation = organisation_of(viewer) or 0  # none: nothing matches
    boroughs = list(Borough.objects.filter(organisation_id=organisation).order_by("name", "pk"))
    of_org = {"client__team__borough__organisation_id": organisation}
    first = month_start(today)
    key = "client__team__borough_id"
    referrals = _by(
        Referral.objects.filter(received_on__gte=first, received_on__lte=today, **of_org),
        key,
        n=Count("id"),
    )
    live_counts = _by(
        live(Client.objects.filter(team__borough__organisation_id=organisation)),
        "team__borough_id",
        n=Count("id"),
    )
    journeys = _by(
        Journey.objects.filter(Q(opened_on__gte=first) | Q(closed_on__gte=first), **of_org),
        key,
        opened=Count("id", filter=Q(opened_on__gte=first, opened_on__lte=today)),
        closed=Count("id", filter=Q(closed_on__gte=first, closed_on__lte=today)),
    )
    minutes = _by(
        Contact.objects.filter(occurred_on__gte=first, occurred_on__lte=today, **of_org),
        key,
        n=Sum("minutes"),
    )
    releases = _by(
        Journey.objects.filter(
            stage=Stage.IN_CUSTODY,
            expected_release_date__gte=today,
            expected_release_date__lte=today + timedelta(days=LATER),
            **of_org,
        ),
        key,
        n=Count("id"),
    )
    none: dict[str, Any] = {}
    rows = [
        BoroughRow(
            borough=b,
            referrals=referrals.get(b.pk, none).get("n", 0),
            live=live_counts.get(b.pk, none).get("n", 0),
            opened=journeys.get(b.pk, none).get("opened", 0),
            closed=journeys.get(b.pk, none).get("closed", 0),
            minutes=minutes.get(b.pk, none).get("n") or 0,
            releases_due=releases.get(b.pk, none).get("n", 0),
        )
        for b in boroughs
    ]
    firsts = months_back(today)
    since = firsts[0]
    ref_months = _by(
        Referral.objects.filter(received_on__gte=since, received_on__lte=today, **of_org).annotate(
            on=TruncMonth("received_on")
        ),
        "on",
        n=Count("id"),
    )
    opened_months = _by(
        Journey.objects.filter(opened_on__gte=since, opened_on__lte=today, **of_org).annotate(
            on=TruncMonth("opened_on")
        ),
        "on",
        n=Count("id"),
    )
    minute_months = _by(
        Contact.objects.filter(occurred_on__gte=since, occurred_on__lte=today, **of_org).annotate(
            on=TruncMonth("occurred_on")
        ),
        "on",
        n=Sum("minutes"),
    )
    months = [
        MonthRow(
            month=m,
            referrals=_month(ref_months, m).get("n", 0),
            opened=_month(opened_months, m).get("n", 0),
            minutes=_month(minute_months, m).get("n") or 0,
        )
        for m in firsts
    ]
    return OrganisationDashboard(today=today, boroughs=rows, months=months)


def _month(grouped: dict[Any, dict[str, Any]], first: date) -> dict[str, Any]:
    """A month's figures from a query grouped by `TruncMonth` (a date, or on some databases a
    datetime, for the first of the month)."""
    for on, figures in grouped.items():
        if on is not None and (on.year, on.month) == (first.year, first.month):
            return figures
    return {}
