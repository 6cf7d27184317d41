"""Show that the app serves, and saves, with its Redis cache down.

gunicorn (production settings, two workers) with REDIS_URL pointing at a loopback
port where nothing listens: public pages, the API and open data answer 200 (built
without the cache), a write through the API with a token is saved (the page-cache
version bump used to raise and roll it back), and /healthz answers 503 naming the
cache. Prints ok/FAIL lines and exits non-zero on failure.

    .venv/bin/python scripts/cache_down_check.py
"""

from __future__ import annotations

import socket
import sys
import time

from app_server import gunicorn, loaded_database, manage, production_env, report, request

PORT = 8781
SET_UP = """
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from partnerships.models import Partnership
user = get_user_model().objects.create_superuser("cache-down-check", password=None)
partnership = Partnership.objects.public().order_by("pk").first()
print(Token.objects.create(user=user).key, partnership.slug)
"""


def dead_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


def main() -> int:
    checks: list[tuple[str, bool, object]] = []
    with loaded_database() as database_url:
        env = production_env(
            database_url,
            REDIS_URL=f"redis://127.0.0.1:{dead_port()}/0",
            WEB_CONCURRENCY="2",
        )
        token, slug = manage(env, "shell", "-c", SET_UP).splitlines()[-1].split()
        with gunicorn(env, PORT):
            for path in (
                "/it/",
                "/it/partnerships/",
                f"/it/partnerships/{slug}/",
                "/it/open-data/",
                "/api/v1/partnerships/",
            ):
                started = time.perf_counter()
                status, _body = request(PORT, path)
                took = time.perf_counter() - started
                checks.append((f"{path} answers 200 without the cache", status == 200, status))
                checks.append(
                    (f"{path} does not wait for the dead cache", took < 3, f"{took:.2f} s")
                )
            title = "Titolo salvato senza cache"
            status, _body = request(
                PORT,
                f"/api/v1/partnerships/{slug}/",
                method="PATCH",
                token=token,
                body={"title": title},
            )
            checks.append(("an API write (PATCH) is accepted", status == 200, status))
            status, body = request(PORT, f"/it/partnerships/{slug}/")
            checks.append(("and saved: the page shows it", title in body, status))
            status, body = request(PORT, "/healthz")
            checks.append(
                ("/healthz answers 503 naming the cache", status == 503 and '"cache"' in body, body)
            )
    return report("cache-down check", checks)


if __name__ == "__main__":
    sys.exit(main())
