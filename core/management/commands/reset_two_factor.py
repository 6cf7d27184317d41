from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.audit import audit
from core.twofactor import reset_devices


class Command(BaseCommand):
    help = "Remove a user's two-factor devices (lost phone): they set up a new one at next sign-in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}.")
        removed = reset_devices(user)
        audit("two-factor reset", user=user, devices_removed=removed)
        self.stdout.write(self.style.SUCCESS(f"{removed} device(s) of {username} removed."))
