"""Show that two app nodes sharing PostgreSQL and Redis never serve each other stale pages.

Starts Redis (a private instance on loopback, unless REDIS_URL is given) and two
gunicorn processes with production settings against one PostgreSQL database and
that Redis, as two app nodes behind a load balancer would run. Through node A's
API (a token, as an integration would) it unpublishes, republishes and renames a
partnership; after each change node B's public page and its anonymous API answer,
read just before the change so any cache is warm, must show the change at once.
Prints ok/FAIL lines and exits non-zero on failure.

    .venv/bin/python scripts/two_node_check.py
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import sys

from app_server import gunicorn, load, manage, postgres_database, production_env, report, request

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


def main() -> int:
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url and not shutil.which("redis-server"):
        print("FAIL redis-server is missing (apt-get install redis-server) and no REDIS_URL")
        return 1
    checks: list[tuple[str, bool, object]] = []
    with contextlib.ExitStack() as stack:
        if not redis_url:
            redis = subprocess.Popen(
                ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", ""],
                stdout=subprocess.DEVNULL,
            )
            stack.callback(redis.wait, timeout=10)
            stack.callback(redis.terminate)
            redis_url = f"redis://127.0.0.1:{REDIS_PORT}/0"
        stack.enter_context(postgres_database(DATABASE))
        env = production_env(
            f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
            REDIS_URL=redis_url,
            CONN_MAX_AGE="60",
            WEB_CONCURRENCY="2",
            API_ANONYMOUS_THROTTLE_RATE="",
        )
        load(env)
        token, slug = manage(env, "shell", "-c", SET_UP).splitlines()[-1].split()
        for port in (NODE_A, NODE_B):
            stack.enter_context(gunicorn(env, port))

        page = f"/it/partnerships/{slug}/"
        api = f"/api/v1/partnerships/{slug}/"

        def change_on_a_then_read_b(label: str, body: dict, expect) -> None:
            # Read B twice first, its page and its anonymous API answer: whatever B
            # caches is now warm.
            for _read in range(2):
                request(NODE_B, page)
                request(NODE_B, api)
            status, answer = request(NODE_A, api, method="PATCH", token=token, body=body)
            if status != 200:
                checks.append((f"{label}: node A's API accepted the change", False, status))
                return
            status, html = request(NODE_B, page)
            checks.append((label, expect(status, html), status))
            status, json_text = request(NODE_B, api)
            checks.append((f"{label} (anonymous API)", expect(status, json_text), status))

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
        status, json_text = request(NODE_B, "/api/v1/partnerships/?page_size=100")
        checks.append(
            ("node B's anonymous API list shows the new title", title in json_text, status)
        )
    return report("two-node check", checks)


if __name__ == "__main__":
    sys.exit(main())
