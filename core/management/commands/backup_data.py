from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from core.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite backup API) and the media files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="folder to write (default: backups/<date-time>)",
        )

    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        destination = output or Path("backups") / timezone.now().strftime("%Y%m%d-%H%M%S")
        try:
            manifest = backup(destination)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(self.style.SUCCESS(f"Backup written to {destination} ({rows} rows)."))
