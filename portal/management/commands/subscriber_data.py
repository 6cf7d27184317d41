"""A subscriber's right of access and erasure: print what is stored about an e-mail
address's subscriptions as JSON, or erase it (`--erase`)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from core.audit import audit
from portal.follow.services import subscriber_erase, subscriber_export


class Command(BaseCommand):
    help = "Prints (JSON) or erases (--erase) what is stored about a subscriber's address."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--erase", action="store_true", help="Delete and erase the address.")

    def handle(self, *args, email: str, erase: bool, **options) -> None:
        if erase:
            deleted = subscriber_erase(email=email)
            audit("erasure", record="subscriber", subscriptions=deleted)
            self.stdout.write(f"Subscriptions deleted: {deleted}; the address is erased.")
            return
        audit("export", record="subscriber")
        self.stdout.write(json.dumps(subscriber_export(email=email), indent=2, ensure_ascii=False))
