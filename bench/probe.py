"""Run inside the app's environment for bench/run.py: SQL queries per page, EXPLAIN
plans, and a session cookie for a signed-in user. Prints one JSON line."""

import json
import os
import sys
from pathlib import Path

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

from partnerships.models import CityRole, Interaction, Partnership


def count_queries(paths: list[str]) -> dict[str, int]:
    # A page that fails is reported as its status, not a crash of the benchmark.
    client = Client(raise_request_exception=False)
    counts = {}
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


def session_cookie() -> str:
    """A signed-in account manager with admin rights, as a browser would hold it."""
    role = (
        CityRole.objects.filter(role=CityRole.Role.ACCOUNT_MANAGER).select_related("user").first()
    )
    user = role.user if role else get_user_model().objects.create(username="bench-admin")
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
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
    result = count_queries(json.loads(sys.argv[1]))
    result["__session_cookie__"] = session_cookie()
    result["__explain__"] = explain()
    print(json.dumps(result))
