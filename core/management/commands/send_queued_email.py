"""Send the outbox's due e-mails and purge old ones (cron, every minute).

* * * * * cd /srv/cities4csr && .venv/bin/python manage.py send_queued_email
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from core.outbox import purge_old, send_due


class Command(BaseCommand):
    help = "Sends queued e-mails that are due (with back-off) and purges old sent ones."

    def handle(self, *args: Any, **options: Any) -> None:
        sent, waiting = send_due()
        purged = purge_old()
        self.stdout.write(f"E-mails: {sent} sent, {waiting} waiting, {purged} old ones purged.")
