"""Show that rate limits hold across gunicorn workers without Redis.

gunicorn (production settings, two workers, no REDIS_URL: the shared database
cache) with a 10/hour proposal limit and a 10/minute API throttle: of 25 proposals
and 25 API reads from one address, exactly 10 of each get through, whichever worker
answers. The same run with a per-process cache (CACHE_URL=locmemcache://) lets more
through: proof that both workers answered. Prints ok/FAIL lines and exits
non-zero on failure.

    .venv/bin/python scripts/rate_limit_check.py
"""

from __future__ import annotations

import sys

from app_server import Visitor, gunicorn, loaded_database, production_env, report

PORT = 8782
ATTEMPTS = 25
LIMIT = 10


def through(env: dict[str, str]) -> tuple[int, int]:
    """(proposals, API reads) of ATTEMPTS each that were not refused with a 429."""
    with gunicorn(env, PORT):
        visitor = Visitor(PORT)
        visitor.request("/it/propose/")
        # An incomplete form: refused with a 400, but counted like any proposal.
        form = {"csrfmiddlewaretoken": visitor.cookie("csrftoken"), "organisation_name": "X"}
        proposals = sum(
            visitor.request("/it/propose/", method="POST", form=form)[0] != 429
            for _attempt in range(ATTEMPTS)
        )
        reads = sum(
            Visitor(PORT).request("/api/v1/themes/")[0] != 429 for _attempt in range(ATTEMPTS)
        )
    return proposals, reads


def main() -> int:
    checks: list[tuple[str, bool, object]] = []
    with loaded_database() as database_url:
        limits = {
            "WEB_CONCURRENCY": "2",
            "PROPOSAL_RATE_LIMIT": f"{LIMIT}/h",
            "API_ANONYMOUS_THROTTLE_RATE": f"{LIMIT}/minute",
        }
        proposals, reads = through(production_env(database_url, **limits))
        checks.append((f"proposals through a {LIMIT}/hour limit", proposals == LIMIT, proposals))
        checks.append((f"API reads through a {LIMIT}/minute throttle", reads == LIMIT, reads))
        proposals, reads = through(
            production_env(database_url, CACHE_URL="locmemcache://", **limits)
        )
        checks.append(
            (
                "control: per-process counts let more through (both workers answered)",
                proposals > LIMIT or reads > LIMIT,
                (proposals, reads),
            )
        )
    return report("rate-limit check", checks)


if __name__ == "__main__":
    sys.exit(main())
