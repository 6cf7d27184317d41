"""A database outage answers 503 with a plain page, and the app recovers by itself.

Lost, refused and timed-out connections (the connect and statement timeouts in the
settings) all surface as OperationalError or InterfaceError, wherever the first
query happens: in a view, or earlier, in the middleware that loads a signed-in
visitor's session and user. Both roads end in `unavailable_response`:
`DatabaseUnavailableMiddleware` (first in MIDDLEWARE) for exceptions of the view,
and the site's 500 handler (core.errors.server_error) for those that a middleware
raised, which Django turns into a 500 before any outer middleware could see them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

logger = logging.getLogger("cities4csr.availability")

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def unavailable_response(request: HttpRequest, exception: BaseException) -> HttpResponse:
    """The 503 "try again shortly" answer, JSON on /api/."""
    logger.warning("database unavailable: %s", exception.__class__.__name__)
    if request.path.startswith("/api/"):
        response = HttpResponse(
            '{"status": 503, "detail": "The service is temporarily unavailable. '
            'Please retry shortly."}',
            content_type="application/json",
            status=503,
        )
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    return response


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection in a view into the 503 page.

    With CONN_HEALTH_CHECKS on, Django opens a fresh connection on the next request,
    so once the database is back the app serves again without a restart.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        return unavailable_response(request, exception)
