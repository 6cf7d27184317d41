"""The Atom feeds a public page offers, for `base.html` to announce twice from one list:
`<link rel="alternate">` in the head for feed readers, and visible links for people.

The feeds themselves (`portal/feeds.py`) combine apps and live in the site layer; pages
of every layer reach them by URL name.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from partnerships.models import City


@dataclass(frozen=True)
class FeedLink:
    title: str
    url: str


def feed_links(*kinds: str, city: City | None = None) -> list[FeedLink]:
    """The feeds of `kinds` ("partnerships", "needs", "small-scale-actions"), of `city` if given."""
    if city is None:
        titles = {
            "partnerships": _("Partnerships"),
            "needs": _("CSR needs"),
            "small-scale-actions": _("Small-Scale Actions"),
        }
        return [FeedLink(titles[kind], reverse("iap:feed", args=[kind])) for kind in kinds]
    titles = {
        "partnerships": _("Partnerships in %(city)s"),
        "needs": _("CSR needs of %(city)s"),
        "small-scale-actions": _("Small-Scale Actions in %(city)s"),
    }
    return [
        FeedLink(
            titles[kind] % {"city": city.name}, reverse("iap:feed-city", args=[kind, city.slug])
        )
        for kind in kinds
    ]
