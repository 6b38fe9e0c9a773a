"""Funder reporting with many people at once, against the served install: a manager's issue form
sent six times at once (a double click, a resend) gets a clear answer each, never an error, and
issues the report once; the issued report downloads the same bytes each time."""

import re
from datetime import date

from wingman.core.tests.test_concurrency import Tally, at_once, browser, post_form


def _last_month(today: date) -> str:
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year}-{month:02d}"


def _issued_ids(session, base: str) -> set[str]:
    page = session.get(f"{base}/reports/issued/", timeout=60)
    assert page.status_code == 200, page.text[:500]
    return set(re.findall(r"/reports/issued/(\d+)/", page.text))


def test_one_issue_form_sent_six_times_at_once_issues_the_report_once_with_the_same_bytes(
    served_install,
):
    install, tally = served_install, Tally()
    base = install["base"]
    managers = [browser(install, "mo", tally) for _ in range(6)]
    form = tally(managers[0].get(f"{base}/reports/issue/", timeout=60))
    assert form.status_code == 200, form.text[:500]
    borough = re.search(r'<option value="(\d+)" selected', form.text)
    assert borough, form.text[:2000]
    before = _issued_ids(managers[0], base)
    token = re.search(r'name="form_token" value="([^"]+)"', form.text)
    assert token, form.text[:2000]
    data = {
        "borough": borough[1],
        "month": _last_month(date.today()),
        "funding_stream": "",
        "form_token": token[1],
    }
    answers = at_once(
        [lambda s=s: tally(post_form(s, f"{base}/reports/issue/", data)) for s in managers]
    )
    print(f"6 issues at once: {dict(tally.statuses)}")
    assert tally.server_errors == 0, [a.text[:300] for a in answers]
    assert {a.status_code for a in answers} == {302}, [a.text[:300] for a in answers]
    made = _issued_ids(managers[0], base) - before
    assert len(made) == 1, made
    for pk in made:
        first = managers[0].get(f"{base}/reports/issued/{pk}/pdf/", timeout=60)
        again = managers[1].get(f"{base}/reports/issued/{pk}/pdf/", timeout=60)
        assert first.status_code == again.status_code == 200, first.text[:300]
        assert first.content == again.content
