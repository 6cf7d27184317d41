"""Refuse, before any view or database sees them, requests no page can serve.

- A NUL character (`\\x00`, `%00` or JSON's `\\u0000`) in the path, the query string
  or a form or JSON body: PostgreSQL cannot store or compare text holding one and
  raises on the first query, so anywhere it reached the database it meant a 500.
  Answered 400 here, once, for every page, form, API call and autocomplete.
  (Uploaded files may hold NULs: only multipart *fields* and file names are read.)
- A body declared larger than the largest upload plus a margin for the other
  fields (MAX_UPLOAD_BYTES + REQUEST_BODY_MARGIN_BYTES): answered 413 before a byte
  of it is read. The proxy in front caps it too (docs/deploy.md).

Errors are JSON on /api/ (as core.errors), a short text elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.translation import gettext as _

from core.errors import is_api_request

NUL_IN_TEXT = re.compile(r"\x00|%00", re.IGNORECASE)
NUL_IN_BODY = re.compile(rb"\x00|%00|\\u0000", re.IGNORECASE)


def has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or NUL_IN_TEXT.search(request.META.get("QUERY_STRING", "")):
        return True
    if request.content_type == "multipart/form-data":
        if request.method != "POST":
            return False
        fields = [value for _key, values in request.POST.lists() for value in values]
        names = [upload.name or "" for uploads in request.FILES.lists() for upload in uploads[1]]
        return any("\x00" in text for text in [*request.POST, *fields, *names])
    return bool(NUL_IN_BODY.search(request.body))


def declared_body_too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False  # Django reads such a body as empty
    limit: int = settings.MAX_UPLOAD_BYTES + settings.REQUEST_BODY_MARGIN_BYTES
    return length > limit


def refusal(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if is_api_request(request):
        return JsonResponse({"status": status, "detail": message}, status=status)
    return HttpResponse(message, content_type="text/plain; charset=utf-8", status=status)


class RequestGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # LocaleMiddleware has not run yet: answer in the language the path or the
        # browser asks for.
        with translation.override(translation.get_language_from_request(request, check_path=True)):
            if declared_body_too_large(request):
                return refusal(request, 413, _("The request is too large."))
            try:
                nul = has_nul(request)
            except MultiPartParserError:
                return refusal(request, 400, _("The form data could not be read."))
            if nul:
                return refusal(
                    request, 400, _("The request contains a NUL character, which is not allowed.")
                )
        return self.get_response(request)
