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
    "'cache': settings.CACHES['default']['BACKEND'], 'sessions': settings.SESSION_ENGINE}))"
)


def settings_with(**environment: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "REDIS_URL", "DATABASE_URL"))
    }
    env.update(DJANGO_SETTINGS_MODULE="cities4csr.settings", **environment)
    output = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def test_without_configuration_media_is_on_disk_cache_local_sessions_in_the_database():
    found = settings_with()

    assert found["storage"] == "FileSystemStorage"
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["sessions"] == "django.contrib.sessions.backends.db"


def test_a_bucket_puts_media_on_s3_and_redis_url_the_cache_in_redis():
    found = settings_with(
        AWS_STORAGE_BUCKET_NAME="cities4csr-media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )

    assert found["storage"] == "S3Storage"
    assert found["bucket"] == "cities4csr-media"
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
