"""Run inside the app's environment for bench/run.py: how long a generated PDF takes.

Each document is built `REPEAT` times in process through the test client (view, SQL and
PDF engine, the page cache off), after one warm-up; prints one JSON line with the
median and the slowest build in ms and the size in KB. In process, so a shared
machine's other load weighs less than on a measure through gunicorn.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cities4csr.settings")

import django

django.setup()

from django.db.models import Count
from django.test import Client, override_settings

from iap.models import IntegratedActionPlan

REPEAT = int(os.environ.get("BENCH_DOCUMENTS_REPEAT", "10"))
# A year the real and the demo data both have partnerships in.
YEAR = 2021


def documents() -> dict[str, str]:
    largest = (
        IntegratedActionPlan.objects.public()
        .annotate(actions_count=Count("actions"))
        .order_by("-actions_count", "pk")
        .select_related("city")
        .first()
    )
    paths = {
        "city report PDF (milano)": f"/it/cities/milano/report/pdf/?year={YEAR}",
        "network report PDF": f"/it/numbers/report/pdf/?year={YEAR}",
    }
    if largest is not None:
        name = f"plan PDF ({largest.city.slug}, {largest.actions_count} actions)"
        paths = {name: f"/it/cities/{largest.city.slug}/iap/pdf/"} | paths
    return paths


def measure(paths: dict[str, str]) -> dict[str, dict]:
    client = Client(raise_request_exception=False)
    measured = {}
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    ):
        for name, path in paths.items():
            response = client.get(path, HTTP_HOST="127.0.0.1")  # warm-up
            if response.status_code != 200:
                measured[name] = {"path": path, "status": response.status_code}
                continue
            times = []
            for _ in range(REPEAT):
                start = time.perf_counter()
                client.get(path, HTTP_HOST="127.0.0.1")
                times.append((time.perf_counter() - start) * 1000)
            measured[name] = {
                "path": path,
                "builds": REPEAT,
                "p50_ms": round(statistics.median(times), 1),
                "max_ms": round(max(times), 1),
                "kb": round(len(response.content) / 1024, 1),
            }
    return measured


if __name__ == "__main__":
    print(json.dumps(measure(documents())))
