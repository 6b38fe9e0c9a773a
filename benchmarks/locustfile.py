"""Caseworkers at work, for `benchmarks/load.py` (locust, headless). Each simulated caseworker
signs in with an account of their own (two-factor is relaxed in the demo), then, with a few
seconds between clicks, opens their home page, their caseload and their clients' records, and
logs contacts. Any answer other than the one a person would get counts as an error."""

import json
import os
import random
import re
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

ACCOUNTS: list[dict[str, Any]] = json.loads(
    Path(os.environ["WINGMAN_BENCH_STAFF"]).read_text(encoding="utf-8")
)
PASSWORD = os.environ["WINGMAN_BENCH_PASSWORD"]
_unused = list(reversed(ACCOUNTS))
# Every request as (name, when it ended, milliseconds, failed), written out when locust stops,
# so that load.py can also report the time after every caseworker has signed in.
SAMPLES: list[tuple[str, float, float, bool]] = []


@events.request.add_listener
def _remember(name: str, response_time: float, exception: Any, **kwargs: Any) -> None:
    SAMPLES.append((name, time.time(), response_time, exception is not None))


@events.quitting.add_listener
def _write(**kwargs: Any) -> None:
    Path(os.environ["WINGMAN_BENCH_SAMPLES"]).write_text(json.dumps(SAMPLES))


class Caseworker(HttpUser):
    wait_time = between(1, 5)

    def on_start(self) -> None:
        account = _unused.pop()
        self.clients = account["clients"]
        self.client.get("/sign-in/", name="sign-in page")
        with self.client.post(
            "/sign-in/",
            {
                "username": account["username"],
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            headers={"Referer": self.host + "/sign-in/"},
            allow_redirects=False,
            name="sign in",
            catch_response=True,
        ) as answer:
            if answer.status_code != 302 or answer.headers.get("Location") != "/":
                answer.failure(f"sign-in answered {answer.status_code} {answer.error!r}")

    def _page(self, path: str, name: str, expect: str) -> str:
        with self.client.get(path, name=name, catch_response=True) as answer:
            if answer.status_code != 200 or expect not in answer.text:
                answer.failure(f"{answer.status_code} {answer.error!r}, without {expect!r}")
            return answer.text or ""

    @task(3)
    def home(self) -> None:
        self._page("/", "home", "Sign out")

    @task(2)
    def caseload(self) -> None:
        self._page("/clients/", "caseload", "Clients")

    @task(4)
    def client_record(self) -> None:
        self._page(f"/clients/{random.choice(self.clients)}/", "client record", "Log a contact")

    @task(2)
    def log_contact(self) -> None:
        client = random.choice(self.clients)
        form = f"/clients/{client}/contacts/new/"
        page = self._page(form, "contact form", "Save contact")
        token = re.search(r'name="form_token" value="([^"]+)"', page)
        with self.client.post(
            form,
            {
                "occurred_on_day": str(date.today().day),
                "occurred_on_month": str(date.today().month),
                "occurred_on_year": str(date.today().year),
                "minutes": "30",
                "contact_type": "phone",
                "pathways": "accommodation",
                "note": "Rang to check on the hostel place.",
                "form_token": token[1] if token else str(uuid.uuid4()),
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            headers={"Referer": self.host + form},
            allow_redirects=False,
            name="contact save",
            catch_response=True,
        ) as answer:
            if answer.status_code != 302 or answer.headers.get("Location") != f"/clients/{client}/":
                answer.failure(f"saving a contact answered {answer.status_code} {answer.error!r}")
