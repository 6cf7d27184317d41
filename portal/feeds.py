"""Atom feeds of new and updated published partnerships, needs and SSAs, per city and theme.

Only public fields go in: titles, summaries, links and dates — never a contact or a proposal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Max, Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iap.models import Need
from partnerships.models import City, Partnership, Theme
from ulg.models import SmallScaleAction

FEED_LENGTH = 50
# `updated` of a feed that never held a record: the network's start (September 2019,
# shared/seed/FACTS.md), fixed, so readers polling an empty feed never re-download it.
NEVER_UPDATED = dt.datetime(2019, 9, 1, tzinfo=dt.UTC)


class PlainTextAtomFeed(Atom1Feed):
    """Atom with `<summary type="text">`: summaries are plain text typed by staff.

    Django's Atom feed declares summaries as HTML, so a `<script>` or `<b>` typed in a
    summary would become live markup in feed readers.
    """

    def latest_post_date(self) -> dt.datetime:
        # Django's own falls back to "now" for a feed without entries, so every request of
        # an empty feed announced a change; the view computes it from the data instead.
        return self.feed["updated"]

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


def _partnerships() -> QuerySet:
    return Partnership.objects.public()


def _needs() -> QuerySet:
    return Need.objects.public()


def _small_scale_actions() -> QuerySet:
    return SmallScaleAction.objects.public()


@dataclass(frozen=True)
class Kind:
    records: Callable[[], QuerySet]
    city_lookup: str
    theme_lookup: str
    title: Promise


KINDS = {
    "partnerships": Kind(_partnerships, "city", "themes", gettext_lazy("Partnerships")),
    "needs": Kind(_needs, "priority__city", "priority__themes", gettext_lazy("CSR needs")),
    "small-scale-actions": Kind(
        _small_scale_actions, "ulg__city", "themes", gettext_lazy("Small-Scale Actions")
    ),
}


@dataclass(frozen=True)
class Selection:
    kind: str
    city: City | None = None
    theme: Theme | None = None


class UpdatesFeed(Feed):
    feed_type = PlainTextAtomFeed
    # RFC 4287 asks for an author of the feed (or of every entry): the network publishes.
    author_name = "CITIES4CSR"
    author_link = "https://urbact.eu/cities4csr"

    def get_object(self, request, kind: str, city: str = "", theme: str = "") -> Selection:
        if kind not in KINDS:
            raise Http404
        return Selection(
            kind=kind,
            city=get_object_or_404(City.objects.public(), slug=city) if city else None,
            theme=get_object_or_404(Theme.objects.public(), slug=theme) if theme else None,
        )

    def title(self, selection: Selection) -> str:
        title = str(KINDS[selection.kind].title)
        if selection.city:
            title = _("%(what)s in %(city)s") % {"what": title, "city": selection.city.name}
        if selection.theme:
            title = _("%(what)s about %(theme)s") % {"what": title, "theme": selection.theme.name}
        return f"{title} – CITIES4CSR"

    def link(self, selection: Selection) -> str:
        if selection.kind == "needs":
            return reverse("iap:need-list")
        if selection.kind == "partnerships":
            return reverse("partnerships:list")
        return selection.city.get_absolute_url() if selection.city else reverse("home")

    def subtitle(self, selection: Selection) -> str:
        return _("New and updated published records of the CITIES4CSR network.")

    def feed_extra_kwargs(self, selection: Selection) -> dict:
        # The newest change of any record of the selection, published or not: a record
        # withdrawn from the feed changes it too, and `updated` never goes back in time.
        newest = self._selected(selection, KINDS[selection.kind].records().model.objects.all())
        return {"updated": newest.aggregate(at=Max("updated_at"))["at"] or NEVER_UPDATED}

    def items(self, selection: Selection) -> QuerySet:
        records = self._selected(selection, KINDS[selection.kind].records())
        return records.order_by("-updated_at", "-pk")[:FEED_LENGTH]

    def _selected(self, selection: Selection, records: QuerySet) -> QuerySet:
        kind = KINDS[selection.kind]
        if selection.city:
            records = records.filter(**{kind.city_lookup: selection.city})
        if selection.theme:
            records = records.filter(**{kind.theme_lookup: selection.theme}).distinct()
        return records

    def item_title(self, item: Model) -> str:
        return item.title

    def item_description(self, item: Model) -> str:
        return getattr(item, "summary", "") or getattr(item, "description", "")

    def item_updateddate(self, item: Model):
        return item.updated_at

    def item_pubdate(self, item: Model):
        return item.updated_at
