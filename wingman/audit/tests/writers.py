"""Many writers at once, each transaction writing audit rows and some rolling back, wholly or to a
savepoint. Used by test_concurrency.py in this process (PostgreSQL) or, as
`python -m wingman.audit.tests.writers`, in a process of its own on a SQLite file (which it
migrates first), printing what committed and what audit_verify found, as JSON."""

import json
import sys
import threading
from typing import Any


class Deliberate(Exception):
    """Raised to roll back on purpose."""


def run(threads: int = 8, transactions: int = 25) -> set[str]:
    """Returns the summaries of the transactions that committed."""
    from django.db import connections, transaction

    from wingman.audit.models import AuditEvent
    from wingman.audit.services import record_list, record_security, record_view

    committed: set[str] = set()
    failures: list[BaseException] = []
    guard = threading.Lock()
    start = threading.Barrier(threads)

    def work(writer: int) -> None:
        try:
            start.wait()
            for n in range(transactions):
                label = f"writer {writer} transaction {n}"
                try:
                    with transaction.atomic():
                        event = record_security(
                            actor=None, action=AuditEvent.Action.SECURITY, summary=label
                        )
                        record_list(actor=None, client_ids=[writer * 1000 + n, writer * 1000 + 999])
                        if n % 4 == 1:
                            try:
                                with transaction.atomic():
                                    record_view(actor=None, obj=event, client_id=None)
                                    record_security(
                                        actor=None,
                                        action=AuditEvent.Action.SECURITY,
                                        summary=f"{label} (savepoint)",
                                    )
                                    raise Deliberate
                            except Deliberate:
                                pass
                        if n % 5 == 3:
                            raise Deliberate
                except Deliberate:
                    continue
                with guard:
                    committed.add(label)
        except BaseException as failure:
            failures.append(failure)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work, args=(w,)) for w in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if failures:
        raise failures[0]
    return committed


def main() -> int:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    threads, transactions = (int(a) for a in sys.argv[1:3])
    committed = run(threads, transactions)

    from wingman.audit.models import AccessEvent, AuditEvent, AuditLink
    from wingman.audit.verify import verify

    report = verify()
    result: dict[str, Any] = {
        "committed": sorted(committed),
        "summaries": sorted(AuditEvent.objects.values_list("summary", flat=True)),
        "access_rows": AccessEvent.objects.count(),
        "links": AuditLink.objects.count(),
        "problems": [p.text for p in report.problems],
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
