"""The treated cohort: Wingman's own clients, with their proven reoffending over a complete
one-year follow-up (the Ministry of Justice's rule, through `offending.selectors`) and the
covariates OGRS3 uses. Clients whose follow-up or waiting period is not complete, or whose
record cannot give the covariates, are left out and counted by reason."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from wingman.casework.models import Journey
from wingman.evaluation import reoffending as rule
from wingman.offending import selectors as offending
from wingman.offending.models import Offence

from .models import ComparisonPerson, ComparisonPool

#: The covariates both groups have, in the order they are matched on.
COVARIATES = ("age", "male", "sanctions", "age_first_sanction", "age_current_sanction")
COVARIATE_WORDS = {
    "age": "Age at the start",
    "male": "Male",
    "sanctions": "Previous sanctions",
    "age_first_sanction": "Age at first sanction",
    "age_current_sanction": "Age at the current sanction",
    "custody_months": "Custody length (months)",
}

NO_START = "no follow-up start yet (not released, or no journey start)"
NO_BIRTH = "date of birth not recorded"
UNDER_10 = "under 10 at the start"
PROVISIONAL = "follow-up or waiting period not complete"
NO_SEX = "sex not recorded as male or female (OGRS3 needs it)"
NO_SANCTION = "no proven sanction with an offence type before the start (OGRS3 needs one)"


@dataclass
class Cohort:
    rows: list[dict[str, Any]] = field(default_factory=list)
    left_out: Counter[str] = field(default_factory=Counter)


def _age(born_on: date, day: date) -> int:
    return day.year - born_on.year - int((day.month, day.day) < (born_on.month, born_on.day))


def treated_cohort(
    viewer: Any,
    *,
    today: date,
    stream_id: int | None = None,
    borough_id: int | None = None,
    opened_from: date | None = None,
    opened_to: date | None = None,
) -> Cohort:
    """The clients `viewer` may see whose journeys match the filters, as rows of covariates,
    outcome and OGRS3's 1-year probability (no identifiers), sorted so the same clients always
    give the same rows."""
    journeys = Journey.objects.visible_to(viewer)
    if stream_id is not None:
        journeys = journeys.filter(funding_stream_id=stream_id)
    if borough_id is not None:
        journeys = journeys.filter(funding_stream__borough_id=borough_id)
    if opened_from is not None:
        journeys = journeys.filter(opened_on__gte=opened_from)
    if opened_to is not None:
        journeys = journeys.filter(opened_on__lte=opened_to)
    people = offending.people_of(journeys)
    offences = offending._offences_by_client(
        Offence.objects.visible_to(viewer).filter(client_id__in=list(people))
    )
    cohort = Cohort()
    for person in people.values():
        if person.start is None or person.start.on > today:
            cohort.left_out[NO_START] += 1
            continue
        if person.born_on is None:
            cohort.left_out[NO_BIRTH] += 1
            continue
        record = offences.get(person.client_id, [])
        try:
            result = rule.person_reoffending(
                starts_on=person.start.on, born_on=person.born_on, offences=record, today=today
            )
        except ValueError:
            cohort.left_out[UNDER_10] += 1
            continue
        if result.provisional:
            cohort.left_out[PROVISIONAL] += 1
            continue
        sex = offending.OGRS3_SEXES.get(person.gender)
        if sex is None:
            cohort.left_out[NO_SEX] += 1
            continue
        try:
            score = rule.ogrs3_from_record(
                sex=sex, born_on=person.born_on, starts_on=result.starts_on, offences=record
            )
        except ValueError:
            cohort.left_out[NO_SANCTION] += 1
            continue
        occasions = sorted(
            {
                o.disposal_on
                for o in record
                if o.proven and o.disposal_on is not None and o.disposal_on <= result.starts_on
            }
        )
        cohort.rows.append(
            {
                "age": _age(person.born_on, result.starts_on),
                "male": int(sex == "male"),
                "sanctions": len(occasions),
                "age_first_sanction": _age(person.born_on, occasions[0]),
                "age_current_sanction": _age(person.born_on, occasions[-1]),
                "reoffended": int(result.reoffended),
                "p1": round(score.p1, 6),
            }
        )
    cohort.rows.sort(key=lambda r: tuple(r[k] for k in (*COVARIATES, "reoffended", "p1")))
    return cohort


def pool_rows(pool: ComparisonPool) -> list[dict[str, Any]]:
    values = ComparisonPerson.objects.filter(pool=pool).order_by("row")
    return [
        {
            "age": p.age,
            "male": int(p.male),
            "sanctions": p.sanctions,
            "age_first_sanction": p.age_first_sanction,
            "age_current_sanction": p.age_current_sanction,
            "custody_months": p.custody_months,
            "reoffended": int(p.reoffended),
        }
        for p in values
    ]


def pool_summary(pool: ComparisonPool) -> dict[str, Any]:
    """A pool's size, reoffending rate and the mean of each covariate: aggregates only."""
    rows = pool_rows(pool)
    n = len(rows)
    means = {
        k: (sum(r[k] for r in rows) / n if n else None) for k in (*COVARIATES, "custody_months")
    }
    return {
        "people": n,
        "reoffending_rate": (sum(r["reoffended"] for r in rows) / n) if n else None,
        "means": means,
    }
