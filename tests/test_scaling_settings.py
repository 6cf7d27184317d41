"""Scaling-out settings come from the environment: S3 media, shared cache, sessions."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
PRINT_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings; "
    "from django.core.files.storage import storages; default_storage = storages['default']; "
    "print(json.dumps({'storage': type(default_storage).__name__, "
    "'bucket': getattr(default_storage, 'bucket_name', None), "
    "'cache': settings.CACHES['default']['BACKEND'], 'sessions': settings.SESSION_ENGINE, "
    "'page_cache_seconds': settings.PAGE_CACHE_SECONDS, 'debug': settings.DEBUG, "
    "'cache_options': settings.CACHES['default'].get('OPTIONS', {}), "
    "'database_options': settings.DATABASES['default'].get('OPTIONS', {})}))"
)


def settings_with(**environment: str | None) -> dict:
    """The settings a process started with `environment` gets (None: unset)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("AWS_", "REDIS_URL", "DATABASE_URL", "CACHE_URL", "PAGE_CACHE", "DEBUG")
        )
    }
    env.update(DJANGO_SETTINGS_MODULE="cities4csr.settings", DEBUG="True")
    env.update(environment)
    env = {key: value for key, value in env.items() if value is not None}
    output = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def test_without_configuration_media_on_disk_cache_and_sessions_in_the_shared_database():
    found = settings_with()

    assert found["storage"] == "FileSystemStorage"
    # Shared by every worker: rate limits and page-cache invalidations hold across them.
    assert found["cache"] == "core.cache.SharedDatabaseCache"
    assert found["page_cache_seconds"] == 600
    assert found["sessions"] == "django.contrib.sessions.backends.db"


def test_a_per_process_cache_turns_the_page_cache_off_by_default():
    found = settings_with(CACHE_URL="locmemcache://one-process")

    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["page_cache_seconds"] == 0


def test_debug_is_off_unless_asked_for():
    found = settings_with(DEBUG=None, SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org")

    assert found["debug"] is False


def test_database_connections_and_statements_have_time_limits():
    postgres = settings_with(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/x",
        DATABASE_CONNECT_TIMEOUT="3",
        DATABASE_STATEMENT_TIMEOUT_MS="7000",
    )
    sqlite = settings_with()

    assert postgres["database_options"]["connect_timeout"] == 3
    assert postgres["database_options"]["options"] == "-c statement_timeout=7000"
    assert sqlite["database_options"]["timeout"] == 5


def test_a_bucket_puts_media_on_s3_and_redis_url_the_cache_in_redis():
    found = settings_with(
        AWS_STORAGE_BUCKET_NAME="cities4csr-media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )

    assert found["storage"] == "S3Storage"
    assert found["bucket"] == "cities4csr-media"
    assert found["cache"] == "core.cache.FailOpenRedisCache"
    # A dead Redis address costs a request a quarter of a second, not a hang.
    assert found["cache_options"]["socket_connect_timeout"] == 0.25
