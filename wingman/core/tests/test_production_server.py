"""The production settings, run for real: migrate, collect static files, serve with gunicorn."""

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from .served import BIN, ROOT, free_port


def get(url: str) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


@pytest.fixture
def production_server(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "production-test-" + "k3y" * 20,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "WINGMAN_AUDIT_CHAIN_KEY": "production-test-" + "s3al" * 10,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'wingman.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [*manage, "collectstatic", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT
    )
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                get(base + "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_gunicorn_serves_the_production_settings_with_static_files_and_a_health_check(
    production_server,
):
    status, body, _ = get(production_server + "/healthz")
    assert status == 200 and b'"database": "ok"' in body
    status, body, headers = get(production_server + "/sign-in/")
    assert status == 200 and b"Sign in to Wingman" in body
    assert "content-security-policy" in {k.lower() for k in headers}
    css = [line for line in body.decode().split('"') if line.endswith(".css") and "govuk" in line]
    assert css, "the page links GOV.UK Frontend's stylesheet"
    status, _, headers = get(production_server + css[0])
    assert status == 200 and "max-age" in headers.get("Cache-Control", "")
    status, body, _ = get(production_server + "/")
    assert status == 200 and b"Sign in to Wingman" in body  # redirected: the rest needs signing in
