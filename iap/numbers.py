"""Resources mobilised for the cities' published needs: deliveries by kind, city and year.

A delivery is a pledge with something delivered. Each table is one aggregate query,
in the shape of the numbers page's other tables (chart, data table, CSV).
"""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from iap.models import Pledge
from partnerships.models import ResourceKind
from partnerships.numbers import Table, make_table

COUNT_HEADING = _("Deliveries")


def deliveries() -> QuerySet:
    return Pledge.objects.public().filter(quantity_delivered__gt=0).order_by()


def by_kind() -> Table:
    labels = dict(ResourceKind.choices)
    counts = deliveries().values("need__resource_kind").annotate(count=Count("pk"))
    found = {row["need__resource_kind"]: row["count"] for row in counts}
    rows = [(labels[kind], found[kind]) for kind in labels if kind in found]
    return make_table(
        "resources-by-kind", _("Resources mobilised by kind"), _("What was given"), rows
    )


def by_city() -> Table:
    counts = (
        deliveries()
        .values("need__priority__city__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "need__priority__city__name")
    )
    rows = [(row["need__priority__city__name"], row["count"]) for row in counts]
    return make_table("resources-by-city", _("Resources mobilised by city"), _("City"), rows)


def by_year() -> Table:
    counts = (
        deliveries()
        .annotate(year=ExtractYear("delivered_on"))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("year")
    )
    found = {row["year"]: row["count"] for row in counts}
    # Only dated deliveries: like the partnership tables, the unknown is left out.
    rows = [(str(year), count) for year, count in found.items() if year is not None]
    return make_table(
        "resources-by-year", _("Resources mobilised by year of delivery"), _("Year"), rows
    )


TABLES = {
    "resources-by-kind": by_kind,
    "resources-by-city": by_city,
    "resources-by-year": by_year,
}


def resources_mobilised_tables() -> list[Table]:
    return [build() for build in TABLES.values()]
