"""Proven reoffending, exactly as the Ministry of Justice defines it.

A proven reoffence is an offence **committed** in a one-year follow-up period that leads to a
conviction, caution, reprimand or warning in that year **or in a further six-month waiting
period**. The follow-up starts on release from custody, or on the start of the sentence or
order in the community (or the date of the caution). Breach offences (of a court order, licence
or bail) are not counted: they are the sentence being enforced, not a new offence. People aged
18 or over at the start are the **adult** cohort, 10 to 17 the **juvenile** cohort, and the two
are never pooled. Two measures: the **binary** rate (the share with at least one proven
reoffence) and the **frequency** (proven reoffences per person, and per reoffender).

Periods are calendar periods, each including its first day and excluding its last: a start on
10 March 2025 follows up offences committed from 10 March 2025 to 9 March 2026, and counts
disposals made up to 9 September 2026. Where the month has no such day its last day is used:
a start on 29 February 2024 follows up to 27 February 2025, as a start on 28 February does.
A person's figure, and a cohort's, is **provisional** until the waiting period has passed for
every member: it can only rise until then.

This module has no Django; the web service hands it dates.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from wingman.evaluation import ogrs3

__all__ = [
    "ADULT",
    "FOLLOW_UP_MONTHS",
    "JUVENILE",
    "PROVING_DISPOSALS",
    "WAITING_MONTHS",
    "CohortReoffending",
    "Offence",
    "PersonReoffending",
    "add_months",
    "cohort_reoffending",
    "ogrs3_from_record",
    "person_reoffending",
]

FOLLOW_UP_MONTHS = 12
WAITING_MONTHS = 6
ADULT = "adult"
JUVENILE = "juvenile"
#: Disposals that prove an offence. A penalty notice, a community resolution, an acquittal or
#: a charge not yet decided do not.
PROVING_DISPOSALS = frozenset(
    {
        "conviction",
        "caution",
        "conditional_caution",
        "youth_caution",
        "youth_conditional_caution",
        "reprimand",
        "final_warning",
    }
)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the last day of that month if it has no such day."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Offence:
    """One offence on a person's record: when it was committed and how it was disposed of.

    ``disposal`` is None while nothing has been decided; ``breach`` marks a breach of a court
    order, licence or bail; ``category`` is one of OGRS3's offence categories, if known.
    """

    committed_on: date
    disposal: str | None = None
    disposal_on: date | None = None
    breach: bool = False
    category: str | None = None

    def __post_init__(self) -> None:
        if self.disposal is not None and self.disposal_on is None:
            raise ValueError("A disposal needs the date it was made.")
        if self.disposal_on is not None and self.disposal_on < self.committed_on:
            raise ValueError("An offence cannot be disposed of before it was committed.")

    @property
    def proven(self) -> bool:
        return self.disposal in PROVING_DISPOSALS


@dataclass(frozen=True)
class PersonReoffending:
    """One person's proven reoffending over their follow-up."""

    cohort: str
    starts_on: date
    follow_up_ends_on: date
    final_on: date
    reoffences: int
    provisional: bool

    @property
    def reoffended(self) -> bool:
        return self.reoffences > 0


def _age_on(born_on: date, day: date) -> int:
    before_birthday = (day.month, day.day) < (born_on.month, born_on.day)
    return day.year - born_on.year - int(before_birthday)


def person_reoffending(
    *, starts_on: date, born_on: date, offences: Iterable[Offence], today: date
) -> PersonReoffending:
    """Apply the rule to one person whose follow-up starts on ``starts_on``.

    Raises ``ValueError`` for someone under 10 at the start (below the age of criminal
    responsibility, in neither cohort).
    """
    age = _age_on(born_on, starts_on)
    if age < 10:
        raise ValueError(f"Aged {age} at the start: under 10, in neither cohort.")
    follow_up_ends_on = add_months(starts_on, FOLLOW_UP_MONTHS)
    final_on = add_months(starts_on, FOLLOW_UP_MONTHS + WAITING_MONTHS)
    reoffences = sum(
        1
        for offence in offences
        if not offence.breach
        and offence.proven
        and starts_on <= offence.committed_on < follow_up_ends_on
        and offence.disposal_on is not None
        and offence.disposal_on < final_on
    )
    return PersonReoffending(
        cohort=ADULT if age >= 18 else JUVENILE,
        starts_on=starts_on,
        follow_up_ends_on=follow_up_ends_on,
        final_on=final_on,
        reoffences=reoffences,
        provisional=today < final_on,
    )


@dataclass(frozen=True)
class CohortReoffending:
    """Proven reoffending of one cohort (adult or juvenile)."""

    cohort: str
    people: int
    reoffenders: int
    reoffences: int
    provisional: bool
    final_on: date | None
    members: Sequence[PersonReoffending] = field(default=(), repr=False)

    @property
    def rate(self) -> float | None:
        """The binary measure: the share with at least one proven reoffence."""
        return self.reoffenders / self.people if self.people else None

    @property
    def per_person(self) -> float | None:
        """The frequency measure: proven reoffences per person in the cohort."""
        return self.reoffences / self.people if self.people else None

    @property
    def per_reoffender(self) -> float | None:
        """Proven reoffences per person who reoffended."""
        return self.reoffences / self.reoffenders if self.reoffenders else None


def cohort_reoffending(people: Iterable[PersonReoffending]) -> dict[str, CohortReoffending]:
    """The adult and the juvenile cohort's figures, never pooled. Each is provisional until
    its last member's waiting period has passed."""
    grouped: dict[str, list[PersonReoffending]] = {ADULT: [], JUVENILE: []}
    for person in people:
        grouped[person.cohort].append(person)
    return {
        name: CohortReoffending(
            cohort=name,
            people=len(members),
            reoffenders=sum(1 for m in members if m.reoffended),
            reoffences=sum(m.reoffences for m in members),
            provisional=any(m.provisional for m in members),
            final_on=max((m.final_on for m in members), default=None),
            members=tuple(members),
        )
        for name, members in grouped.items()
    }


def ogrs3_from_record(
    *, sex: str, born_on: date, starts_on: date, offences: Iterable[Offence]
) -> ogrs3.Score:
    """OGRS3's 1- and 2-year probabilities from a person's record, for cohort evaluation only
    (never a label on a young person).

    The sanctions are the proven disposals made on or before the start. One occasion (a court
    hearing or a caution on one day) is one sanction, however many offences it dealt with. The
    current sanction is the last of them, and the current offence the first listed of those it
    dealt with that has a category. Raises ``ValueError`` when there is no sanction or the
    current offence has no category.
    """
    proven = [
        o for o in offences if o.proven and o.disposal_on is not None and o.disposal_on <= starts_on
    ]
    if not proven:
        raise ValueError("No proven disposal on or before the start: OGRS3 needs one.")
    occasions = sorted({o.disposal_on for o in proven if o.disposal_on is not None})
    current_on = occasions[-1]
    category = next(
        (o.category for o in proven if o.disposal_on == current_on and o.category), None
    )
    if category is None:
        raise ValueError("The current offence has no OGRS3 category.")
    return ogrs3.ogrs3(
        sex=sex,
        age=_age_on(born_on, starts_on),
        total_sanctions=len(occasions),
        age_at_conviction=_age_on(born_on, current_on),
        age_at_first_sanction=_age_on(born_on, occasions[0]),
        offence=category,
    )
