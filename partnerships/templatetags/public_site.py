"""Template helpers of the public site: query strings, language links, source lists."""

from __future__ import annotations

import datetime as dt

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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


@register.simple_tag
def date_range(start: dt.date | None, end: dt.date | None = None, month_only: bool = False) -> str:
    """A date or a period as the page's language writes it, naming each part once.

    Italian: "4 febbraio 2020", "23–25 settembre 2019", "settembre 2019 – agosto 2022",
    "giugno–luglio 2021"; English the same with capitalised months. `month_only` is for
    sources that give months, not days.
    """
    if start is None:
        return ""
    end = end if end and end != start else None
    day = "" if month_only else "j "
    if end is None:
        return _month_case(format_date(start, f"{day}F Y"))
    if month_only and (start.year, start.month) == (end.year, end.month):
        return _month_case(format_date(start, "F Y"))
    if start.year != end.year:
        text = f"{format_date(start, f'{day}F Y')} – {format_date(end, f'{day}F Y')}"
    elif month_only:
        text = f"{format_date(start, 'F')}–{format_date(end, 'F Y')}"
    elif start.month != end.month:
        text = f"{format_date(start, 'j F')} – {format_date(end, 'j F Y')}"
    else:
        text = f"{format_date(start, 'j')}–{format_date(end, 'j F Y')}"
    return _month_case(text)


def _month_case(text: str) -> str:
    # Django's Italian catalogue capitalises month names; Italian writes them lower case.
    return text if translation.get_language() == "en" else text.lower()


@register.simple_tag
def lang_attr(instance, field: str) -> str:
    """` lang="…"` when the text of a translated field is not in the page's language.

    Screen readers then pronounce it right: an English title left untranslated on an
    Italian page (the same text in both languages), or an Italian one shown on an
    English page because its translation is missing (the fallback).
    """
    page = translation.get_language() or settings.LANGUAGE_CODE
    shown = getattr(instance, f"{field}_{page}", None)
    if not shown:
        source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        return "" if source == page else format_html(' lang="{}"', source)
    if page != "en" and shown == getattr(instance, f"{field}_en", None):
        return format_html(' lang="{}"', "en")
    return ""


@register.filter
def filters_set(filterset) -> bool:
    """Whether the visitor set any filter, so an empty list can blame the filters.

    Sorting and the page number narrow nothing; an empty field is no filter either.
    """
    if filterset is None or not filterset.is_bound:
        return False
    return any(filterset.data.get(name) for name in filterset.filters if name != "sort")


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The page's own address for `rel=canonical` and `og:url`: the path, and the page
    number of a list after the first (page 2 is its own page), but no filter or sort,
    which only reorder or narrow the same records."""
    request = context["request"]
    url = request.build_absolute_uri(request.path)
    page_obj = context.get("page_obj")
    return f"{url}?page={page_obj.number}" if page_obj and page_obj.number > 1 else url


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: template.NodeList, name: str) -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context) -> str:
        # The content was escaped as it rendered; strip() alone would drop that mark.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    """`{% capture as name %}…{% endcapture %}`: renders its content into a variable, so
    one text (a block a page overrides) can fill two places, e.g. the description for
    search engines and for link previews (`og:description`)."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.filter
def page_links(page_obj) -> list[int | None]:
    """The page numbers a pagination bar links to: the first and last, the current page
    and its two neighbours, None where numbers are left out ("…"). 167 pages make at most
    5 links, which fit a phone's width, not 167."""
    elided = page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1)
    return [number if isinstance(number, int) else None for number in elided]
