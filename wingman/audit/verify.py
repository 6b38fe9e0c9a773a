"""Checks the audit trail against its chain and says, in plain words, what has been changed,
removed or slipped in (used by `manage.py audit_verify`)."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connections, models, transaction
from django.db.models import Exists, OuterRef

from .chain import (
    GENESIS,
    canonical,
    chain_key,
    chained_models,
    link_hash,
    row_digest,
    stored_values,
)
from .models import AuditLink

BATCH = 1000


class Kind:
    CHANGED = "changed"
    REMOVED = "removed"
    ADDED = "added"
    LINK_REMOVED = "link removed"
    LINKS_MISSING = "links missing"
    OUT_OF_ORDER = "out of order"
    FORGED = "forged"
    ANCHOR_MISSING = "anchor missing"


@dataclass
class Problem:
    kind: str
    text: str
    table: str = ""
    row_id: int | None = None
    link_id: int | None = None


@dataclass
class Report:
    links: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    head: tuple[int, str] | None = None
    problems: list[Problem] = field(default_factory=list)
    hint: str = ""

    @property
    def intact(self) -> bool:
        return not self.problems


@dataclass
class _Break:
    before_hash: str
    before_id: int | None
    link_id: int
    expected: str


def _label(model: type[models.Model], row_id: int) -> str:
    return f"{model._meta.verbose_name} {row_id}"


def _detail(model: type[models.Model], values: dict[str, Any]) -> str:
    """A few words on what a row says, from its stored values (canonical form)."""
    parts = []
    when = values.get("at")
    if isinstance(when, str):
        parts.append(f"{datetime.fromisoformat(when):%d %b %Y %H:%M} UTC")
    for name in ("action", "kind"):
        if values.get(name):
            choices = dict(getattr(model._meta.get_field(name), "flatchoices", ()))
            parts.append(str(choices.get(values[name], values[name])).lower())
    if values.get("object_type"):
        parts.append(f"{values['object_type']} {values.get('object_id', '')}".strip())
    if values.get("actor_id"):
        parts.append(f"by user {values['actor_id']}")
    return ", ".join(parts)


@contextmanager
def _snapshot(alias: str) -> Iterator[None]:
    """On PostgreSQL, one consistent view of rows and links without blocking anyone. SQLite reads
    statement by statement (a long read transaction would hold up writers): links commit with
    their rows, so a row committed meanwhile is never taken for one slipped in."""
    connection = connections[alias]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def verify(alias: str = "default", anchors: Iterable[str] = ()) -> Report:
    key = chain_key()
    tables = chained_models()
    report = Report()
    connection = connections[alias]
    with _snapshot(alias):
        links = AuditLink.objects.using(alias)
        breaks: list[_Break] = []
        forged = 0
        previous_hash, previous_id, last_id = GENESIS, None, 0
        while batch := list(
            links.filter(id__gt=last_id)
            .order_by("id")
            .values_list("id", "row_table", "row_id", "digest", "previous", "hash")[:BATCH]
        ):
            stored = stored_values(connection, tables, [(t, r) for _i, t, r, *_ in batch])
            for link_id, table, row_id, digest, previous, sealed in batch:
                report.links += 1
                model = tables.get(table)
                if model is None or sealed != link_hash(previous, table, row_id, digest, key):
                    # A link that does not verify proves nothing about the row it names.
                    forged += 1
                    claims = _label(model, row_id) if model else f"row {row_id} of {table}"
                    report.problems.append(
                        Problem(
                            Kind.FORGED,
                            f"Link {link_id} of the chain, which claims to seal {claims}, was not "
                            "made by Wingman: its seal does not match what it holds (it has been "
                            "altered, or written by someone without the chain's key).",
                            table,
                            row_id,
                            link_id,
                        )
                    )
                    previous_hash, previous_id = sealed, link_id
                    report.head = (link_id, sealed)
                    continue
                if previous != previous_hash:
                    belongs_after = links.filter(hash=previous).values_list("id", flat=True).first()
                    if belongs_after is not None:
                        report.problems.append(
                            Problem(
                                Kind.OUT_OF_ORDER,
                                f"Link {link_id} of the chain is out of place: it belongs straight "
                                f"after link {belongs_after}. Links have been moved.",
                                table,
                                row_id,
                                link_id,
                            )
                        )
                    else:
                        breaks.append(_Break(previous_hash, previous_id, link_id, previous))
                values = stored.get((table, row_id))
                if values is None:
                    report.problems.append(
                        Problem(
                            Kind.REMOVED,
                            f"{_label(model, row_id).capitalize()} has been removed from the "
                            f"database; link {link_id} of the chain shows it was written.",
                            table,
                            row_id,
                            link_id,
                        )
                    )
                elif row_digest(canonical(table, values), key) != digest:
                    report.problems.append(
                        Problem(
                            Kind.CHANGED,
                            f"{_label(model, row_id).capitalize()} ({_detail(model, values)}) "
                            "has been changed since it was written: what is stored no longer "
                            f"matches the seal in link {link_id} of the chain.",
                            table,
                            row_id,
                            link_id,
                        )
                    )
                previous_hash, previous_id = sealed, link_id
                report.head = (link_id, sealed)
            last_id = batch[-1][0]

        for table, model in tables.items():
            rows = model._base_manager.using(alias)
            report.rows[table] = rows.count()
            unlinked = list(
                rows.filter(~Exists(links.filter(row_table=table, row_id=OuterRef("pk"))))
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            found = stored_values(connection, tables, [(table, pk) for pk in unlinked])
            for (_table, row_id), values in sorted(found.items()):
                digest = row_digest(canonical(table, values), key)
                gap = next(
                    (
                        b
                        for b in breaks
                        if link_hash(b.before_hash, table, row_id, digest, key) == b.expected
                    ),
                    None,
                )
                if gap is not None:
                    breaks.remove(gap)
                    report.problems.append(
                        Problem(
                            Kind.LINK_REMOVED,
                            f"The link of the chain that sealed {_label(model, row_id)} "
                            f"({_detail(model, values)}) has been removed; it stood just before "
                            f"link {gap.link_id}.",
                            table,
                            row_id,
                            gap.link_id,
                        )
                    )
                else:
                    report.problems.append(
                        Problem(
                            Kind.ADDED,
                            f"{_label(model, row_id).capitalize()} ({_detail(model, values)}) was "
                            "put into the database directly, not by Wingman: no link of the chain "
                            "seals it.",
                            table,
                            row_id,
                        )
                    )
        for gap in breaks:
            after = f"link {gap.before_id}" if gap.before_id else "the start of the chain"
            report.problems.append(
                Problem(
                    Kind.LINKS_MISSING,
                    f"Links have been removed from the chain between {after} and link "
                    f"{gap.link_id}; the records they sealed may have been removed with them.",
                    link_id=gap.link_id,
                )
            )
        for anchor in anchors:
            if not links.filter(hash=anchor.strip().lower()).exists():
                report.problems.append(
                    Problem(
                        Kind.ANCHOR_MISSING,
                        f"The head of the chain written down as {anchor.strip()} is no longer in "
                        "the chain: the chain has been cut back or rewritten since it was "
                        "written down.",
                    )
                )
    if report.links and forged == report.links:
        report.hint = (
            "Every link fails its seal: check that WINGMAN_AUDIT_CHAIN_KEY is the key this "
            "installation has always used."
        )
    return report
