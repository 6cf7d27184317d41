"""Run inside the app's environment for bench/run.py: SQL queries per page, EXPLAIN
plans, and a session cookie for a signed-in user. Prints one JSON line.

    probe.py '["/it/", …]'           queries per anonymous page, cookie, plans
    probe.py --bell '["/workspace/", …]'   queries of signed-in pages with and without
                                        the notification bell
"""

import json
import os
import sys
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cities4csr.settings")

import django

django.setup()

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from core.models import Notification
from partnerships.models import CityRole, Interaction, Partnership

# What draws the bell in every staff page's header (its one query).
BELL = "partnerships.templatetags.backoffice.unread_count"


def count_queries(paths: list[str], client: Client | None = None) -> dict[str, int | str]:
    # A page that fails is reported as its status, not a crash of the benchmark.
    client = client or Client(raise_request_exception=False)
    counts: dict[str, int | str] = {}
    # No cache: what a page costs when it has to be built.
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    ):
        for path in paths:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path, HTTP_HOST="127.0.0.1")
            counts[path] = (
                len(queries) if response.status_code == 200 else f"HTTP {response.status_code}"
            )
    return counts


def bench_user():
    """An account manager with admin rights: the signed-in pages are measured as theirs."""
    role = (
        CityRole.objects.filter(role=CityRole.Role.ACCOUNT_MANAGER).select_related("user").first()
    )
    user = role.user if role else get_user_model().objects.create(username="bench-admin")
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


def bell_queries(paths: list[str]) -> dict[str, dict]:
    """Each signed-in page's queries with the bell and with the bell drawn as "0 unread"
    without asking the database: the difference is what the bell costs a page."""
    user = bench_user()
    # A bell with something to count, as in daily use.
    for number in range(25):
        Notification.objects.get_or_create(
            user=user,
            key=f"bench-bell-{number}",
            defaults={"kind": "mention", "subject": "[bench]", "url": "/workspace/"},
        )
    client = Client(raise_request_exception=False)
    client.force_login(user)
    count_queries(paths, client)  # the session and per-process caches settle first
    with_bell = count_queries(paths, client)
    with mock.patch(BELL, lambda user: 0):
        without_bell = count_queries(paths, client)
    return {
        path: {
            "with_bell": with_bell[path],
            "without_bell": without_bell[path],
            "extra": (
                with_bell[path] - without_bell[path]
                if isinstance(with_bell[path], int) and isinstance(without_bell[path], int)
                else None
            ),
        }
        for path in paths
    }


def session_cookie() -> str:
    """A signed-in account manager with admin rights, as a browser would hold it."""
    user = bench_user()
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def explain() -> dict[str, str]:
    if connection.vendor != "postgresql":
        return {}
    partnership_list = (
        Partnership.objects.public().filter(status="active").order_by("-start_date", "title")[:20]
    )
    interactions = Interaction.objects.select_related("stakeholder", "owner").order_by(
        "-date", "-pk"
    )[:100]
    return {
        "partnership list": partnership_list.explain(analyze=True),
        "interactions changelist": interactions.explain(analyze=True),
    }


if __name__ == "__main__":
    if sys.argv[1] == "--bell":
        print(json.dumps(bell_queries(json.loads(sys.argv[2]))))
        sys.exit()
    result = count_queries(json.loads(sys.argv[1]))
    result["__session_cookie__"] = session_cookie()
    result["__explain__"] = explain()
    print(json.dumps(result))
