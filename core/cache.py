"""The cache backends the settings choose from: both shared by every worker and node.

- `FailOpenRedisCache` (REDIS_URL set): Redis is an accelerator, never a dependency.
  When it is down or unreachable, every cache call behaves as a miss (reads return
  the default, writes do nothing) instead of raising, so public pages are served
  uncached, admin and API writes commit (the page-cache version bump no longer
  rolls them back), and throttles and rate limits let requests through
  (RATELIMIT_FAIL_OPEN). `/healthz` still sees it: its probe finds nothing kept.
  Short socket timeouts (settings) keep a dead address from holding a request.
- `SharedDatabaseCache` (no REDIS_URL): Django's database cache in the table that
  core's migration creates, so rate limits, throttles and the page cache hold across
  gunicorn workers and app nodes with nothing more to run. Its `incr` is atomic, so
  concurrent requests cannot both read the same count.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router, transaction
from redis.exceptions import RedisError

logger = logging.getLogger("cities4csr.availability")

DATABASE_CACHE_TABLE = "core_cache"
# One warning per process per this many seconds: an outage must not flood the log.
WARNING_INTERVAL_SECONDS = 60.0

_T = TypeVar("_T")


class FailOpenRedisCache(RedisCache):
    """Django's Redis cache, whose failures are logged and answered as cache misses."""

    _last_warning = 0.0

    def _failed(self, operation: str, error: Exception, result: _T) -> _T:
        now = time.monotonic()
        if now - FailOpenRedisCache._last_warning >= WARNING_INTERVAL_SECONDS:
            FailOpenRedisCache._last_warning = now
            logger.warning(
                "cache unavailable (%s on %s): serving without it", type(error).__name__, operation
            )
        return result

    def add(
        self, key: Any, value: Any, timeout: float | None = None, version: int | None = None
    ) -> bool:  # noqa: D102
        try:
            return super().add(key, value, timeout, version)
        except (RedisError, OSError) as error:
            return self._failed("add", error, False)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:  # noqa: D102
        try:
            return super().get(key, default, version)
        except (RedisError, OSError) as error:
            return self._failed("get", error, default)

    def set(
        self, key: Any, value: Any, timeout: float | None = None, version: int | None = None
    ) -> None:  # noqa: D102
        try:
            super().set(key, value, timeout, version)
        except (RedisError, OSError) as error:
            self._failed("set", error, None)

    def touch(self, key: Any, timeout: float | None = None, version: int | None = None) -> bool:  # noqa: D102
        try:
            return super().touch(key, timeout, version)
        except (RedisError, OSError) as error:
            return self._failed("touch", error, False)

    def delete(self, key: Any, version: int | None = None) -> bool:  # noqa: D102
        try:
            return super().delete(key, version)
        except (RedisError, OSError) as error:
            return self._failed("delete", error, False)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:  # noqa: D102
        try:
            return super().get_many(keys, version)
        except (RedisError, OSError) as error:
            return self._failed("get_many", error, {})

    def has_key(self, key: Any, version: int | None = None) -> bool:  # noqa: D102
        try:
            return super().has_key(key, version)
        except (RedisError, OSError) as error:
            return self._failed("has_key", error, False)

    # override: BaseCache promises an int; on an outage this answers None (below).
    def incr(  # type: ignore[override]
        self, key: Any, delta: int = 1, version: int | None = None
    ) -> int | None:
        # None, not an exception: django-ratelimit then fails open (RATELIMIT_FAIL_OPEN);
        # a missing key still raises ValueError as Django documents.
        try:
            return super().incr(key, delta, version)
        except (RedisError, OSError) as error:
            return self._failed("incr", error, None)

    def set_many(
        self, data: dict[Any, Any], timeout: float | None = None, version: int | None = None
    ) -> list[Any]:  # noqa: D102
        try:
            return super().set_many(data, timeout, version)
        except (RedisError, OSError) as error:
            return self._failed("set_many", error, list(data))

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:  # noqa: D102
        try:
            return super().delete_many(keys, version)
        except (RedisError, OSError) as error:
            return self._failed("delete_many", error, None)

    def clear(self) -> None:  # noqa: D102
        try:
            super().clear()
        except (RedisError, OSError) as error:
            self._failed("clear", error, None)


class SharedDatabaseCache(DatabaseCache):
    """Django's database cache with an `incr` that two workers cannot interleave."""

    # Set by BaseDatabaseCache.__init__; django-stubs leave it out (private).
    _table: str

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:  # noqa: D102
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        with transaction.atomic(using=alias):
            if connection.features.has_select_for_update:
                # Lock the counter's row until the new value is written. (SQLite has no
                # row locks: there the write transaction itself serialises, see
                # transaction_mode in the settings.)
                table = connection.ops.quote_name(self._table)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",  # noqa: S608 — the table name is ours, quoted
                        [self.make_and_validate_key(key, version=version)],
                    )
            return super().incr(key, delta, version)
