"""The demo service's outcomes: what the clients achieved, at the rates a service like this sees
(ID and benefits for most, a job kept for 26 weeks for few), each on the journey open that day;
and the indicators each funding stream counts, with targets for last year and this year, some
met and some not."""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Min

from wingman.casework.choices import Stage
from wingman.casework.models import Contact, Journey, StageChange
from wingman.core.validation import years_from
from wingman.outcomes.choices import Measure, OutcomeStatus
from wingman.outcomes.models import IndicatorAssignment, IndicatorDefinition, Outcome, OutcomeType

K = 404
BATCH = 2000


@dataclass(frozen=True)
class Kind:
    """How often a journey reaches this outcome, after which one (if any), how many days later,
    and whether it needs the client out of custody."""

    chance: float
    after: str | None
    lag: tuple[int, int]
    outside: bool = True


# The order matters: an outcome that follows another comes after it.
KINDS: dict[str, Kind] = {
    "ID obtained": Kind(0.6, None, (7, 60), outside=False),
    "Benefits in payment": Kind(0.55, None, (10, 45)),
    "Bank account opened": Kind(0.6, "ID obtained", (3, 40), outside=False),
    "Accommodation secured": Kind(0.4, None, (1, 90)),
    "Accommodation sustained": Kind(0.6, "Accommodation secured", (91, 120)),
    "Drug or alcohol treatment engaged": Kind(0.22, None, (5, 60), outside=False),
    "Drug or alcohol treatment completed": Kind(
        0.45, "Drug or alcohol treatment engaged", (84, 140)
    ),
    "Training started": Kind(0.35, None, (14, 120), outside=False),
    "Training completed": Kind(0.6, "Training started", (28, 100), outside=False),
    "Qualification gained": Kind(0.5, "Training completed", (0, 30), outside=False),
    "Back in education": Kind(0.12, None, (20, 150)),
    "Employment started": Kind(0.2, None, (45, 240)),
    "Employment sustained 13 weeks": Kind(0.6, "Employment started", (91, 95)),
    "Employment sustained 26 weeks": Kind(0.55, "Employment sustained 13 weeks", (91, 95)),
    "Family contact restored": Kind(0.15, None, (30, 200), outside=False),
    "Safely left the gang": Kind(0.12, None, (150, 400)),
}

EVIDENCE: dict[str, tuple[str, ...]] = {
    "ID obtained": ("Provisional driving licence seen.", "Birth certificate and passport seen."),
    "Benefits in payment": (
        "First Universal Credit payment seen on his statement.",
        "Universal Credit award letter seen.",
    ),
    "Bank account opened": (
        "Basic bank account opened with him at the branch.",
        "Bank card and welcome letter seen.",
    ),
    "Accommodation secured": (
        "Supported housing licence signed; keys collected together.",
        "Tenancy agreement seen; moved in this week.",
    ),
    "Accommodation sustained": (
        "Still at the same address after three months; rent up to date.",
        "Key worker confirms the placement is holding.",
    ),
    "Drug or alcohol treatment engaged": (
        "Attended the first two sessions at the Brief Intervention Service.",
        "Assessment done at the drug service; plan agreed.",
    ),
    "Drug or alcohol treatment completed": (
        "Completion letter from the drug service.",
        "Finished the 12-week programme; tests clear.",
    ),
    "Training started": (
        "Place confirmed on the CSCS course; attended day one.",
        "Enrolment letter from the college.",
    ),
    "Training completed": (
        "Course completion letter from the provider.",
        "Attended every session; tutor confirms completion.",
    ),
    "Qualification gained": ("CSCS card received.", "Level 1 certificate seen."),
    "Back in education": (
        "Back at the pupil referral unit full time; head confirms.",
        "Enrolled at college for September; letter seen.",
    ),
    "Employment started": ("First payslip seen.", "Contract from the employer seen."),
    "Employment sustained 13 weeks": (
        "Employer confirms 13 weeks in the job.",
        "Payslips for three months seen.",
    ),
    "Employment sustained 26 weeks": (
        "Employer confirms six months in the job.",
        "Payslips for six months seen.",
    ),
    "Family contact restored": (
        "Visiting his mum every week again; she confirms.",
        "Back in touch with his sister; met together.",
    ),
    "Safely left the gang": (
        "No contact with the group for six months; police and school agree.",
        "Moved area and keeps away; safety plan closed.",
    ),
}
WITHDRAWN_REASONS = (
    "Recorded twice.",
    "Recorded for the wrong young person.",
    "The job offer was withdrawn before he started.",
)

# The indicators the demo's funders count: (name, measure, unit, outcome types).
INDICATORS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "Young people into settled accommodation",
        Measure.CLIENTS,
        "young people",
        ("Accommodation secured",),
    ),
    (
        "Young people into education, training or work",
        Measure.CLIENTS,
        "young people",
        ("Training started", "Back in education", "Employment started"),
    ),
    ("Jobs kept for 26 weeks", Measure.OUTCOMES, "jobs", ("Employment sustained 26 weeks",)),
    (
        "ID, benefits and a bank account",
        Measure.OUTCOMES,
        "outcomes",
        ("ID obtained", "Benefits in payment", "Bank account opened"),
    ),
    (
        "Drug or alcohol treatment completed",
        Measure.CLIENTS,
        "young people",
        ("Drug or alcohol treatment completed",),
    ),
    (
        "Young people safely out of gangs",
        Measure.CLIENTS,
        "young people",
        ("Safely left the gang",),
    ),
)


def financial_year(day: date) -> tuple[date, date]:
    start = date(day.year if day.month >= 4 else day.year - 1, 4, 1)
    return start, years_from(start, 1) - timedelta(days=1)


def add(builder: Any) -> None:
    """Add this app's records to the demo service, once its clients and journeys are written."""
    rng = random.Random(builder.seed * 1000 + K)
    today: date = builder.today
    organisation_id = builder.users["admin"].organisation_id
    types = {t.name: t for t in OutcomeType.objects.filter(organisation_id=organisation_id)}
    outside_from = dict(
        StageChange.objects.filter(to_stage__in=[Stage.RELEASE_DAY, Stage.COMMUNITY])
        .values("journey_id")
        .annotate(first=Min("on"))
        .values_list("journey_id", "first")
    )
    journeys = (
        Journey.objects.order_by("id")
        .values_list(
            "id",
            "client_id",
            "opened_on",
            "closed_on",
            "funding_stream_id",
            "client__caseworker_id",
            "referral__created_by_id",
        )
        .iterator(chunk_size=BATCH)
    )
    made: list[Outcome] = []
    # (stream, type name, day, client) of each outcome that counts, for the targets.
    counted: list[tuple[int | None, str, date, int]] = []
    for pk, client_id, opened, closed, stream_id, caseworker_id, referrer_id in journeys:
        end = min(closed or today, today)
        out = outside_from.get(pk)
        reached: dict[str, date] = {}
        for name, kind in KINDS.items():
            base = reached.get(kind.after) if kind.after else opened
            if base is None or rng.random() >= kind.chance:
                continue
            if kind.outside:
                if out is None:
                    continue
                base = max(base, out)
            day = base + timedelta(days=rng.randint(*kind.lag))
            if day > end:
                continue
            reached[name] = day
            withdrawn = rng.random() < 0.015
            recorder = caseworker_id or referrer_id
            recorded_at = builder.at(
                min(day + timedelta(days=rng.choice((0, 0, 1, 2, 7))), today),
                rng.randint(9, 17),
                rng.choice((0, 15, 30, 45)),
            )
            made.append(
                Outcome(
                    client_id=client_id,
                    journey_id=pk,
                    outcome_type=types[name],
                    achieved_on=day,
                    evidence=rng.choice(EVIDENCE[name]),
                    status=OutcomeStatus.WITHDRAWN if withdrawn else OutcomeStatus.RECORDED,
                    withdrawn_reason=rng.choice(WITHDRAWN_REASONS) if withdrawn else "",
                    withdrawn_on=min(day + timedelta(days=14), today) if withdrawn else None,
                    withdrawn_by_id=recorder if withdrawn else None,
                    recorded_by_id=recorder,
                    version=2 if withdrawn else 1,
                    created_at=recorded_at,
                    updated_at=recorded_at,
                )
            )
            if not withdrawn:
                counted.append((stream_id, name, day, client_id))
        if len(made) >= BATCH:
            Outcome.objects.bulk_create(made, batch_size=BATCH)
            made = []
    Outcome.objects.bulk_create(made, batch_size=BATCH)
    _friday_court_story(builder, types)
    _indicators(builder, rng, types, counted)


def _friday_court_story(builder: Any, types: dict[str, OutcomeType]) -> None:
    """Friday's client, who now mentors younger children on his estate: the course behind it."""
    note = (
        Contact.objects.select_related("journey")
        .filter(note__contains="now mentors younger children")
        .first()
    )
    if note is None or note.journey is None:
        return
    have = set(note.client.outcomes.values_list("outcome_type__name", flat=True))
    day = max(note.journey.opened_on, builder.today - timedelta(days=70))
    wanted = [
        ("Training completed", day, "Youth mentoring course completed; certificate seen."),
        ("Qualification gained", day + timedelta(days=14), "Level 2 award in youth work seen."),
    ]
    Outcome.objects.bulk_create(
        [
            Outcome(
                client_id=note.client_id,
                journey_id=note.journey_id,
                outcome_type=types[name],
                achieved_on=on,
                evidence=evidence,
                recorded_by_id=note.author_id,
                created_at=builder.at(on, 15),
                updated_at=builder.at(on, 15),
            )
            for name, on, evidence in wanted
            if name not in have and on <= builder.today
        ]
    )


def _indicators(
    builder: Any,
    rng: random.Random,
    types: dict[str, OutcomeType],
    counted: list[tuple[int | None, str, date, int]],
) -> None:
    """Two to four indicators for every funding stream, over last year and this year, with
    targets set near what the stream achieves: some met, some not."""
    organisation_id = builder.users["admin"].organisation_id
    definitions = IndicatorDefinition.objects.bulk_create(
        [
            IndicatorDefinition(
                organisation_id=organisation_id, name=name, measure=measure, unit=unit
            )
            for name, measure, unit, _names in INDICATORS
        ]
    )
    through = IndicatorDefinition.outcome_types.through
    through.objects.bulk_create(
        [
            through(indicatordefinition_id=d.pk, outcometype_id=types[n].pk)
            for d, (_name, _m, _u, names) in zip(definitions, INDICATORS, strict=True)
            for n in names
        ]
    )
    this_year = financial_year(builder.today)
    last_year = financial_year(this_year[0] - timedelta(days=1))
    # How far through this year we are, to aim this year's targets at the whole year.
    done = max((builder.today - this_year[0]).days, 1) / 365
    assignments = []
    for stream in builder.streams:
        mine = [c for c in counted if c[0] == stream.pk]
        for definition, (_name, measure, _unit, names) in rng.sample(
            list(zip(definitions, INDICATORS, strict=True)), rng.randint(2, 4)
        ):
            for start, end in (last_year, this_year):
                if stream.ends_on and stream.ends_on < start:
                    continue
                hits = [c for c in mine if c[1] in names and start <= c[2] <= end]
                result = len({c[3] for c in hits}) if measure == Measure.CLIENTS else len(hits)
                expected = result / done if start == this_year[0] else result
                target = max(1, round(expected * rng.choice((0.7, 0.85, 0.95, 1.1, 1.25, 1.5))))
                assignments.append(
                    IndicatorAssignment(
                        indicator=definition,
                        funding_stream=stream,
                        target=target,
                        baseline=max(0, round(target * rng.uniform(0.5, 0.9))),
                        period_start=start,
                        period_end=end,
                    )
                )
    IndicatorAssignment.objects.bulk_create(assignments, batch_size=BATCH)
