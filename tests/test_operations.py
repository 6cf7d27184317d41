"""Operations: health checks, database outages, backups."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

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
