"""The subscription digest at scale: time and peak memory of `send_subscription_digest`
for N confirmed subscribers (default 10,000), and of a second run of the same day.

A step of `make bench` (bench/run.py runs it on a database of its own; alone:
`make bench ARGS="--only digest"`), or by hand:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/c4c_follow_bench \\
      .venv/bin/python bench/follow_digest.py --subscribers 10000

Builds its database from scratch (migrate, the real network with load_cities4csr,
a day of "[demo]" changes in every city: partnerships published, needs opened and met,
deliveries), then N subscribers spread over cities, themes, partnerships, needs and the
needs board, in both languages. Mail goes to Django's dummy backend through the real
outbox (a row per message, sent after its commit), so the figure includes the outbox.
Memory: the process's peak RSS before and after the run (what the operating system
sees) and Python's own peak allocation during it (tracemalloc, a second pass on a
fresh day, as tracing slows the run). Prints one JSON line.
"""

import argparse
import datetime as dt
import json
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cities4csr.settings")
# Production settings, as cron runs it: with DEBUG on, Django keeps the last 9,000 SQL
# queries in memory, which would be measured as the digest's.
os.environ["DEBUG"] = "False"
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from core.models import OutboundEmail
from iap.models import Need, Pledge
from partnerships.models import City, Partnership, Theme
from portal.demo.factories import NeedFactory, PartnershipFactory, PledgeFactory, PriorityFactory
from portal.follow.services import digests_send
from portal.models import Subscription


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(subscribers: int) -> None:
    # Migrate first: flush needs the tables that a new database does not have yet.
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("load_cities4csr", verbosity=0)
    cities = list(City.objects.public())
    themes = list(Theme.objects.all())
    for index, city in enumerate(cities):
        for _number in range(3):
            PartnershipFactory(city=city, themes=themes[index % len(themes) :][:1])
        need = NeedFactory(priority=PriorityFactory(city=city))
        PledgeFactory(need=need, quantity_delivered=3, delivered_on=timezone.localdate())
        need.status = Need.Status.MET
        need.save()
    partnerships = list(Partnership.objects.public()[:50])
    needs = list(Need.objects.public()[:50])
    targets = (
        [("city", "city", city) for city in cities]
        + [("theme", "theme", theme) for theme in themes]
        + [("partnership", "partnership", item) for item in partnerships]
        + [("need", "need", item) for item in needs]
        + [("needs", None, None)]
    )
    now = timezone.now() - dt.timedelta(days=2)
    rows = []
    for number in range(subscribers):
        kind, field, record = targets[number % len(targets)]
        rows.append(
            Subscription(
                email=f"subscriber{number}@example.org",
                kind=kind,
                target=kind if record is None else f"{kind}:{record.pk}",
                frequency=Subscription.Frequency.DAILY,
                language="it" if number % 3 else "en",
                consent_text="[bench]",
                confirmed_at=now,
                **({field: record} if field else {}),
            )
        )
    Subscription.objects.bulk_create(rows, batch_size=1000)


def run(today: dt.date) -> dict:
    before = peak_rss_mib()
    started = time.perf_counter()
    result = digests_send(today=today)
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "sent": result.sent,
        "unchanged": result.unchanged,
        "already_sent": result.already_sent,
        "peak_rss_mib_before": round(before, 1),
        "peak_rss_mib_after": round(peak_rss_mib(), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    args = parser.parse_args()
    started = time.perf_counter()
    build(args.subscribers)
    built = time.perf_counter() - started
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    first = run(tomorrow)
    second = run(tomorrow)
    # Python's own peak during a run: the day after, with what changed today moved to
    # that day (history and deliveries), so the run has the same work to do.
    OutboundEmail.objects.all().delete()
    for model in (Partnership, Need):
        model.history.filter(is_synthetic=True).update(
            history_date=timezone.now() + dt.timedelta(days=1)
        )
    Pledge.objects.update(delivered_on=tomorrow)
    tracemalloc.start()
    traced = digests_send(today=tomorrow + dt.timedelta(days=1))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "subscribers": args.subscribers,
                "build_seconds": round(built, 1),
                "first_run": first,
                "second_run_same_day": second,
                "traced_run": {"sent": traced.sent, "python_peak_mib": round(peak / 2**20, 1)},
            }
        )
    )


if __name__ == "__main__":
    main()
