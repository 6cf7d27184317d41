"""E-mail each confirmed subscriber what changed in what they follow.

From cron once a day (docs/deploy.md): daily subscribers get yesterday, weekly ones
the past week on Mondays. A `SubscriptionDigest` row records each period sent, so a
second run sends nothing again; the e-mails go through the outbox, which retries.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.follow.services import digests_send


class Command(BaseCommand):
    help = "E-mails subscribers what changed in what they follow (daily, or weekly on Mondays)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--date", help="The day the digests are sent, YYYY-MM-DD (default: today)."
        )

    def handle(self, *args, date: str | None = None, **options) -> None:
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date {date!r} is not a date in the form YYYY-MM-DD.") from error
        run = digests_send(today=today)
        self.stdout.write(
            f"Subscription digests for {today}: {run.sent} sent, {run.unchanged} with nothing "
            f"new, {run.already_sent} already sent earlier."
        )
