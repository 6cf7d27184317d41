"""Back up and restore the database and the uploaded files.

PostgreSQL goes through pg_dump / pg_restore (custom format); the embedded SQLite
database through SQLite's online backup API, which copies a consistent snapshot
even while the app writes. Media files go into a tar archive. A manifest records
the row count of every model, so a restore can prove it brought everything back.

A backup holds personal data, password hashes and two-factor secrets: its folder is
readable by its owner only (0700) and so is every file in it (0600). The database
password goes to pg_dump / pg_restore in their environment (PGPASSWORD), never on
the command line, where any user of the machine can read it (`ps`, /proc).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"


class BackupError(Exception):
    pass


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600


def _postgres_url() -> str:
    """The database's address for pg_dump / pg_restore, without its password."""
    params = connection.settings_dict
    user = params.get("USER") or "postgres"
    host = params.get("HOST") or "localhost"
    port = params.get("PORT") or "5432"
    return f"postgresql://{user}@{host}:{port}/{params['NAME']}"


def _postgres_environment() -> dict[str, str]:
    password = connection.settings_dict.get("PASSWORD")
    return {**os.environ, "PGPASSWORD": password} if password else dict(os.environ)


def _run(command: list[str], *, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=False, env=env
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:500]}")


def backup(destination: Path) -> dict[str, Any]:
    destination.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    # mkdir's mode does not apply to an existing folder (nor escape the umask).
    destination.chmod(PRIVATE_FOLDER)
    if connection.vendor == "postgresql":
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                f"--file={destination / POSTGRES_FILE}",
                f"--dbname={_postgres_url()}",
            ],
            env=_postgres_environment(),
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(destination / SQLITE_FILE)
        with target:
            connection.connection.backup(target)
        target.close()
    else:
        raise BackupError(f"No backup method for {connection.vendor}.")
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(destination / MEDIA_FILE, "w:gz") as archive:
        if media_root.is_dir():
            archive.add(media_root, arcname="media")
    manifest = {"vendor": connection.vendor, "row_counts": row_counts()}
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    for file in destination.iterdir():
        file.chmod(PRIVATE_FILE)
    return manifest


def restore(source: Path) -> dict[str, tuple[int, int]]:
    """Restore a backup; return the models whose row counts differ from the manifest."""
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{source} is not a backup: it has no {MANIFEST}.")
    manifest = json.loads(manifest_path.read_text())
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"This backup is of a {manifest['vendor']} database; the app uses {connection.vendor}."
        )
    if connection.vendor == "postgresql":
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={_postgres_url()}",
                str(source / POSTGRES_FILE),
            ],
            env=_postgres_environment(),
        )
    else:
        connection.ensure_connection()
        snapshot = sqlite3.connect(source / SQLITE_FILE)
        with snapshot:
            snapshot.backup(connection.connection)
        snapshot.close()
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(source / MEDIA_FILE, "r:gz") as archive:
        members = [member for member in archive.getmembers() if member.name.startswith("media")]
        if members:
            if media_root.exists():
                shutil.rmtree(media_root)
            archive.extractall(media_root.parent / "_restore", members=members, filter="data")
            (media_root.parent / "_restore" / "media").rename(media_root)
            shutil.rmtree(media_root.parent / "_restore")
    counts = row_counts()
    return {
        label: (expected, counts.get(label, 0))
        for label, expected in manifest["row_counts"].items()
        if counts.get(label, 0) != expected
    }
