"""What changed in a followed thing during a period: the content of a digest.

Public records only (each model's `public()`), and only what a visitor may read on
the site: a delivery names the need and the quantity, never the organisation (it
may not be listed). "Newly published" and "met" are read from the change history
(django-simple-history): the first history row in which the record had that value.
A record published, unpublished and published again is not news the second time.

Each section is capped at SECTION_LENGTH items with the number of the others, so a
digest's size, and the memory to build it, do not grow with the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Min, Model, QuerySet
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from iap.models import Action, Measurement, Need, Pledge
from partnerships.models import Partnership, PublicationStatus
from portal.models import Subscription
from ulg.models import SmallScaleAction

SECTION_LENGTH = 20

Kind = Subscription.Kind


@dataclass(frozen=True)
class Period:
    """The days [start, end): a day for daily digests, seven for weekly ones."""

    start: dt.date
    end: dt.date

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        return _midnight(self.start), _midnight(self.end)


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class Item:
    title: str
    path: str  # site-relative, in the active language; the digest makes it absolute
    detail: str = ""


@dataclass
class Section:
    title: Promise
    items: list[Item] = field(default_factory=list)
    more: int = 0


def first_reached(model: type[Model], period: Period, **values: object) -> QuerySet:
    """The ids of `model`'s records whose first history row with `values` is in `period`."""
    start, end = period.bounds()
    return (
        model.history.filter(**values)
        .values("id")
        .annotate(first=Min("history_date"))
        .filter(first__gte=start, first__lt=end)
        .values("id")
    )


def _published(model: type[Model], period: Period) -> QuerySet:
    return model.objects.public().filter(
        pk__in=first_reached(model, period, publication_status=PublicationStatus.PUBLISHED)
    )


def _reached(model: type[Model], period: Period, **values: object) -> QuerySet:
    return model.objects.public().filter(pk__in=first_reached(model, period, **values))


def _record(record: Model) -> Item:
    return Item(title=str(record), path=record.get_absolute_url())


def _delivery(pledge: Pledge) -> Item:
    amount = floatformat(pledge.quantity_delivered, "-2g")  # 5, 1.250, 2,5: as on the site
    unit = pledge.need.unit if pledge.need.quantity else "EUR"
    return Item(
        title=pledge.need.title,
        path=pledge.need.get_absolute_url(),
        detail=f"{amount} {unit}".strip(),
    )


def _action(action: Action) -> Item:
    return Item(
        title=f"{action.code} {action.title}".strip(),
        path=action.get_absolute_url(),
        detail=str(action.get_status_display()),
    )


def _measurement(measurement: Measurement) -> Item:
    indicator = measurement.indicator
    value = floatformat(measurement.value, "-2g")
    return Item(
        title=indicator.name,
        path=reverse("iap:detail", kwargs={"slug": indicator.plan.city.slug}),
        detail=f"{value} {indicator.unit}".strip(),
    )


@dataclass(frozen=True)
class SectionKind:
    title: Promise
    records: Callable[[Period], QuerySet]
    # The lookup from the records to the followed thing, per kind of subscription;
    # "" for every record (the needs board); a kind not listed gets no such section.
    lookups: dict[str, str]
    item: Callable[[Model], Item] = _record
    related: tuple[str, ...] = ()


SECTIONS = (
    SectionKind(
        _("Newly published partnerships"),
        lambda period: _published(Partnership, period),
        {Kind.CITY: "city", Kind.THEME: "themes"},
    ),
    SectionKind(
        _("Partnerships now completed"),
        lambda period: _reached(Partnership, period, status=Partnership.Status.COMPLETED),
        {Kind.CITY: "city", Kind.THEME: "themes", Kind.PARTNERSHIP: "pk"},
    ),
    SectionKind(
        _("Needs opened"),
        lambda period: _published(Need, period),
        {Kind.CITY: "priority__city", Kind.THEME: "priority__themes", Kind.NEEDS_BOARD: ""},
    ),
    SectionKind(
        _("Needs met"),
        lambda period: _reached(Need, period, status=Need.Status.MET),
        {
            Kind.CITY: "priority__city",
            Kind.THEME: "priority__themes",
            Kind.NEED: "pk",
            Kind.NEEDS_BOARD: "",
        },
    ),
    SectionKind(
        _("Deliveries"),
        lambda period: Pledge.objects.public().filter(
            delivered_on__gte=period.start, delivered_on__lt=period.end, quantity_delivered__gt=0
        ),
        {
            Kind.CITY: "need__priority__city",
            Kind.THEME: "need__priority__themes",
            Kind.PARTNERSHIP: "partnership",
            Kind.NEED: "need",
            Kind.NEEDS_BOARD: "",
        },
        item=_delivery,
        related=("need",),
    ),
    SectionKind(
        _("New small-scale actions"),
        lambda period: _published(SmallScaleAction, period),
        {Kind.CITY: "ulg__city", Kind.THEME: "themes"},
    ),
    SectionKind(
        _("Small-scale actions completed"),
        lambda period: _reached(SmallScaleAction, period, status=SmallScaleAction.Status.COMPLETED),
        {Kind.CITY: "ulg__city", Kind.THEME: "themes"},
    ),
    SectionKind(
        _("Action plan: actions done"),
        lambda period: _reached(Action, period, status=Action.Status.DONE),
        {Kind.CITY: "plan__city"},
        item=_action,
        related=("plan__city",),
    ),
    SectionKind(
        _("Action plan: new measurements of its indicators"),
        lambda period: Measurement.objects.public().filter(
            date__gte=period.start, date__lt=period.end
        ),
        {Kind.CITY: "indicator__plan__city"},
        item=_measurement,
        related=("indicator__plan__city",),
    ),
)


def changes(subscription: Subscription, period: Period) -> list[Section]:
    """The non-empty sections of what changed in what `subscription` follows.

    Titles and paths are in the active language: call it under the subscriber's.
    """
    sections = []
    for kind in SECTIONS:
        if subscription.kind not in kind.lookups:
            continue
        records = kind.records(period)
        if lookup := kind.lookups[subscription.kind]:
            records = records.filter(**{lookup: subscription.followed.pk})
        records = records.distinct().select_related(*kind.related).order_by("pk")
        shown = [kind.item(record) for record in records[: SECTION_LENGTH + 1]]
        if shown:
            more = records.count() - SECTION_LENGTH if len(shown) > SECTION_LENGTH else 0
            sections.append(Section(kind.title, shown[:SECTION_LENGTH], more))
    return sections
