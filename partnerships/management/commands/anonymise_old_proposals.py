"""Anonymise proposals declined or never converted after PROPOSAL_RETENTION_DAYS (for cron)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from partnerships.services import proposal_anonymise, proposals_due_for_anonymisation


class Command(BaseCommand):
    help = (
        "Removes the personal data of proposals that were declined or never converted, "
        "once they are older than PROPOSAL_RETENTION_DAYS."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be anonymised."
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        proposals = proposals_due_for_anonymisation()
        if dry_run:
            self.stdout.write(f"{proposals.count()} proposals would be anonymised.")
            return
        count = 0
        for proposal in proposals.iterator():
            proposal_anonymise(proposal=proposal)
            count += 1
        self.stdout.write(
            f"{count} proposals older than {settings.PROPOSAL_RETENTION_DAYS} days anonymised."
        )
