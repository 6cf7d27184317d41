"""`{% shared_fragment %}`: a piece of a page that every visitor sees alike (a list's
filter form), kept as long as the page cache would keep the page, and no longer.

    {% load shared_fragments %}
    {% shared_fragment "filter-form" LANGUAGE_CODE request.path filters %}…{% endshared_fragment %}

The name and the values after it make the key, like `{% cache %}`'s. The page cache
keeps a page per query string; a fragment keyed by less (the filters, not the page
number) is built once for all the pages of a list. The page cache's version is part of
the key, so the fragment is rebuilt after any change to a public record, exactly when
the pages are; with the page cache off (`PAGE_CACHE_SECONDS = 0`) nothing is kept.
Never put anything personal in one (a CSRF token, a name): it is served to everyone.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context

from core import page_cache

register = template.Library()


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist: NodeList, name: str, vary_on: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context: Context) -> str:
        seconds = settings.PAGE_CACHE_SECONDS
        version = page_cache.current_version() if seconds else None
        if version is None:
            return self.nodelist.render(context)
        values = [version, *(value.resolve(context) for value in self.vary_on)]
        key = make_template_fragment_key(self.name, values)
        fragment: str | None = cache.get(key)
        if fragment is None:
            fragment = self.nodelist.render(context)
            cache.set(key, fragment, seconds)
        return fragment


@register.tag
def shared_fragment(parser: Parser, token: Token) -> SharedFragmentNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'shared_fragment' needs a name.")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return SharedFragmentNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])
