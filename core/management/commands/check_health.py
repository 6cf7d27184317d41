"""`/healthz` for cron: exits 0 when the database and cache answer, 1 otherwise."""

import sys
from typing import Any

from django.core.management.base import BaseCommand

from core.health import failed_checks


class Command(BaseCommand):
    help = "Check the database and the cache; exit non-zero and say what failed."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = failed_checks()
        for name, problem in problems.items():
            self.stderr.write(f"{name}: {problem}")
        if problems:
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS("healthy: database and cache answer"))
