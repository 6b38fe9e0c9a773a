"""Report settings, unit costs, comparison pools, evaluation runs and the Justice Data Lab's
consent with many people at once, against the served install: each sent together, never an
error, and never a record twice or half-made."""

import json
import re
from datetime import date
from typing import Any

import requests

from testing.helpers import date_boxes
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


UNIT_COST_VERSIONS = """
import json
from datetime import date
from wingman.audit.models import AuditEvent
from wingman.costs.models import UnitCost
day = date(2031, 4, 1)
versions = UnitCost.objects.filter(key="prison_place_year", valid_from=day)
print(json.dumps({
    "versions": [str(v.amount) for v in versions],
    "in_force": str(UnitCost.objects.valid_on(day)["prison_place_year"].amount),
    "audited": AuditEvent.objects.filter(
        object_type="costs.unitcost", summary__endswith="from 2031-04-01"
    ).count(),
}))
"""


def test_six_administrators_adding_a_unit_costs_version_for_one_day_at_once_add_it_once(
    served_install,
):
    """Six back-office forms (two administrators) add a new figure for a prison place, each
    another amount, valid from the same day: one is added; the others are told, never an error,
    and one figure is in force that day."""
    install, tally = served_install, Tally()
    url = f"{install['base']}/back-office/costs/unitcost/add/"
    admins = [browser(install, ("ada", "abe")[n % 2], tally) for n in range(6)]
    for admin in admins:
        assert tally(admin.get(url, timeout=60)).status_code == 200
    amounts = [f"{52000 + n}.00" for n in range(6)]

    def add(session: requests.Session, amount: str) -> requests.Response:
        return tally(
            post_form(
                session,
                url,
                {
                    "key": "prison_place_year",
                    "label": "Prison place (adult)",
                    "amount": amount,
                    "unit": "a prisoner a year",
                    "source": "Ministry of Justice, Costs per place and costs per prisoner",
                    "price_year": "2030/31",
                    "valid_from": "2031-04-01",
                    "_save": "Save",
                },
            )
        )

    answers = at_once([lambda s=s, a=a: add(s, a) for s, a in zip(admins, amounts, strict=True)])
    print(f"6 unit cost versions at once: {dict(tally.statuses)}")
    assert tally.server_errors == 0, [a.text[:300] for a in answers]
    added = [a for a in answers if a.headers.get("Location") == "/back-office/costs/unitcost/"]
    assert len(added) == 1, [(a.status_code, a.headers.get("Location")) for a in answers]
    told = [a for a in answers if a not in added]
    # Told on the form (200), or, if the service refused it, back to the form with why (302).
    assert all(
        a.status_code == 200 or a.headers.get("Location") == "/back-office/costs/unitcost/add/"
        for a in told
    ), [(a.status_code, a.headers.get("Location")) for a in told]
    found = on_the_install(install, UNIT_COST_VERSIONS)
    assert len(found["versions"]) == 1, found
    assert found["versions"][0] in amounts
    assert found["in_force"] == found["versions"][0]
    assert found["audited"] == 1, found


COLUMNS = "ref,reoffended,age,sex,sanctions,age_first_sanction,age_current_sanction\n"
PEOPLE = 80
EXTRACT = (
    COLUMNS
    + "".join(
        f"P{n},{n % 2},{18 + n % 7},{('male', 'female')[n % 3 == 0]},{1 + n % 5},15,{18 + n % 7}\n"
        for n in range(PEOPLE)
    )
).encode()
MAPPING = {
    "reoffended": "reoffended",
    "age": "age",
    "sex": "sex",
    "sanctions": "sanctions",
    "age_first_sanction": "age_first_sanction",
    "age_current_sanction": "age_current_sanction",
    "custody_months": "",
    "offence": "",
    "identifier": "ref",
}


POOLS_AND_UPLOADS = """
import json
from wingman.impact.models import ComparisonPool, PoolUpload
print(json.dumps({
    "pools": [
        [p.pk, p.row_count, p.people.count(), p.sha256]
        for p in ComparisonPool.objects.filter(name="Partner extract")
    ],
    "uploads": [
        [u.pk, u.headers, bytes(u.content) == EXTRACT]
        for u in PoolUpload.objects.filter(name="Partner extract")
    ],
}))
"""


def _pools_and_uploads(install: dict[str, Any]) -> dict[str, Any]:
    return on_the_install(install, f"EXTRACT = {EXTRACT!r}\n" + POOLS_AND_UPLOADS)


def test_an_extract_uploaded_six_times_at_once_is_kept_whole_each_time(served_install):
    """A double click (six, at once) on the upload page: every upload is answered with its
    columns page and keeps the whole file, never part of it."""
    install, tally = served_install, Tally()
    url = f"{install['base']}/impact/pools/new/"
    manager = [browser(install, "mo", tally) for _ in range(6)]

    def upload(session: requests.Session) -> requests.Response:
        return tally(
            session.post(
                url,
                {
                    "name": "Partner extract",
                    "source": "Partner's extract",
                    "csrfmiddlewaretoken": session.cookies["csrftoken"],
                },
                files={"file": ("extract.csv", EXTRACT, "text/csv")},
                headers={"Referer": url},
                allow_redirects=False,
                timeout=60,
            )
        )

    answers = at_once([lambda s=s: upload(s) for s in manager])
    print(f"6 uploads at once: {dict(tally.statuses)}")
    assert tally.server_errors == 0, [a.text[:300] for a in answers]
    places = [a.headers.get("Location", "") for a in answers]
    assert all(re.fullmatch(r"/impact/pools/uploads/\d+/map/", p) for p in places), places
    found = _pools_and_uploads(install)
    assert len(found["uploads"]) == 6 and len(set(places)) == 6
    assert all(
        whole and headers == COLUMNS.strip().split(",") for _, headers, whole in found["uploads"]
    )


def test_one_extracts_columns_sent_six_times_at_once_import_one_whole_pool(served_install):
    """The columns page of one upload sent six times at once (a double click): one pool with
    every person in the file; the other sendings are told, never an error."""
    install, tally = served_install, Tally()
    base = install["base"]
    manager = [browser(install, "mo", tally) for _ in range(6)]
    before = _pools_and_uploads(install)
    uploaded = tally(
        manager[0].post(
            f"{base}/impact/pools/new/",
            {
                "name": "Partner extract",
                "source": "Partner's extract",
                "csrfmiddlewaretoken": manager[0].cookies["csrftoken"],
            },
            files={"file": ("extract.csv", EXTRACT, "text/csv")},
            headers={"Referer": f"{base}/impact/pools/new/"},
            allow_redirects=False,
            timeout=60,
        )
    )
    assert uploaded.status_code == 302, uploaded.text[:500]
    url = base + uploaded.headers["Location"]
    for session in manager:
        assert tally(session.get(url, timeout=60)).status_code == 200
    answers = at_once([lambda s=s: tally(post_form(s, url, MAPPING)) for s in manager])
    print(f"6 imports of one upload at once: {dict(tally.statuses)}")
    assert tally.server_errors == 0, [a.text[:300] for a in answers]
    imported = [a for a in answers if a.status_code == 302]
    assert len(imported) == 1, [(a.status_code, a.text[:300]) for a in answers]
    assert re.fullmatch(r"/impact/pools/\d+/", imported[0].headers["Location"])
    # The others find the upload already imported: told so on the page, or it is gone (404).
    others = [a for a in answers if a not in imported]
    assert all(a.status_code in (200, 404) for a in others), [a.status_code for a in others]
    assert all("already been imported" in a.text for a in others if a.status_code == 200)
    after = _pools_and_uploads(install)
    made = [p for p in after["pools"] if p not in before["pools"]]
    assert len(made) == 1, after["pools"]
    assert made[0][1:3] == [PEOPLE, PEOPLE]
    assert len(after["uploads"]) == len(before["uploads"])  # the one imported is gone


def form_token_of(page: requests.Response) -> str:
    token = re.search(r'name="form_token" value="([^"]+)"', page.text)
    assert token, page.text[:2000]
    return token[1]


RUNS = """
import json
from wingman.impact.models import EvaluationRun
print(json.dumps([[r.pk, r.job_id] for r in EvaluationRun.objects.order_by("pk")]))
"""


def test_the_run_form_sent_six_times_at_once_starts_one_run(served_install):
    """A double click (six, at once) on the form starting an evaluation: every sending is sent
    to the one run's job."""
    install, tally = served_install, Tally()
    url = f"{install['base']}/impact/"
    manager = [browser(install, "mo", tally) for _ in range(6)]
    form = tally(manager[0].get(url, timeout=60))
    assert form.status_code == 200, form.text[:500]
    before = on_the_install(install, RUNS)
    data = {"pool": "", "ratio": "1", "form_token": form_token_of(form)}
    answers = at_once([lambda s=s: tally(post_form(s, url, data)) for s in manager])
    print(f"6 starts of one run at once: {dict(tally.statuses)}")
    assert tally.server_errors == 0, [a.text[:300] for a in answers]
    places = {a.headers.get("Location") for a in answers}
    after = on_the_install(install, RUNS)
    started = [r for r in after if r not in before]
    assert len(started) == 1, started
    assert places == {f"/background/{started[0][1]}/"}, places


def test_run_again_sent_six_times_at_once_starts_one_more_run(served_install):
    """A double click (six, at once) on an evaluation's "Run again": one more run, and every
    sending is sent to its job."""
    install, tally = served_install, Tally()
    manager = [browser(install, "mo", tally) for _ in range(6)]
    runs = f"{install['base']}/impact/"
    if not on_the_install(install, RUNS):
        form = tally(manager[0].get(runs, timeout=60))
        first = {"pool": "", "ratio": "1", "form_token": form_token_of(form)}
        assert tally(post_form(manager[0], runs, first)).status_code == 302
    before = on_the_install(install, RUNS)
    run = before[-1][0]
    page = tally(manager[0].get(f"{install['base']}/impact/runs/{run}/", timeout=60))
    assert page.status_code == 200, page.text[:500]
    url = f"{install['base']}/impact/runs/{run}/again/"
    data = {"form_token": form_token_of(page)}
    answers = at_once([lambda s=s: tally(post_form(s, url, data)) for s in manager])
    print(f"6 runs again of one run at once: {dict(tally.statuses)}")
    assert tally.server_errors == 0, [a.text[:300] for a in answers]
    started = [r for r in on_the_install(install, RUNS) if r not in before]
    assert len(started) == 1, started
    assert {a.headers.get("Location") for a in answers} == {f"/background/{started[0][1]}/"}


CONSENTS = """
import json
from wingman.datalab.models import DataLabConsent
answers = DataLabConsent.objects.filter(client_id={pk})
print(json.dumps([[c.given, c.on.isoformat()] for c in answers]))
"""


def test_six_staff_recording_one_clients_consent_at_once_keep_it_once(served_install):
    """The team lead and the manager, three browsers each, record that one client agreed today,
    each from their own form: every one is answered, and the answer is recorded once."""
    install, tally = served_install, Tally()
    client = install["clients"][1]
    url = f"{install['base']}/justice-data-lab/clients/{client}/consent/"
    staff = [browser(install, ("bea", "mo")[n % 2], tally) for n in range(6)]
    forms = []
    for session in staff:
        page = tally(session.get(url, timeout=60))
        assert page.status_code == 200, page.text[:500]
        forms.append(form_token_of(page))
    answer = {"given": "yes", **date_boxes("on", date.today()), "note": ""}
    answers = at_once(
        [
            lambda s=s, t=t: tally(post_form(s, url, {**answer, "form_token": t}))
            for s, t in zip(staff, forms, strict=True)
        ]
    )
    print(f"6 consents at once: {dict(tally.statuses)}")
    assert tally.server_errors == 0, [a.text[:300] for a in answers]
    assert [a.status_code for a in answers] == [302] * 6, [a.text[:300] for a in answers]
    kept = on_the_install(install, CONSENTS.replace("{pk}", str(client)))
    assert kept == [[True, date.today().isoformat()]], kept
