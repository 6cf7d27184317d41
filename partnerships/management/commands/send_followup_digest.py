"""E-mail each account manager their overdue and today's follow-ups, and notify
(under the workspace's bell) the owner and manager of each follow-up due today.

Safe from cron: a `FollowUpDigest` row records who got the digest of which day, so a
second run the same day sends nothing again; the e-mail itself goes through the
outbox (`send_queued_email`).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from partnerships.models import FollowUpDigest, Interaction
from partnerships.services import follow_ups_notify_due, send_follow_up_digest


class Command(BaseCommand):
    help = "E-mails each account manager their overdue and today's follow-ups (once a day)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--date",
            help="The day to send the digest of, YYYY-MM-DD (default: today).",
        )

    def handle(self, *args, date: str | None = None, **options) -> None:
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date {date!r} is not a date in the form YYYY-MM-DD.") from error

        due = Interaction.objects.open_follow_ups().filter(follow_up_date__lte=today)
        # Two plain lookups rather than one OR across joins: the latter scans every
        # interaction of every user on a large database.
        responsible = set(due.exclude(owner=None).values_list("owner", flat=True)) | set(
            due.exclude(stakeholder__account_manager=None).values_list(
                "stakeholder__account_manager", flat=True
            )
        )
        people = (
            get_user_model()
            .objects.filter(is_active=True, pk__in=responsible)
            .exclude(email="")
            .exclude(follow_up_digests__date=today)
            .order_by("username")
        )
        # Queued in the outbox (core/outbox.py), which retries what the mail server
        # refuses: a digest recorded here is never lost.
        sent = sum(send_follow_up_digest(user=person, today=today) for person in people)
        already = FollowUpDigest.objects.filter(date=today).count() - sent
        self.stdout.write(
            f"Follow-up digests for {today}: {sent} sent, {already} already sent earlier."
        )
        # The workspace's bell too: each follow-up due today, to its owner and manager.
        told = follow_ups_notify_due(today=today)
        self.stdout.write(f"Follow-ups due {today}: {told} notifications.")
