"""The CSR report of a city, or of the whole network, for one calendar year.

What a coordinator hands to the council: partnerships started and running in the
year, their partners by kind, resources pledged and delivered for the needs, the
needs of the year and how far they were met, the pilot actions (SSAs) running, and
the plan's indicators as measured by the end of the year. Only public records, read
through each model's `public()`, and only counts: no organisation or person is named.

Each figure is one aggregate query, so the report costs the same whatever the amount
of data; each table is a `partnerships.numbers.Table`, drawn as an SVG chart with its
data table beside it, on the report page and in its PDF alike.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from iap.models import Indicator, IntegratedActionPlan, Measurement, Need, Pledge
from iap.plan_page import IndicatorProgress, indicator_progress
from partnerships.models import City, Network, Participation, Partnership, ResourceKind, Stakeholder
from partnerships.numbers import Row, Table, make_table
from ulg.models import SmallScaleAction

# The first year a report can be asked for: the network began in 2019, and a year
# before 2000 is a typing slip, not a question.
FIRST_YEAR = 2000


class BadYear(ValueError):
    """`?year=` is not a year the report can be made for; the message says why."""


def report_year(value: str | None, *, today: dt.date) -> int:
    """The year asked for in `?year=`; this year when none is."""
    if value is None or value == "":
        return today.year
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    if not re.fullmatch(r"[0-9]{1,9}", value.strip()):
        raise BadYear(
            _("“%(value)s” is not a year: write it with four digits, e.g. %(year)s.")
            % {"value": value[:20], "year": today.year}
        )
    year = int(value)
    if not FIRST_YEAR <= year <= today.year:
        raise BadYear(
            _("The report covers the years from %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": today.year}
        )
    return year


@dataclass(frozen=True)
class KeyFigure:
    label: str | Promise
    value: int


@dataclass(frozen=True)
class Report:
    # None: the whole network.
    city: City | None
    network: Network | None
    year: int
    key_figures: list[KeyFigure]
    # Each drawn as a chart with its data table.
    tables: list[Table]
    # A city's plan indicators as measured by the end of the year (none for the network).
    indicators: list[IndicatorProgress]
    # Their progress in percent: each indicator's (a city), each city's average (the network).
    indicator_table: Table
    # The years with something to report, for the links to other years.
    years: list[int]

    @property
    def place(self) -> str:
        if self.city is not None:
            return self.city.name
        return self.network.name if self.network is not None else "CITIES4CSR"


def _in_city(queryset: QuerySet, city_lookup: str, city: City | None) -> QuerySet:
    return queryset.filter(**{city_lookup: city}) if city is not None else queryset


def _labelled(
    counts: Iterable[dict], key: str, labels: dict[str, str | Promise]
) -> list[tuple[str | Promise, int]]:
    """(label, count) in the order of `labels`; an unknown or blank value is left out,
    as on the numbers page."""
    found = {row[key]: row["count"] for row in counts}
    return [(label, found[value]) for value, label in labels.items() if found.get(value)]


def city_report(city: City | None, year: int, *, today: dt.date | None = None) -> Report:
    """The report of `city` (None: every public city) for `year`."""
    today = today or timezone.localdate()
    partnerships = _in_city(Partnership.objects.public(), "city", city)
    running = partnerships.running_in(year)
    participations = Participation.objects.public().filter(partnership__in=running).order_by()
    pledges = _in_city(Pledge.objects.public(), "need__priority__city", city).order_by()
    pledged = pledges.filter(pledged_on__year=year)
    delivered = pledges.filter(delivered_on__year=year, quantity_delivered__gt=0)
    # A need belongs to the year it is due in, or in which something was pledged or
    # delivered for it: the platform records no date a need was opened.
    pledged_or_delivered = pledges.filter(Q(pledged_on__year=year) | Q(delivered_on__year=year))
    needs = _in_city(Need.objects.public(), "priority__city", city).filter(
        Q(deadline__year=year) | Q(pk__in=pledged_or_delivered.values("need"))
    )
    all_pilots = _in_city(SmallScaleAction.objects.public(), "ulg__city", city)
    pilots = all_pilots.running_in(year)

    by_status = list(needs.values("status").annotate(count=Count("pk")).order_by())
    needs_by_status = _labelled(by_status, "status", dict(Need.Status.choices))
    needs_met = sum(row["count"] for row in by_status if row["status"] == Need.Status.MET)
    kinds = dict(ResourceKind.choices)
    tables = [
        make_table(
            "partnerships-by-theme",
            _("Partnerships running in the year, by theme"),
            _("Theme"),
            [
                (row["themes__name"], row["count"])
                for row in running.filter(themes__isnull=False)
                .values("themes__name")
                .annotate(count=Count("pk", distinct=True))
                .order_by("-count", "themes__name")
            ],
        ),
        make_table(
            "partners-by-kind",
            _("Organisations in the partnerships, by kind"),
            _("Kind of partner"),
            _labelled(
                participations.values("stakeholder__kind").annotate(
                    count=Count("stakeholder", distinct=True)
                ),
                "stakeholder__kind",
                dict(Stakeholder.Kind.choices),
            ),
        ),
        make_table(
            "pledges-by-kind",
            _("Resources pledged in the year, by kind"),
            _("What was offered"),
            _labelled(
                pledged.values("need__resource_kind").annotate(count=Count("pk")),
                "need__resource_kind",
                kinds,
            ),
        ),
        make_table(
            "deliveries-by-kind",
            _("Resources delivered in the year, by kind"),
            _("What was given"),
            _labelled(
                delivered.values("need__resource_kind").annotate(count=Count("pk")),
                "need__resource_kind",
                kinds,
            ),
        ),
        make_table(
            "needs-by-status", _("Needs of the year, by status"), _("Status"), needs_by_status
        ),
        make_table(
            "pilots-by-status",
            _("Pilot actions (SSAs) running in the year, by status"),
            _("Status"),
            _labelled(
                pilots.values("status").annotate(count=Count("pk")).order_by(),
                "status",
                dict(SmallScaleAction.Status.choices),
            ),
        ),
    ]
    indicators = _indicators_at_year_end(city, year)
    key_figures = [
        KeyFigure(_("partnerships started"), partnerships.filter(start_date__year=year).count()),
        KeyFigure(_("partnerships running"), running.count()),
        KeyFigure(
            _("organisations taking part"),
            participations.values("stakeholder").distinct().count(),
        ),
        KeyFigure(_("pledges made"), pledged.count()),
        KeyFigure(_("deliveries"), delivered.count()),
        KeyFigure(_("needs of the year"), sum(count for _label, count in needs_by_status)),
        KeyFigure(_("needs met"), needs_met),
        KeyFigure(_("pilot actions running"), pilots.count()),
    ]
    return Report(
        city=city,
        network=city.network if city is not None else Network.objects.current(),
        year=year,
        key_figures=key_figures,
        tables=tables,
        indicators=indicators if city is not None else [],
        indicator_table=_indicator_table(indicators, by_city=city is None),
        years=_years_with_records(partnerships, all_pilots, today=today),
    )


def _indicators_at_year_end(city: City | None, year: int) -> list[IndicatorProgress]:
    """The published plans' indicators, each with its latest measurement up to 31 December."""
    measured = Measurement.objects.filter(date__lte=dt.date(year, 12, 31)).order_by("date")
    indicators = (
        Indicator.objects.filter(
            plan__in=_in_city(IntegratedActionPlan.objects.public(), "city", city)
        )
        .select_related("plan__city")
        .prefetch_related(Prefetch("measurements", queryset=measured))
        .order_by("plan__city__name", "pk")
    )
    return indicator_progress(indicators)


def _indicator_table(indicators: list[IndicatorProgress], *, by_city: bool) -> Table:
    """Each indicator's progress (a city), or the average progress of each city's
    measured indicators (the network), in percent of the way from baseline to target."""
    if by_city:
        percents: dict[str, list[int]] = defaultdict(list)
        for row in indicators:
            if row.percent is not None:
                percents[row.indicator.plan.city.name].append(row.percent)
        shares = [(name, round(sum(values) / len(values))) for name, values in percents.items()]
        title, heading = _("Average progress of the measured indicators, by city"), _("City")
    else:
        shares = [
            (row.indicator.name, row.percent) for row in indicators if row.percent is not None
        ]
        title, heading = _("Indicators: progress towards the target"), _("Indicator")
    # The bar is the percentage itself, not a share of the largest.
    rows = [Row(label=label, count=percent, share=percent) for label, percent in shares]
    return Table(slug="indicator-progress", title=title, label_heading=heading, rows=rows)


def _years_with_records(partnerships: QuerySet, pilots: QuerySet, *, today: dt.date) -> list[int]:
    """This year back to the first a partnership or a pilot action started."""
    starts = [
        records.aggregate(first=Min("start_date"))["first"] for records in (partnerships, pilots)
    ]
    first = min((start.year for start in starts if start is not None), default=today.year)
    return list(range(today.year, max(first, FIRST_YEAR) - 1, -1))
