"""The figures of the numbers page: counts of published partnerships, one table each.

Each table is computed with one aggregate query, so the page costs the same number
of queries whatever the amount of data. The same tables feed the charts, the data
tables under them and their CSV downloads.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.open_data import with_licence
from core.publication import public_filter
from core.spreadsheets import BYTE_ORDER_MARK, safe_cell
from partnerships.models import (
    City,
    Participation,
    Partnership,
    Stakeholder,
    Theme,
)

# Each table counts only what is known: a bar of "not stated" would fill the charts of
# the real data, whose sources give no status, year or kind for most partnerships.
COUNT_HEADING = _("Partnerships")


@dataclass(frozen=True)
class Row:
    label: str | Promise
    count: int
    # Share of the table's largest count, 0–100: the bar length in the chart.
    share: int


@dataclass(frozen=True)
class Table:
    slug: str
    title: str | Promise
    label_heading: str | Promise
    rows: list[Row]

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)


def make_table(
    slug: str,
    title: str | Promise,
    label_heading: str | Promise,
    counts: Iterable[tuple[str | Promise, int]],
) -> Table:
    counts = list(counts)
    largest = max((count for _label, count in counts), default=0)
    rows = [
        Row(label=label, count=count, share=round(100 * count / largest) if largest else 0)
        for label, count in counts
    ]
    return Table(slug=slug, title=title, label_heading=label_heading, rows=rows)


def table_csv(table: Table, *, count_heading: str | Promise, filename: str) -> HttpResponse:
    """One table as a CSV download (label, count), for spreadsheets."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BYTE_ORDER_MARK)
    writer = csv.writer(response)
    # Labels are names typed by staff (cities, themes): never a formula in a spreadsheet.
    writer.writerow([safe_cell(str(table.label_heading)), safe_cell(str(count_heading))])
    for row in table.rows:
        writer.writerow([safe_cell(str(row.label)), row.count])
    return with_licence(response)


def by_city() -> Table:
    cities = (
        City.objects.public()
        .annotate(count=Count("partnerships", filter=public_filter(Partnership, "partnerships")))
        .order_by("-count", "name")
    )
    return make_table(
        "by-city",
        _("Partnerships by city"),
        _("City"),
        ((city.name, city.count) for city in cities),
    )


def by_theme() -> Table:
    themes = (
        Theme.objects.public()
        .annotate(count=Count("partnerships", filter=public_filter(Partnership, "partnerships")))
        .filter(count__gt=0)
        .order_by("-count", "name")
    )
    return make_table(
        "by-theme",
        _("Partnerships by theme"),
        _("Theme"),
        ((theme.name, theme.count) for theme in themes),
    )


def by_status() -> Table:
    labels = dict(Partnership.Status.choices)
    counts = Partnership.objects.public().values("status").annotate(count=Count("pk")).order_by()
    found = {row["status"]: row["count"] for row in counts}
    rows = [(labels[status], found[status]) for status in labels if status in found]
    return make_table("by-status", _("Partnerships by status"), _("Status"), rows)


def by_year() -> Table:
    counts = (
        Partnership.objects.public()
        .annotate(year=ExtractYear("start_date"))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("year")
    )
    found = {row["year"]: row["count"] for row in counts}
    rows: list[tuple[str | Promise, int]] = [
        (str(year), count) for year, count in found.items() if year is not None
    ]
    return make_table("by-year", _("Partnerships by start year"), _("Year"), rows)


def by_stakeholder_kind() -> Table:
    labels = dict(Stakeholder.Kind.choices)
    counts = (
        Participation.objects.public()
        .values("stakeholder__kind")
        .annotate(count=Count("partnership", distinct=True))
        .order_by("-count")
    )
    rows = [
        (labels[row["stakeholder__kind"]], row["count"])
        for row in counts
        if row["stakeholder__kind"] in labels
    ]
    return make_table(
        "by-stakeholder-kind",
        _("Partnerships by kind of partner"),
        _("Kind of partner"),
        rows,
    )


TABLES = {
    "by-city": by_city,
    "by-theme": by_theme,
    "by-status": by_status,
    "by-year": by_year,
    "by-stakeholder-kind": by_stakeholder_kind,
}


def all_tables() -> list[Table]:
    return [build() for build in TABLES.values()]
