from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backups import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by backup_data and check every model's row count."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="the backup folder")

    def handle(self, *args: Any, source: Path, **options: Any) -> None:
        try:
            differences = restore(source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if differences:
            lines = [
                f"{label}: expected {want}, found {got}"
                for label, (want, got) in differences.items()
            ]
            raise CommandError("Restored, but row counts differ:\n" + "\n".join(lines))
        self.stdout.write(
            self.style.SUCCESS(f"Restored {source}; every model's row count matches.")
        )
