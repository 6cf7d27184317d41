"""Whole-page cache for anonymous visitors of the public site and the public API.

Visitors arrive in bursts (a press release, a newsletter), and every one of them
sees the same page, so a built page is kept in Django's cache (Redis when
REDIS_URL is set, a database table otherwise: see core/cache.py) and served as is
to the next anonymous visitor. API clients (a dashboard polling the partnership
list) read the same records the same way.

- Public pages (paths under a language prefix, /it/… or /en/…) are cached,
  keyed by the full path (which carries the language) and the query string, so
  filters and pages of a list are separate entries.
- Anonymous API reads (GET under /api/v1/) too, keyed by the full path, the
  language the request resolves to (`?lang=`, the language cookie or
  Accept-Language) and the Accept header: what the answer depends on for a client
  that is nobody in particular. Their ETag is the API's own (a hash of the body),
  so ConditionalGetMiddleware answers 304 on a hit as on a build. The API's views
  serve and store these (after the anonymous throttle has counted the request: a
  cached answer is still one of the client's requests).
- Never for a signed-in user: a request carrying a session cookie (or a pending
  flash message), or on the API an Authorization header (a token, valid or not),
  is neither served from nor stored in the cache.
- Never a page that is personal: one that sets a cookie or varies on the cookie
  (a form with a CSRF token, such as the propose form, or anything that read the
  session) is not stored.
- Every entry is stored with the cache's version number, and served only while
  that is still the current one; any change to a record a public page can show
  bumps it (see `bump_version`, connected to the model signals in
  CoreConfig.ready), so a coordinator's change is visible at once. Stale
  entries are rebuilt on their next request or expire after PAGE_CACHE_SECONDS.

The version lives in the cache too, so every worker and node sees a bump at once
(the cache is shared); a local-memory cache (CACHE_URL=locmemcache://) has one per
process, which is only right for a single process (the tests), so the page cache is
off by default there. With Redis down nothing is stored and every page is built.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import has_vary_header, set_response_etag
from django.utils.translation import get_language_from_path, get_language_from_request
from simple_history.models import HistoricalChanges

VERSION_KEY = "page-cache:version"


def _fresh_version() -> int:
    # A never-used number: were the key evicted and restarted at 1, entries stored
    # under an old 1 could be served again.
    cache.add(VERSION_KEY, time.time_ns(), timeout=None)
    version: int = cache.get(VERSION_KEY)
    return version


def current_version() -> int | None:
    """The version a page or fragment built now is stored under (None: a cache that
    keeps nothing)."""
    version: int | None = cache.get(VERSION_KEY)
    return version or _fresh_version()


def bump_version(**_signal_kwargs: object) -> None:
    """Make every cached page stale: a record a public page may show has changed."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # the key is missing (first write, or evicted)
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


# The apps whose records public pages show, and their models that no public page
# ever shows (personal data and the engagement log): writing those, as a
# coordinator does all day, keeps the cache warm.
PUBLIC_APPS = frozenset({"partnerships", "ulg", "iap"})
NEVER_SHOWN = frozenset(
    {
        "partnerships.contact",
        "partnerships.interaction",
        "partnerships.proposal",
        "partnerships.cityrole",
        "partnerships.followupdigest",
    }
)


def is_shown_publicly(model: type[models.Model]) -> bool:
    return (
        model._meta.app_label in PUBLIC_APPS
        and model._meta.label_lower not in NEVER_SHOWN
        # A history row is written beside its record, which already bumps.
        and not issubclass(model, HistoricalChanges)
    )


def bump_now_and_on_commit() -> None:
    """bump_version() for a write inside a transaction (what the signals call, and
    what a bulk write of shown records calls itself)."""
    bump_version()
    # Again once the transaction commits: a page built between the first bump and
    # the commit read the old rows, and was stored under the new version.
    transaction.on_commit(bump_version)


def _record_changed(sender: type[models.Model], **kwargs: object) -> None:
    if is_shown_publicly(sender):
        bump_now_and_on_commit()


def _relation_changed(sender: type[models.Model], action: str, **kwargs: object) -> None:
    # The sender is the relation's table; an automatic one (a proposal's themes) is shown
    # where the model declaring it is: a visitor's proposal must not empty the cache.
    declared_by = sender._meta.auto_created
    owner = declared_by if isinstance(declared_by, type) else sender
    if action.startswith("post_") and is_shown_publicly(owner):
        bump_now_and_on_commit()


def connect_invalidation() -> None:
    """Bump the version on every write of a publicly shown record.

    A cache concern, not a business rule, hence signals: they catch the admin,
    the workspace, the API, imports and services alike. Bulk writes
    (QuerySet.update, bulk_create) send no signals; code that uses them on public
    records calls bump_now_and_on_commit() itself: generate_demo_data and
    core.personal_data.scrub (tests/test_api_cache.py holds them to it).
    """
    post_save.connect(_record_changed, dispatch_uid="page_cache_save")
    post_delete.connect(_record_changed, dispatch_uid="page_cache_delete")
    m2m_changed.connect(_relation_changed, dispatch_uid="page_cache_m2m")


# Where cities4csr/api_urls.py serves the records (the schema and its docs page are
# not records: they change with a deployment, not with an edit).
API_PREFIX = "/api/v1/"


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def shared_key(request: HttpRequest) -> str | None:
    """The cache entry that answers this request for everyone, or None: not a shared
    answer (a write, a signed-in user, a path that is neither a public page nor the API)."""
    if (
        not settings.PAGE_CACHE_SECONDS
        or request.method not in ("GET", "HEAD")
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        # A flash message waiting for this visitor is theirs alone.
        or "messages" in request.COOKIES
    ):
        return None
    if get_language_from_path(request.path_info) is not None:
        return f"page-cache:{_digest(request.get_full_path())}"
    if request.path_info.startswith(API_PREFIX) and "HTTP_AUTHORIZATION" not in request.META:
        # As LocaleMiddleware will resolve it (the path has no language prefix).
        language = get_language_from_request(request)
        accept = request.headers.get("Accept", "")
        return f"api-cache:{_digest(request.get_full_path(), language, accept)}"
    return None


def is_api_key(key: str) -> bool:
    return key.startswith("api-cache:")


def _is_shareable(response: HttpResponse, *, api: bool) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # Every API answer varies on the cookie: DRF's session authentication reads the
        # session to learn who asks. With no session cookie (see shared_key) it is
        # nobody's, so only a page's Vary: Cookie (it read the session) keeps it out.
        and (api or not has_vary_header(response, "Cookie"))
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def cached_answer(key: str) -> tuple[HttpResponse | None, int | None]:
    """The entry under `key` if it is still current, and the version to store a new one
    under. One round trip for both: on a hit, that is the whole cost of the answer."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or _fresh_version()
    cached: HttpResponse | None
    stored_version, cached = found.get(key, (None, None))
    # (No version at all means a cache that keeps nothing, such as DummyCache.)
    if cached is not None and version is not None and stored_version == version:
        cached["X-Page-Cache"] = "hit"
        return cached, version
    return None, version


def keep_answer(key: str, version: int | None, response: HttpResponse) -> None:
    """Store `response` for everyone under `key`, if it is shareable.

    `version` is the one read *before* the answer was built: were a record changed
    meanwhile, the entry is already stale and never served.
    """
    if not _is_shareable(response, api=is_api_key(key)):
        return
    # Computed once here, not by ConditionalGetMiddleware on every hit (the API brings
    # its own).
    if not response.has_header("ETag"):
        set_response_etag(response)
    cache.set(key, (version, response), settings.PAGE_CACHE_SECONDS)
    response["X-Page-Cache"] = "miss"


class AnonymousPageCacheMiddleware:
    """Serve and store anonymous public pages; see the module docstring.

    Sits above SessionMiddleware and CsrfViewMiddleware, so the response it
    inspects already carries the Vary: Cookie and Set-Cookie they add. API answers
    are served and stored by the API's views (partnerships/api/base.py), after the
    anonymous throttle has counted the request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = shared_key(request)
        if key is None or is_api_key(key):
            return self.get_response(request)
        cached, version = cached_answer(key)
        if cached is not None:
            return cached
        response = self.get_response(request)
        if request.method == "GET":
            keep_answer(key, version, response)
        return response
