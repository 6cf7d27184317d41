"""Every API error is JSON: `{"status": …, "detail": …, "errors": {field: [messages]}}`.

DRF's own exceptions keep their status codes; database refusals that reach the
view (a record still referenced, a uniqueness race) become 409s instead of 500s;
Django's 404 and 500 pages answer JSON on /api/ paths. Every message is in the
request's language (`?lang=`, else Accept-Language), the whole body in one language.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.audit import audit
from core.outage import DATABASE_UNAVAILABLE, unavailable_response

logger = logging.getLogger(__name__)
# The API's query parameter choosing the language of translated text and messages.
LANGUAGE_PARAMETER = "lang"


def requested_language(request: HttpRequest) -> str | None:
    """The language `?lang=` asks for, if it is one of the site's (else Accept-Language's)."""
    code = request.GET.get(LANGUAGE_PARAMETER)
    return code if code in dict(settings.LANGUAGES) else None


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("The change conflicts with other records.")
    default_code = "conflict"


def as_api_exception(exc: Exception) -> Exception:
    if isinstance(exc, ProtectedError):
        names = ", ".join(sorted({str(obj) for obj in exc.protected_objects})[:5])
        return Conflict(_("Still referenced by other records: %(names)s.") % {"names": names})
    if isinstance(exc, IntegrityError):
        logger.warning("API write refused by the database: %s", exc)
        return Conflict(_("The database refused the change: it conflicts with other records."))
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(serializers.as_serializer_error(exc))
    if isinstance(exc, Http404):
        # Django's "No Partnership matches the given query." is never translated.
        return exceptions.NotFound()
    return exc


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = exception_handler(as_api_exception(exc), context)
    if response is None:
        return None
    if response.status_code == status.HTTP_403_FORBIDDEN:
        request = context["request"]
        audit(
            "permission denied",
            level=logging.WARNING,
            user=request.user,
            where="api",
            method=request.method,
            path=request.path,
        )
    if isinstance(response.data, dict) and set(response.data) == {"detail"}:
        body = {"status": response.status_code, "detail": str(response.data["detail"])}
    else:
        body = {
            "status": response.status_code,
            "detail": _("Invalid input."),
            "errors": response.data
            if isinstance(response.data, dict)
            else {"non_field_errors": response.data},
        }
    response.data = body
    return response


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        # No view read `?lang=` for an address that matches none: read it here.
        with translation.override(requested_language(request) or translation.get_language()):
            return JsonResponse({"status": 404, "detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this inside its `except` block, so the exception is at hand: a
    # database outage first noticed by a middleware (loading a signed-in visitor's
    # session) is a 503 like any other, not a 500.
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_UNAVAILABLE):
        return unavailable_response(request, exception)
    if is_api_request(request):
        return JsonResponse({"status": 500, "detail": _("Server error.")}, status=500)
    return defaults.server_error(request)
