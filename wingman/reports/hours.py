"""The minutes of contact split between funding streams and pathways, in whole minutes.

A contact's first stream is its journey's; `Contact.also_for` adds the others it served. Its
minutes are split between them by the organisation's rule (equally, or in proportion to each
stream's places), and a stream's part again equally between the contact's pathways, each split
by the largest-remainder method (ties to the lower stream id, or the earlier pathway), so the
parts of a contact add up to its minutes exactly: nothing is counted twice or dropped. A contact
with no stream at all is unfunded work, reported under the borough of the client's team.

The rows come from the database in three queries for any period (`contact_rows`): contacts of
one stream or none are added up there, by what the split depends on (their stream, minutes, type
and pathways), and only those that served several streams come one by one; the split is done
here, over the few streams and pathways of each."""

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TypeVar

from django.db.models import Count, Exists, OuterRef, Q

from wingman.accounts.models import Borough, Organisation
from wingman.casework.models import Contact

from .models import SplitRule

K = TypeVar("K", bound=Hashable)

NO_PATHWAY = "none"


def largest_remainder(total: int, weights: list[tuple[K, int | Fraction]]) -> dict[K, int]:
    """`total` shared out in whole numbers in proportion to `weights` (given in the order ties
    go), each share its quota rounded down, then one more to the largest remainders. All-zero
    weights share equally. Exact: the quotas are compared as whole numbers over one common
    denominator."""
    if not weights:
        return {}
    if len(weights) == 1:
        return {weights[0][0]: total}
    if sum(w for _, w in weights) <= 0:
        weights = [(key, 1) for key, _ in weights]
    scale = math.lcm(*(Fraction(w).denominator for _, w in weights))
    whole_weights = [(key, int(Fraction(w) * scale)) for key, w in weights]
    whole = sum(w for _, w in whole_weights)
    shares: dict[K, int] = {}
    remainders = []
    for i, (key, w) in enumerate(whole_weights):
        share, remainder = divmod(total * w, whole)
        shares[key] = share
        remainders.append((-remainder, i, key))
    left = total - sum(shares.values())
    for _remainder, _i, key in sorted(remainders)[:left]:
        shares[key] += 1
    return shares


@dataclass(frozen=True)
class ContactMinutes:
    """A contact as the report counts it, or `times` contacts alike in everything it counts."""

    minutes: int
    contact_type: str
    pathways: tuple[str, ...]
    team_borough_id: int
    streams: tuple[int, ...]  # every stream it served, lowest id first; none when unfunded
    times: int = 1


@dataclass(frozen=True)
class Part:
    """Minutes of one contact (or of `times` alike) for one stream (None: unfunded) and one
    pathway."""

    contact: ContactMinutes
    stream_id: int | None
    pathway: str
    minutes: int


def contact_rows(
    *, organisation: Organisation, start: date, end: date, borough: Borough | None = None
) -> list[ContactMinutes]:
    """The organisation's contacts from `start` to `end` (inclusive), or only those counted for
    `borough` (for one of its streams, or unfunded in one of its teams), in three queries."""
    contacts = Contact.objects.filter(
        client__team__borough__organisation=organisation,
        occurred_on__gte=start,
        occurred_on__lte=end,
    )
    several = Exists(Contact.also_for.through.objects.filter(contact_id=OuterRef("pk")))
    if borough is not None:
        of_borough = Contact.also_for.through.objects.filter(
            contact_id=OuterRef("pk"), fundingstream__borough=borough
        )
        contacts = contacts.filter(
            Q(journey__funding_stream__borough=borough)
            | Q(journey__funding_stream__isnull=True, client__team__borough=borough)
            | Q(Exists(of_borough))
        )
    rows = [
        ContactMinutes(
            minutes=minutes,
            contact_type=kind,
            pathways=tuple(dict.fromkeys(pathways or ())),
            team_borough_id=borough_id,
            streams=(stream,) if stream is not None else (),
            times=times,
        )
        for minutes, kind, pathways, borough_id, stream, times in contacts.exclude(several)
        .values_list(
            "minutes",
            "contact_type",
            "pathways",
            "client__team__borough_id",
            "journey__funding_stream_id",
        )
        .annotate(times=Count("id"))
        .order_by()
    ]
    one_by_one = list(
        contacts.filter(several)
        .order_by("id")
        .values_list(
            "id",
            "minutes",
            "contact_type",
            "pathways",
            "client__team__borough_id",
            "journey__funding_stream_id",
        )
    )
    extra: dict[int, set[int]] = {}
    for contact_id, stream_id in Contact.also_for.through.objects.filter(
        contact_id__in=[row[0] for row in one_by_one]
    ).values_list("contact_id", "fundingstream_id"):
        extra.setdefault(contact_id, set()).add(stream_id)
    for contact_id, minutes, kind, pathways, borough_id, first in one_by_one:
        streams = set(extra.get(contact_id, ()))
        if first is not None:
            streams.add(first)
        rows.append(
            ContactMinutes(
                minutes=minutes,
                contact_type=kind,
                pathways=tuple(dict.fromkeys(pathways or ())),
                team_borough_id=borough_id,
                streams=tuple(sorted(streams)),
            )
        )
    return rows


def split_streams(
    row: ContactMinutes, *, rule: str, places: dict[int, int]
) -> dict[int | None, int]:
    """A contact's minutes per stream (None: unfunded)."""
    if not row.streams:
        return {None: row.minutes}
    weights: list[tuple[int | None, int | Fraction]] = [
        (s, places.get(s, 0) if rule == SplitRule.BY_PLACES else 1) for s in row.streams
    ]
    return largest_remainder(row.minutes, weights)


def split_pathways(minutes: int, pathways: tuple[str, ...]) -> dict[str, int]:
    """Minutes shared equally between pathways (`NO_PATHWAY` when none was recorded)."""
    if not pathways:
        return {NO_PATHWAY: minutes}
    return largest_remainder(minutes, [(p, 1) for p in pathways])


def parts(rows: Iterable[ContactMinutes], *, rule: str, places: dict[int, int]) -> list[Part]:
    """Every contact's minutes, by stream and pathway: they add up to the contacts' minutes."""
    out = []
    for row in rows:
        for stream_id, minutes in split_streams(row, rule=rule, places=places).items():
            for pathway, share in split_pathways(minutes, row.pathways).items():
                out.append(Part(row, stream_id, pathway, share * row.times))
    return out
