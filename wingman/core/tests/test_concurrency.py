"""Many people at once against the server `make run` starts (gunicorn, demo settings), on a
SQLite file in WAL or on a PostgreSQL database of its own: no 5xx, no acknowledged write lost,
and two people saving one record get the conflict answer (409), never an error."""

import re
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
import requests

from testing.helpers import date_boxes

PASSWORD = "correct horse battery staple"  # the factories' (testing.factories)
STAFF = ("ayo", "bea")
TODAY = date.today().isoformat()
CONTACT = {"occurred_on": TODAY, "minutes": 20, "contact_type": "phone"}  # as the API takes it
# As the page's form sends it: the date in the GOV.UK date input's three boxes.
PAGE_CONTACT = {
    **date_boxes("occurred_on", date.today()),
    "minutes": 20,
    "contact_type": "phone",
}


class Tally:
    """Every answer by status, kept across threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[int] = Counter()

    def __call__(self, response: requests.Response) -> requests.Response:
        with self.lock:
            self.statuses[response.status_code] += 1
        return response

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    @property
    def total(self) -> int:
        return sum(self.statuses.values())


def _session() -> requests.Session:
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_maxsize=64)
    session.mount("http://", adapter)
    return session


def api(install: dict[str, Any], username: str) -> requests.Session:
    session = _session()
    session.headers["Authorization"] = f"Bearer {install['keys'][username]}"
    return session


def browser(install: dict[str, Any], username: str, tally: Tally) -> requests.Session:
    """A signed-in browser (two-factor is relaxed in the demo, as on `make run`)."""
    session = _session()
    page = tally(session.get(install["base"] + "/sign-in/", timeout=60))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, page.text[:500]
    signed_in = tally(
        session.post(
            install["base"] + "/sign-in/",
            {"csrfmiddlewaretoken": token[1], "username": username, "password": PASSWORD},
            allow_redirects=False,
            timeout=60,
        )
    )
    assert signed_in.status_code == 302, signed_in.text[:500]
    return session


def post_form(session: requests.Session, url: str, data: dict[str, Any]) -> requests.Response:
    return session.post(
        url,
        {**data, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": url},
        allow_redirects=False,
        timeout=60,
    )


def at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run every call on its own thread, all released together."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def read_back(install: dict[str, Any], ids: list[int]) -> list[int]:
    """The acknowledged contacts that cannot be read back by id."""
    reader = api(install, "bea")
    return [
        pk
        for pk in ids
        if reader.get(f"{install['base']}/api/v1/contacts/{pk}", timeout=60).status_code != 200
    ]


def contacts_with_notes(install: dict[str, Any], notes: set[str]) -> dict[str, int]:
    """Contact ids by note, for contacts logged through the pages (which redirect, not name)."""
    reader, found = api(install, "bea"), {}
    for client in install["clients"]:
        offset = 0
        while True:
            page = reader.get(
                f"{install['base']}/api/v1/clients/{client}/contacts",
                params={"limit": 100, "offset": offset},
                timeout=60,
            ).json()
            found.update({c["note"]: c["id"] for c in page["items"] if c["note"] in notes})
            offset += 100
            if offset >= page["count"]:
                break
    return found


@pytest.fixture
def install(served_install):
    return served_install


def test_48_api_requests_at_once_from_two_staff_half_writes_lose_nothing(install):
    tally, base = Tally(), install["base"]
    sessions = {name: api(install, name) for name in STAFF}

    def write(i: int) -> Callable[[], requests.Response]:
        client = install["clients"][i % len(install["clients"])]
        return lambda: tally(
            sessions[STAFF[i % 2]].post(
                f"{base}/api/v1/clients/{client}/contacts",
                json={**CONTACT, "note": f"burst {i}"},
                headers={"Idempotency-Key": str(uuid.uuid4())},
                timeout=60,
            )
        )

    def read(i: int) -> Callable[[], requests.Response]:
        client = install["clients"][i % len(install["clients"])]
        url = f"{base}/api/v1/clients/{client}" if i % 4 else f"{base}/api/v1/clients"
        return lambda: tally(sessions[STAFF[i % 2]].get(url, timeout=60))

    answers = at_once([write(i) if i % 2 else read(i) for i in range(48)])
    acknowledged = [r.json()["id"] for r in answers if r.status_code == 201]
    print(f"48 at once: {dict(tally.statuses)}; {len(acknowledged)} writes acknowledged")
    assert tally.server_errors == 0, dict(tally.statuses)
    assert len(acknowledged) == 24
    assert read_back(install, acknowledged) == []


def test_16_writers_and_readers_through_pages_and_api_lose_no_acknowledged_write(install):
    """Eight people on the pages and eight integrations on the API, two staff between them,
    each alternating a write (a contact logged) and reads."""
    tally, base, rounds = Tally(), install["base"], 8
    people = [browser(install, STAFF[n % 2], tally) for n in range(8)]
    tokens = [api(install, STAFF[n % 2]) for n in range(8)]

    def on_pages(n: int) -> list[str]:
        notes = []
        for i in range(rounds):
            client = install["clients"][(n + i) % len(install["clients"])]
            if i % 2:
                note = f"page {n} round {i}"
                data = {**PAGE_CONTACT, "pathways": "accommodation", "note": note}
                saved = tally(
                    post_form(
                        people[n],
                        f"{base}/clients/{client}/contacts/new/",
                        {**data, "form_token": str(uuid.uuid4())},
                    )
                )
                if saved.status_code == 302:
                    notes.append(note)
            else:
                tally(people[n].get(f"{base}/", timeout=60))
                tally(people[n].get(f"{base}/clients/{client}/", timeout=60))
        return notes

    def on_api(n: int) -> list[int]:
        ids = []
        for i in range(rounds):
            client = install["clients"][(n + i) % len(install["clients"])]
            if i % 2:
                saved = tally(
                    tokens[n].post(
                        f"{base}/api/v1/clients/{client}/contacts",
                        json={**CONTACT, "note": f"api {n} round {i}"},
                        timeout=60,
                    )
                )
                if saved.status_code == 201:
                    ids.append(saved.json()["id"])
            else:
                tally(tokens[n].get(f"{base}/api/v1/clients/{client}/contacts", timeout=60))
                tally(tokens[n].get(f"{base}/api/v1/clients/{client}", timeout=60))
        return ids

    results = at_once(
        [lambda n=n: on_pages(n) for n in range(8)] + [lambda n=n: on_api(n) for n in range(8)]
    )
    page_notes = {note for notes in results[:8] for note in notes}
    api_ids = [pk for ids in results[8:] for pk in ids]
    by_note = contacts_with_notes(install, page_notes)
    lost = read_back(install, api_ids) + sorted(page_notes - set(by_note))
    print(
        f"16 at once: {tally.total} requests {dict(tally.statuses)}; "
        f"{len(api_ids) + len(page_notes)} writes acknowledged, {len(lost)} lost"
    )
    assert tally.server_errors == 0, dict(tally.statuses)
    assert len(api_ids) + len(page_notes) == 16 * rounds // 2
    assert lost == []
    assert read_back(install, list(by_note.values())) == []


def _new_contact(install: dict[str, Any]) -> int:
    answer = api(install, "ayo").post(
        f"{install['base']}/api/v1/clients/{install['clients'][0]}/contacts",
        json=CONTACT,
        timeout=60,
    )
    assert answer.status_code == 201
    return int(answer.json()["id"])


def test_two_people_saving_one_contact_on_the_pages_get_the_conflict_screen(install):
    tally, base = Tally(), install["base"]
    people = [browser(install, name, tally) for name in STAFF]
    for attempt in range(5):
        contact = _new_contact(install)
        url = f"{base}/contacts/{contact}/edit/"
        for person in people:  # both open the form on version 1
            assert tally(person.get(url, timeout=60)).status_code == 200
        edits = [{**PAGE_CONTACT, "note": f"edit {attempt} by {n}", "version": 1} for n in (0, 1)]
        answers = at_once(
            [
                lambda person=person, edit=edit, url=url: tally(post_form(person, url, edit))
                for person, edit in zip(people, edits, strict=True)
            ]
        )
        statuses = sorted(a.status_code for a in answers)
        assert statuses == [302, 409], [a.text[:300] for a in answers]
        conflict = next(a for a in answers if a.status_code == 409)
        assert "Someone else saved this record" in conflict.text
    assert tally.server_errors == 0


def test_two_integrations_saving_one_contact_get_409_with_both_versions(install):
    base = install["base"]
    sessions = [api(install, name) for name in STAFF]
    for attempt in range(5):
        contact = _new_contact(install)
        url = f"{base}/api/v1/contacts/{contact}"
        edits = [{"version": 1, "note": f"edit {attempt} by {n}"} for n in (0, 1)]
        answers = at_once(
            [
                lambda s=s, edit=edit, url=url: s.patch(url, json=edit, timeout=60)
                for s, edit in zip(sessions, edits, strict=True)
            ]
        )
        assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
        conflict = next(a for a in answers if a.status_code == 409).json()
        assert conflict["current_version"] == 2 and conflict["submitted_version"] == 1
