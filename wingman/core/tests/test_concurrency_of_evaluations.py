"""Report settings, unit costs, comparison pools, evaluation runs and the Justice Data Lab's
consent with many people at once, against the served install: each sent together, never an
error, and never a record twice or half-made."""

import json
from typing import Any

from wingman.core.tests import served
from wingman.core.tests.test_concurrency import Tally, at_once, browser, post_form


def on_the_install(install: dict[str, Any], code: str) -> Any:
    """What `code`, run in the served install's own database, prints last (as JSON)."""
    env = served.demo_environment(install["database_url"])
    return json.loads(served.manage(env, "shell", "-c", code).strip().splitlines()[-1])


SETTINGS_AND_THEIR_AUDIT = """
import json
from wingman.audit.models import AuditEvent
from wingman.reports.models import ReportSettings
kept = ReportSettings.objects.get()
events = AuditEvent.objects.filter(object_type="reports.reportsettings").order_by("id")
print(json.dumps({
    "kept": [kept.preset, kept.split_rule],
    "events": [[e.action, e.changes] for e in events],
}))
"""


def test_six_managers_saving_the_report_settings_at_once_keep_one_whole_choice_each_audited(
    served_install,
):
    """The first save of the organisation's settings, from six browsers of two managers at
    once, each choosing another pair: every save is answered and applied in turn, and the audit
    trail, replayed from nothing, gives exactly what is kept."""
    install, tally = served_install, Tally()
    url = f"{install['base']}/reports/settings/"
    choices = [(p, r) for p in ("DEFAULT", "NHS", "TEN") for r in ("equal", "places")]
    managers = [browser(install, ("mo", "mei")[n % 2], tally) for n in range(6)]
    for manager in managers:
        assert tally(manager.get(url, timeout=60)).status_code == 200
    answers = at_once(
        [
            lambda s=s, c=c: tally(post_form(s, url, {"preset": c[0], "split_rule": c[1]}))
            for s, c in zip(managers, choices, strict=True)
        ]
    )
    print(f"6 settings saves at once: {dict(tally.statuses)}")
    assert tally.server_errors == 0, [a.text[:300] for a in answers]
    assert [a.status_code for a in answers] == [302] * 6, [a.text[:300] for a in answers]
    found = on_the_install(install, SETTINGS_AND_THEIR_AUDIT)
    actions = [action for action, _ in found["events"]]
    assert actions == ["create"] + ["update"] * 5, found["events"]
    replayed: dict[str, Any] = {"preset": None, "split_rule": None}
    for _, changes in found["events"]:
        assert changes, found["events"]  # every save changed the pair before it
        for field, (old, new) in changes.items():
            assert replayed[field] == old, found["events"]  # each from the state the last left
            replayed[field] = new
    assert [replayed["preset"], replayed["split_rule"]] == found["kept"]
    assert tuple(found["kept"]) in choices
