"""Show that two app nodes sharing PostgreSQL and Redis never serve each other stale pages.

Starts Redis (a private instance on loopback, unless REDIS_URL is given) and two
gunicorn processes with production settings against one PostgreSQL database and
that Redis, as two app nodes behind a load balancer would run. Through node A's
API (a token, as an integration would) it unpublishes, republishes and renames a
partnership; after each change node B's public page, read just before the change
so any cache is warm, must show the change at once. Prints ok/FAIL lines and
exits non-zero on failure.

    .venv/bin/python scripts/two_node_check.py
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_HOST = "127.0.0.1"
DATABASE = "cities4csr_two_node_check"
NODE_A, NODE_B = 8771, 8772
REDIS_PORT = 6391

SET_UP = """
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from partnerships.models import Partnership
user = get_user_model().objects.create_superuser("two-node-check", password=None)
partnership = Partnership.objects.public().order_by("pk").first()
print(Token.objects.create(user=user).key, partnership.slug)
"""


def request(port: int, path: str, *, method: str = "GET", token: str = "", body=None):
    headers = {"Accept-Language": "it"}
    data = None
    if token:
        headers["Authorization"] = f"Token {token}"
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    call = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=data, headers=headers, method=method
    )
    try:
        with urllib.request.urlopen(call, timeout=15) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_until_up(port: int) -> None:
    for _attempt in range(100):
        try:
            request(port, "/healthz")
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"node on port {port} did not start")


def main() -> int:
    python = str(ROOT / ".venv" / "bin" / "python")
    redis = None
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        if not shutil.which("redis-server"):
            print("FAIL redis-server is missing (apt-get install redis-server) and no REDIS_URL")
            return 1
        redis = subprocess.Popen(
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        redis_url = f"redis://127.0.0.1:{REDIS_PORT}/0"
    subprocess.run(["dropdb", "-h", PG_HOST, "-U", "postgres", "--if-exists", DATABASE], check=True)
    subprocess.run(["createdb", "-h", PG_HOST, "-U", "postgres", DATABASE], check=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@{PG_HOST}:5432/{DATABASE}",
        "REDIS_URL": redis_url,
        "CONN_MAX_AGE": "60",
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "API_ANONYMOUS_THROTTLE_RATE": "",
    }
    nodes: list[subprocess.Popen] = []
    checks: list[tuple[str, bool, object]] = []
    try:
        for command in (
            ["migrate", "--no-input", "-v0"],
            ["load_cities4csr"],
            ["collectstatic", "--no-input", "-v0"],
        ):
            subprocess.run(
                [python, "manage.py", *command],
                env=env,
                cwd=ROOT,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        token, slug = (
            subprocess.run(
                [python, "manage.py", "shell", "-c", SET_UP],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.splitlines()[-1]
            .split()
        )
        for port in (NODE_A, NODE_B):
            nodes.append(
                subprocess.Popen(
                    [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "gunicorn.conf.py"],
                    env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                    cwd=ROOT,
                )
            )
        for port in (NODE_A, NODE_B):
            wait_until_up(port)

        page = f"/it/partnerships/{slug}/"
        api = f"/api/v1/partnerships/{slug}/"

        def change_on_a_then_read_b(label: str, body: dict, expect) -> None:
            # Read B twice first: whatever B caches is now warm.
            request(NODE_B, page)
            request(NODE_B, page)
            status, answer = request(NODE_A, api, method="PATCH", token=token, body=body)
            if status != 200:
                checks.append((f"{label}: node A's API accepted the change", False, status))
                return
            status, html = request(NODE_B, page)
            checks.append((label, expect(status, html), status))

        change_on_a_then_read_b(
            "unpublished on node A, node B's page is gone at once (404)",
            {"publication_status": "draft"},
            lambda status, html: status == 404,
        )
        change_on_a_then_read_b(
            "published again on node A, node B's page is back at once (200)",
            {"publication_status": "published"},
            lambda status, html: status == 200,
        )
        title = f"Titolo cambiato sul nodo A {secrets.token_hex(3)}"
        change_on_a_then_read_b(
            "renamed on node A, node B's page shows the new title at once",
            {"title": title},
            lambda status, html: status == 200 and title in html,
        )
        status, html = request(NODE_B, "/it/partnerships/")
        checks.append(("node B's partnership list shows the new title", title in html, status))
    finally:
        for node in nodes:
            node.terminate()
        for node in nodes:
            node.wait(timeout=30)
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
        subprocess.run(
            ["dropdb", "-h", PG_HOST, "-U", "postgres", "--if-exists", DATABASE], check=False
        )
    failures = [label for label, passed, _status in checks if not passed]
    for label, passed, status in checks:
        print(f"{'ok  ' if passed else 'FAIL'} {label}: {status}")
    print(f"two-node check: {len(checks) - len(failures)} of {len(checks)} checks ok")
    return 1 if failures or not checks else 0


if __name__ == "__main__":
    sys.exit(main())
