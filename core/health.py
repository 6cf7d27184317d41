"""Liveness of what the app needs: the database and the cache.

`/healthz` answers a load balancer; `manage.py check_health` answers cron. Both run
the same checks, never cached, and say which part failed without a traceback.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


def check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return f"database unreachable: {error.__class__.__name__}"
    return None


def check_cache() -> str | None:
    key, token = "healthz-probe", uuid.uuid4().hex
    try:
        cache.set(key, token, timeout=10)
        if cache.get(key) != token:
            return "cache does not keep values"
    except Exception as error:  # noqa: BLE001 — any cache backend failure means unhealthy
        return f"cache unreachable: {error.__class__.__name__}"
    return None


def failed_checks() -> dict[str, str]:
    results = {"database": check_database(), "cache": check_cache()}
    return {name: problem for name, problem in results.items() if problem}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    problems = failed_checks()
    body = {"status": "unhealthy" if problems else "ok", "problems": problems}
    return JsonResponse(body, status=503 if problems else 200)
