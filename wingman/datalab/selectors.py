"""Who can go in a file for the Justice Data Lab, and what keeps the others out.

The Lab matches the people a service worked with to the Ministry of Justice's records and
compares their proven reoffending with a matched group. It takes one row a person (surname,
forename, date of birth, gender, index date, and where held the PNC ID and prison number, and an
end date) and needs at least 60 people.

- **Started**: a client with a journey opened in the chosen dates (of the chosen funding stream,
  or of the streams of the chosen borough), among the clients the viewer sees.
- **Eligible**: of those, the clients whose follow-up is complete: the index date (the start of
  the follow-up, `offending.selectors`: the first release from custody, or the start of the work
  in the community) at least 12 months and the 6 months' wait for outcomes ago. Others are too
  recent (or still waiting for release).
- **In the file**: of the eligible, those whose latest answer is consent given and who have a
  surname, forename, date of birth and gender. PNC ID and prison number are sent where held.
  Gender goes as Male, Female or Other (non-binary, or described another way); "prefers not to
  say" counts as no gender. The index date is the start of the follow-up; the end date is the
  last journey's closing date, empty while one is open.
"""

import csv
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from io import StringIO
from typing import Any

from django.db.models import Max
from django.urls import reverse

from wingman.accounts import permissions
from wingman.casework.models import Journey
from wingman.evaluation import reoffending as rule
from wingman.offending.selectors import FollowUpStart, people_of
from wingman.people.choices import Gender
from wingman.people.models import Client

from .models import DataLabConsent

MINIMUM_PEOPLE = 60
# The column names as the Lab's guidance lists the fields; check them against the Lab's current
# upload template before a first submission.
COLUMNS = (
    "Surname",
    "Forename",
    "Date of Birth",
    "Gender",
    "Index Date",
    "PNC ID",
    "Prison Number",
    "End Date",
)
GENDERS: dict[str, str] = {
    Gender.MALE: "Male",
    Gender.FEMALE: "Female",
    Gender.NON_BINARY: "Other",
    Gender.OTHER: "Other",
}

TOO_RECENT = "too recent"
WAITING_FOR_RELEASE = "not yet released"
NO_CONSENT = "consent not recorded"
CONSENT_WITHDRAWN = "consent withdrawn"
NO_SURNAME = "no surname"
NO_FORENAME = "no forename"
NO_DATE_OF_BIRTH = "no date of birth"
NO_GENDER = "no gender"
REQUIRED_MISSING = (NO_SURNAME, NO_FORENAME, NO_DATE_OF_BIRTH, NO_GENDER)
NO_IDENTIFIER = "no PNC ID and no prison number"
NO_END_DATE = "no end date (still open)"


@dataclass(frozen=True)
class Choice:
    """What the file is to cover."""

    started_from: date
    started_to: date
    funding_stream_id: int | None = None
    borough_id: int | None = None


@dataclass
class Candidate:
    client: Client
    start: FollowUpStart | None
    end_on: date | None
    consent: bool | None  # the latest answer: True given, False withdrawn, None never asked
    follow_up_complete: bool = False
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def goes_in(self) -> bool:
        return not self.reasons


@dataclass
class Readiness:
    choice: Choice
    today: date
    started: int
    eligible: int
    candidates: list[Candidate]

    @property
    def in_file(self) -> list[Candidate]:
        return [c for c in self.candidates if c.goes_in]

    @property
    def dropped(self) -> list[Candidate]:
        return [c for c in self.candidates if not c.goes_in]

    @property
    def reaches_minimum(self) -> bool:
        return len(self.in_file) >= MINIMUM_PEOPLE

    @property
    def words(self) -> str:
        n = len(self.in_file)
        people = "person" if n == 1 else "people"
        return f"The Lab needs at least {MINIMUM_PEOPLE} people; this file would have {n} {people}."

    @property
    def drop_counts(self) -> dict[str, int]:
        """How many people each reason keeps out (a person may have several)."""
        counts = Counter(reason for c in self.dropped for reason in c.reasons)
        return dict(sorted(counts.items()))

    @property
    def missing_counts(self) -> dict[str, int]:
        """Among the eligible, how many lack each field (required or sent where held)."""
        counts = Counter(m for c in self.candidates if c.follow_up_complete for m in c.missing)
        return dict(sorted(counts.items()))


def _complete(start: FollowUpStart | None, today: date) -> bool:
    if start is None:
        return False
    return rule.add_months(start.on, rule.FOLLOW_UP_MONTHS + rule.WAITING_MONTHS) <= today


def journeys_chosen(viewer: Any, choice: Choice) -> Any:
    journeys = Journey.objects.visible_to(viewer).filter(
        opened_on__gte=choice.started_from, opened_on__lte=choice.started_to
    )
    if choice.funding_stream_id is not None:
        journeys = journeys.filter(funding_stream_id=choice.funding_stream_id)
    if choice.borough_id is not None:
        journeys = journeys.filter(funding_stream__borough_id=choice.borough_id)
    return journeys


def latest_consents(client_ids: list[int]) -> dict[int, bool]:
    found: dict[int, bool] = {}
    rows = DataLabConsent.objects.filter(client_id__in=client_ids).order_by("client_id", "on", "id")
    for row in rows.values("client_id", "given"):
        found[row["client_id"]] = row["given"]
    return found


def readiness(viewer: Any, choice: Choice, *, today: date) -> Readiness:
    journeys = journeys_chosen(viewer, choice)
    people = people_of(journeys)
    ends = {
        row["client_id"]: row
        for row in journeys.order_by()
        .values("client_id")
        .annotate(last_closed=Max("closed_on"), last_opened=Max("opened_on"))
    }
    open_now = set(journeys.filter(closed_on__isnull=True).values_list("client_id", flat=True))
    clients = (
        Client.objects.visible_to(viewer)
        .filter(pk__in=list(people))
        .order_by("family_name", "given_name", "id")
    )
    consents = latest_consents(list(people))
    candidates: list[Candidate] = []
    eligible = 0
    for client in clients:
        person = people[client.pk]
        end_on = None if client.pk in open_now else ends[client.pk]["last_closed"]
        candidate = Candidate(client, person.start, end_on, consents.get(client.pk))
        candidate.follow_up_complete = _complete(person.start, today)
        if not candidate.follow_up_complete:
            waiting = person.start is None and person.waiting_for_release
            candidate.reasons.append(WAITING_FOR_RELEASE if waiting else TOO_RECENT)
        else:
            eligible += 1
        if candidate.consent is None:
            candidate.reasons.append(NO_CONSENT)
        elif candidate.consent is False:
            candidate.reasons.append(CONSENT_WITHDRAWN)
        if not client.family_name.strip():
            candidate.missing.append(NO_SURNAME)
        if not client.given_name.strip():
            candidate.missing.append(NO_FORENAME)
        if client.date_of_birth is None:
            candidate.missing.append(NO_DATE_OF_BIRTH)
        if client.gender not in GENDERS:
            candidate.missing.append(NO_GENDER)
        if not client.pnc_number.strip() and not client.prison_number.strip():
            candidate.missing.append(NO_IDENTIFIER)
        if end_on is None:
            candidate.missing.append(NO_END_DATE)
        candidate.reasons.extend(m for m in candidate.missing if m in REQUIRED_MISSING)
        candidates.append(candidate)
    return Readiness(choice, today, len(candidates), eligible, candidates)


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def file_rows(readiness_: Readiness, *, with_identifiers: bool) -> list[list[str]]:
    """The file's rows in the Lab's columns (dates as DD/MM/YYYY): only those who go in."""
    rows = []
    for c in readiness_.in_file:
        client = c.client
        assert c.start is not None
        rows.append(
            [
                client.family_name.strip(),
                client.given_name.strip(),
                _day(client.date_of_birth),
                GENDERS[client.gender],
                _day(c.start.on),
                client.pnc_number.strip() if with_identifiers else "",
                client.prison_number.strip() if with_identifiers else "",
                _day(c.end_on),
            ]
        )
    return rows


def as_csv(rows: list[list[str]]) -> str:
    """The file as the Lab takes it: a header of its columns, then one row a person."""
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


def for_client_record(viewer: Any, client: Any) -> dict[str, Any]:
    """The client's latest answer about the Justice Data Lab, for their record."""
    latest = (
        DataLabConsent.objects.visible_to(viewer)
        .filter(client=client)
        .order_by("-on", "-id")
        .first()
    )
    return {
        "latest": latest,
        "may_record": permissions.records_datalab_consent(viewer),
        "url": reverse("datalab:consent", args=[client.pk]),
    }
