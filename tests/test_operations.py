"""Operations: health checks, database outages, backups."""

import stat
import subprocess
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

from core import backups
from core.backups import row_counts
from partnerships.models import Partnership
from portal.demo.factories import PartnershipFactory


@pytest.mark.django_db
def test_healthz_says_ok_when_database_and_cache_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "problems": {}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["problems"]["database"] == "database unreachable: OperationalError"


@pytest.mark.django_db
def test_check_health_command_exits_non_zero_when_unhealthy(monkeypatch):
    monkeypatch.setattr("core.health.check_cache", lambda: "cache unreachable: Boom")
    err = StringIO()

    with pytest.raises(SystemExit) as exit_info:
        call_command("check_health", stderr=err)

    assert exit_info.value.code == 1
    assert "cache: cache unreachable" in err.getvalue()


@pytest.mark.django_db
def test_a_page_during_a_database_outage_is_a_plain_503(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)

    response = client.get("/it/partnerships/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Traceback" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_brings_back_every_row(tmp_path: Path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "toolbox").mkdir(parents=True)
    (tmp_path / "media" / "toolbox" / "guide.pdf").write_bytes(b"%PDF-1.4 demo")
    PartnershipFactory.create_batch(3)
    before = row_counts()
    call_command("backup_data", "--output", str(tmp_path / "backup"), stdout=StringIO())

    Partnership.objects.all().delete()
    (tmp_path / "media" / "toolbox" / "guide.pdf").unlink()
    out = StringIO()
    call_command("restore_data", str(tmp_path / "backup"), stdout=out)

    assert row_counts() == before
    assert (tmp_path / "media" / "toolbox" / "guide.pdf").read_bytes() == b"%PDF-1.4 demo"
    assert "every model's row count matches" in out.getvalue()


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path: Path):
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore_data", str(tmp_path))


@pytest.mark.django_db(transaction=True)
def test_backup_files_are_readable_by_their_owner_only(tmp_path: Path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    destination = tmp_path / "backup"
    destination.mkdir(mode=0o755)

    call_command("backup_data", "--output", str(destination), stdout=StringIO())

    assert stat.S_IMODE(destination.stat().st_mode) == 0o700
    files = list(destination.iterdir())
    assert files
    assert all(stat.S_IMODE(file.stat().st_mode) == 0o600 for file in files)


def test_postgres_backup_and_restore_pass_the_password_in_the_environment(
    tmp_path: Path, monkeypatch, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    calls = []

    def fake_run(command, **kwargs):
        calls.append((command, kwargs.get("env") or {}))
        (tmp_path / "backup" / "database.dump").touch()
        return subprocess.CompletedProcess(command, 0, "", "")

    fake_connection = SimpleNamespace(
        vendor="postgresql",
        settings_dict={"NAME": "c4c", "USER": "app", "PASSWORD": "s3cret-pw", "HOST": "db"},
        close=lambda: None,
    )
    monkeypatch.setattr(backups, "connection", fake_connection)
    monkeypatch.setattr(backups.subprocess, "run", fake_run)
    monkeypatch.setattr(backups, "row_counts", dict)

    backups.backup(tmp_path / "backup")
    backups.restore(tmp_path / "backup")

    assert [command[0] for command, _env in calls] == ["pg_dump", "pg_restore"]
    for command, env in calls:
        assert not any("s3cret-pw" in argument for argument in command)
        assert env["PGPASSWORD"] == "s3cret-pw"
