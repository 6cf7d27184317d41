"""A database outage answers 503 with a plain page, and the app recovers by itself."""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger("cities4csr.availability")


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection into a 503 "try again shortly" page.

    With CONN_HEALTH_CHECKS on, Django opens a fresh connection on the next request,
    so once the database is back the app serves again without a restart.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable: %s", exception.__class__.__name__)
        if request.path.startswith("/api/"):
            response = HttpResponse(
                '{"detail": "The service is temporarily unavailable. Please retry shortly."}',
                content_type="application/json",
                status=503,
            )
        else:
            response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
