"""Delete follow requests never confirmed within 30 days (the privacy notice says so)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from portal.follow.services import PENDING_DAYS, subscriptions_purge_unconfirmed


class Command(BaseCommand):
    help = f"Deletes e-mail subscriptions left unconfirmed for {PENDING_DAYS} days."

    def handle(self, *args, **options) -> None:
        deleted = subscriptions_purge_unconfirmed()
        self.stdout.write(f"Unconfirmed subscriptions deleted: {deleted}.")
