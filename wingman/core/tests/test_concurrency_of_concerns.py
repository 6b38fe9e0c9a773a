"""Safeguarding with many people at once, against the served install: concerns raised together
are all kept, and two leads acting on one concern at once get one answer each, never an error or
a concern moved twice."""

import uuid
from datetime import date

from wingman.core.tests.test_concurrency import Tally, api, at_once, browser, post_form

TODAY = date.today().isoformat()
CONCERN = {
    "category": "threats",
    "happened_on": TODAY,
    "seen_and_heard": "He was threatened outside college by older boys from the estate.",
}


def test_24_concerns_raised_at_once_by_two_staff_are_all_kept(served_install):
    install, tally = served_install, Tally()
    base = install["base"]
    staff = {name: api(install, name) for name in ("ayo", "bea")}

    def raise_one(i: int):
        client = install["clients"][i % len(install["clients"])]
        return lambda: tally(
            staff[("ayo", "bea")[i % 2]].post(
                f"{base}/api/v1/clients/{client}/concerns",
                json={**CONCERN, "own_words": f"burst {i}"},
                headers={"Idempotency-Key": str(uuid.uuid4())},
                timeout=60,
            )
        )

    answers = at_once([raise_one(i) for i in range(24)])
    print(f"24 concerns at once: {dict(tally.statuses)}")
    assert tally.server_errors == 0, dict(tally.statuses)
    made = [a.json()["id"] for a in answers if a.status_code == 201]
    assert len(made) == 24
    lead = api(install, "mo")
    missing = [
        pk for pk in made if lead.get(f"{base}/api/v1/concerns/{pk}", timeout=60).status_code != 200
    ]
    assert missing == []


def test_two_leads_closing_one_concern_at_once_close_it_once(served_install):
    """The safeguarding leads work on the pages (their role takes no data out through the API);
    the borough's manager reads the concern back through the API."""
    install, tally = served_install, Tally()
    base = install["base"]
    leads = [browser(install, name, tally) for name in ("sade", "sol")]
    reader = api(install, "mo")
    for attempt in range(4):
        raised = api(install, "ayo").post(
            f"{base}/api/v1/clients/{install['clients'][0]}/concerns", json=CONCERN, timeout=60
        )
        assert raised.status_code == 201, raised.text
        pk = raised.json()["id"]
        page = f"{base}/safeguarding/concerns/{pk}"
        triaged = tally(
            post_form(leads[0], f"{page}/triage/", {"grade": "green", "rationale": "Known"})
        )
        assert triaged.status_code == 302, triaged.text[:500]
        answers = at_once(
            [
                lambda s=s, n=n, url=f"{page}/close/", a=attempt: tally(
                    post_form(s, url, {"rationale": f"Closed by lead {n}, attempt {a}"})
                )
                for n, s in enumerate(leads)
            ]
        )
        assert tally.server_errors == 0, [a.text[:300] for a in answers]
        assert sorted(a.status_code for a in answers) == [200, 302]  # one closes; one is told
        concern = reader.get(f"{base}/api/v1/concerns/{pk}", timeout=60)
        assert concern.status_code == 200, concern.text
        assert [d["kind"] for d in concern.json()["decisions"]] == ["triage", "close"]


def test_12_crisis_calls_at_once_each_log_a_contact_a_concern_and_a_task(served_install):
    install, tally = served_install, Tally()
    base = install["base"]
    staff = {name: api(install, name) for name in ("ayo", "bea")}

    def call(i: int):
        body = {
            "client_id": install["clients"][i % len(install["clients"])],
            "said": f"Call {i}: his friends just assaulted someone; he was there.",
            "advice": "Go home and stay in tonight.",
            "concern_needed": True,
            "category": "threats",
            "follow_up": f"See him after call {i}",
        }
        return lambda: tally(
            staff[("ayo", "bea")[i % 2]].post(
                f"{base}/api/v1/crisis-calls",
                json=body,
                headers={"Idempotency-Key": str(uuid.uuid4())},
                timeout=60,
            )
        )

    answers = at_once([call(i) for i in range(12)])
    print(f"12 crisis calls at once: {dict(tally.statuses)}")
    assert tally.server_errors == 0, dict(tally.statuses)
    made = [a.json() for a in answers if a.status_code == 201]
    assert len(made) == 12
    assert all(m["concern_raised"] and m["task_id"] for m in made)
    reader = api(install, "mo")
    contacts = {
        reader.get(f"{base}/api/v1/contacts/{m['contact']['id']}", timeout=60).status_code
        for m in made
    }
    assert contacts == {200}
