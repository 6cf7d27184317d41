"""Template helpers of the public site: query strings, language links, source lists."""

from __future__ import annotations

from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with `changes` applied, e.g. another page number.

    Keeps every filter in the link, so pagination and sorting never lose them.
    """
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def page_in_language(context, language_code: str) -> str:
    """The address of the page being shown, in another language, with its query string."""
    request = context.get("request")
    if request is None:
        return f"/{language_code}/"
    url = translate_url(request.path, language_code)
    if url == request.path and not url.startswith(f"/{language_code}/"):
        # An address that does not resolve (a 404 page) has no translation: go home.
        return f"/{language_code}/"
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{query}" if query else url


@register.filter
def source_lines(sources: str) -> list[str]:
    """The web addresses of a `SourcesField`, one per line."""
    return [line.strip() for line in (sources or "").splitlines() if line.strip()]
