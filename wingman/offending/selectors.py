"""Reading a client's offending history, and proven reoffending by the Ministry of Justice's rule.

The rule itself is `wingman.evaluation.reoffending` (no Django); this module hands it dates from
the record.

**When a client's follow-up starts.** From a journey:

- a journey that started in custody (its first stage change is into custody, or, for a journey
  with no stage history, it is in custody now or has a release date) starts the follow-up on
  the **first release from custody** on that journey: the first move to release day in its stage
  history, or `Journey.released_on` when it has none. Until the first release there is no
  follow-up yet. A journey with several spells in custody (released, back inside, released
  again) keeps the first release: `Journey.released_on` holds only the latest, but taking it
  would start the clock again after a return to custody and hide the reoffence that led to it;
  the Ministry of Justice counts a person once, from their first release or order in the period;
- a journey that started in the community starts it on the **opening date** of the journey
  (`Journey.opened_on`), the start of the work in the community;
- a client with several journeys (one closed, another opened later) is followed up from the
  **earliest** start among them, once.

Cohort figures are drawn over the clients the viewer may see (`visible_to`), as aggregates
only: no names, and any group of fewer than 10 people is shown as "fewer than 10" with no
figures. A client's OGRS3 probabilities are used only there, as a cohort's expected rate; they
are never shown on, or sent with, a young person's record.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Max, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from wingman.casework.choices import Stage
from wingman.casework.models import Journey, StageChange
from wingman.core.dates import when
from wingman.evaluation import reoffending as rule
from wingman.evaluation.expected import ExpectedVersusObserved, expected_versus_observed
from wingman.people.choices import Gender

from .choices import UNDECIDED
from .models import Offence

#: A group smaller than this is shown as "fewer than 10", never as figures.
SMALLEST_GROUP = 10
FEWER_THAN = f"fewer than {SMALLEST_GROUP}"
OGRS3_SEXES: dict[str, str] = {Gender.MALE: "male", Gender.FEMALE: "female"}


@dataclass(frozen=True)
class FollowUpStart:
    """Where a client's follow-up starts: the date, and whether it is a release from custody."""

    on: date
    from_custody: bool

    @property
    def words(self) -> str:
        if self.from_custody:
            return f"release from custody on {when(self.on, year=True)}"
        return f"the start of the work in the community on {when(self.on, year=True)}"


def _journey_rows(journeys: "QuerySet[Journey]", *fields: str) -> Iterable[Any]:
    first_release = StageChange.objects.filter(
        journey=OuterRef("pk"), to_stage=Stage.RELEASE_DAY
    ).order_by("on", "id")
    first_stage = StageChange.objects.filter(journey=OuterRef("pk"), from_stage="").order_by(
        "on", "id"
    )
    return (
        journeys.order_by("opened_on", "id")
        .annotate(
            first_release=Subquery(first_release.values("on")[:1]),
            first_stage=Subquery(first_stage.values("to_stage")[:1]),
        )
        .values(
            "client_id",
            "opened_on",
            "released_on",
            "stage",
            "first_release",
            "first_stage",
            "client__date_of_birth",
            "client__gender",
            *fields,
        )
    )


def journey_start(row: dict[str, Any]) -> FollowUpStart | None:
    """The follow-up start one journey gives (see the module), or None before a first release."""
    if row["first_stage"]:
        in_custody_first = row["first_stage"] == Stage.IN_CUSTODY
    else:
        in_custody_first = row["stage"] == Stage.IN_CUSTODY or row["released_on"] is not None
    if not in_custody_first:
        return FollowUpStart(on=row["opened_on"], from_custody=False)
    released = row["first_release"] or row["released_on"]
    return FollowUpStart(on=released, from_custody=True) if released else None


@dataclass
class Person:
    """What the rule needs of one client."""

    client_id: int
    born_on: date | None
    gender: str
    start: FollowUpStart | None = None
    waiting_for_release: bool = False
    #: The `fields` asked of `people_of`, from the journey the follow-up starts on.
    of: dict[str, Any] = field(default_factory=dict)


def people_of(journeys: "QuerySet[Journey]", *, fields: tuple[str, ...] = ()) -> dict[int, Person]:
    """Each client's follow-up start over `journeys` (the earliest; the first opened on a tie),
    with `fields` of the journey it starts on (for example where the work is counted)."""
    people: dict[int, Person] = {}
    for row in _journey_rows(journeys, *fields):
        person = people.setdefault(
            row["client_id"],
            Person(row["client_id"], row["client__date_of_birth"], row["client__gender"] or ""),
        )
        start = journey_start(row)
        if start is None:
            person.waiting_for_release = True
        elif person.start is None or start.on < person.start.on:
            person.start = start
            person.of = {name: row[name] for name in fields}
    return people


OFFENCE_VALUES = ("client_id", "committed_on", "disposal", "disposal_on", "breach", "category")


def as_rule_offence(row: dict[str, Any] | Offence) -> rule.Offence:
    """An offence as the rule reads it: an outcome still awaited is no disposal yet."""
    values = row if isinstance(row, dict) else {name: getattr(row, name) for name in OFFENCE_VALUES}
    disposal = values["disposal"]
    disposal_on = values["disposal_on"]
    decided = disposal not in UNDECIDED and disposal_on is not None
    return rule.Offence(
        committed_on=values["committed_on"],
        disposal=disposal if decided else None,
        disposal_on=disposal_on if decided else None,
        breach=bool(values["breach"]),
        category=values["category"] or None,
    )


def _offences_by_client(offences: "QuerySet[Offence]") -> dict[int, list[rule.Offence]]:
    found: dict[int, list[rule.Offence]] = defaultdict(list)
    for row in offences.order_by("committed_on", "id").values(*OFFENCE_VALUES):
        found[row["client_id"]].append(as_rule_offence(row))
    return found


# One client ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """A client's proven reoffending, in words and as the rule found it (None when the rule
    cannot be applied yet, with `words` saying why)."""

    words: str
    start: FollowUpStart | None = None
    result: rule.PersonReoffending | None = None

    @property
    def cohort_words(self) -> str:
        if self.result is None:
            return ""
        if self.result.cohort == rule.ADULT:
            return "Adult cohort (18 or over at the start)"
        return "Juvenile cohort (10 to 17 at the start)"


def status_words(result: rule.PersonReoffending) -> str:
    """ "No proven reoffence in the 12 months from 3 March 2026; final on 3 September 2027 —
    provisional until then"."""
    if result.reoffences == 0:
        found = "No proven reoffence"
    elif result.reoffences == 1:
        found = "1 proven reoffence"
    else:
        found = f"{result.reoffences} proven reoffences"
    period = f"in the {rule.FOLLOW_UP_MONTHS} months from {when(result.starts_on, year=True)}"
    final = when(result.final_on, year=True)
    if result.provisional:
        return f"{found} {period}; final on {final} — provisional until then"
    return f"{found} {period}; final since {final}"


def status_of(person: Person | None, offences: Iterable[rule.Offence], *, today: date) -> Status:
    if person is None:
        return Status("No follow-up: there is no journey with us yet.")
    if person.start is None:
        if person.waiting_for_release:
            return Status("The follow-up starts on release from custody.")
        return Status("No follow-up yet.")
    if person.start.on > today:
        return Status(f"The follow-up starts on {when(person.start.on, year=True)}.", person.start)
    if person.born_on is None:
        return Status(
            "The date of birth is not recorded, so the follow-up cannot be placed in the adult "
            "or juvenile cohort.",
            person.start,
        )
    try:
        result = rule.person_reoffending(
            starts_on=person.start.on, born_on=person.born_on, offences=offences, today=today
        )
    except ValueError:
        return Status(
            "Under 10 at the start of the follow-up: below the age of criminal responsibility, "
            "so in neither cohort.",
            person.start,
        )
    return Status(status_words(result), person.start, result)


def reoffending_status(client: Any, *, today: date) -> Status:
    """The client's proven reoffending status (two queries, whatever the record holds)."""
    people = people_of(Journey.objects.filter(client_id=client.pk))
    offences = _offences_by_client(Offence.objects.filter(client_id=client.pk))
    return status_of(people.get(client.pk), offences.get(client.pk, []), today=today)


def offences_of(viewer: Any, client: Any) -> "QuerySet[Offence]":
    return Offence.objects.visible_to(viewer).filter(client=client).select_related("recorded_by")


def for_client_record(viewer: Any, client: Any) -> dict[str, Any]:
    """What the client record shows of offending: how many offences are recorded, the latest
    offence date, and the proven reoffending status. Never an OGRS3 figure. Three queries."""
    recorded = offences_of(viewer, client).aggregate(count=Count("id"), latest=Max("committed_on"))
    return {
        "count": recorded["count"],
        "latest": recorded["latest"],
        "status": reoffending_status(client, today=timezone.localdate()),
        "url": reverse("offending:client", args=[client.pk]),
    }


# Cohorts ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortRow:
    """One cohort (adult or juvenile) starting in one month or year, as aggregates only."""

    period: str
    cohort: str
    people: int
    figures: rule.CohortReoffending | None
    expected: ExpectedVersusObserved | None

    @property
    def shown(self) -> bool:
        return self.figures is not None

    @property
    def size(self) -> str:
        return str(self.people) if self.shown else FEWER_THAN


BY = ("year", "month")


def _period(day: date, by: str) -> tuple[tuple[int, int], str]:
    if by == "month":
        return (day.year, day.month), when(day.replace(day=1), year=True).split(" ", 1)[1]
    return (day.year, 0), str(day.year)


def cohort_rows(
    viewer: Any, *, today: date, by: str = "year", team_id: int | None = None
) -> list[CohortRow]:
    """Proven reoffending of the clients `viewer` may see (of one team, if given), by adult and
    juvenile cohort and the month or year their follow-up started, latest first. Two queries,
    whatever the data."""
    journeys = Journey.objects.visible_to(viewer)
    offence_rows = Offence.objects.visible_to(viewer)
    if team_id is not None:
        journeys = journeys.filter(client__team_id=team_id)
        offence_rows = offence_rows.filter(client__team_id=team_id)
    people = people_of(journeys)
    offences = _offences_by_client(offence_rows)
    groups: dict[tuple[tuple[int, int], str], list[tuple[rule.PersonReoffending, Person]]] = (
        defaultdict(list)
    )
    labels: dict[tuple[int, int], str] = {}
    for person in people.values():
        if person.start is None or person.born_on is None or person.start.on > today:
            continue
        try:
            result = rule.person_reoffending(
                starts_on=person.start.on,
                born_on=person.born_on,
                offences=offences.get(person.client_id, []),
                today=today,
            )
        except ValueError:
            continue
        key, label = _period(person.start.on, by)
        labels[key] = label
        groups[(key, result.cohort)].append((result, person))
    rows = []
    ordered = sorted(groups.items(), key=lambda g: (g[0][0], g[0][1] == rule.ADULT), reverse=True)
    for (key, cohort), members in ordered:
        results = [m[0] for m in members]
        if len(results) < SMALLEST_GROUP:
            rows.append(CohortRow(labels[key], cohort, len(results), None, None))
            continue
        figures = rule.cohort_reoffending(results)[cohort]
        expected = _expected(members, offences, figures.provisional)
        rows.append(CohortRow(labels[key], cohort, len(results), figures, expected))
    return rows


def _expected(
    members: list[tuple[rule.PersonReoffending, Person]],
    offences: dict[int, list[rule.Offence]],
    provisional: bool,
) -> ExpectedVersusObserved | None:
    """OGRS3's expected 1-year rate beside the observed, among the members OGRS3 can score (a
    proven disposal by the start, its offence's category, and male or female); None when fewer
    than 10 can be scored."""
    probabilities, outcomes = [], []
    for result, person in members:
        sex = OGRS3_SEXES.get(person.gender)
        if sex is None or person.born_on is None:
            continue
        try:
            score = rule.ogrs3_from_record(
                sex=sex,
                born_on=person.born_on,
                starts_on=result.starts_on,
                offences=offences.get(person.client_id, []),
            )
        except ValueError:
            continue
        probabilities.append(score.p1)
        outcomes.append(1 if result.reoffended else 0)
    if len(probabilities) < SMALLEST_GROUP:
        return None
    return expected_versus_observed(probabilities, outcomes, follow_up_complete=not provisional)
