"""django-filter filter sets of the public pages: every filter lives in the query string."""

from __future__ import annotations

from functools import cache
from typing import Any, ClassVar

import django_filters
from django import forms
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.form_rendering import QuickSelectRenderer
from core.unaccent import translated_order
from partnerships.models import City, Partnership, Stakeholder, Theme

# The filter forms' selects, with their many options, drawn without a template each.
QUICK_SELECT_RENDERER = QuickSelectRenderer()


def partnership_year_choices() -> list[tuple[int, int]]:
    """The years published partnerships run in, newest first.

    From the first start year to the last end year, or to this year while one
    without an end date is still running (`PartnershipQuerySet.running_in`).
    """
    span = Partnership.objects.public().aggregate(
        first=Min("start_date__year"),
        last_start=Max("start_date__year"),
        last_end=Max("end_date__year"),
        open_ended=Count("pk", filter=Q(start_date__isnull=False, end_date__isnull=True)),
    )
    if span["first"] is None:
        return []
    last = max(span["last_start"], span["last_end"] or span["last_start"])
    if span["open_ended"]:
        last = max(last, timezone.localdate().year)
    return [(year, year) for year in range(last, span["first"] - 1, -1)]


class CountedFilterSet(django_filters.FilterSet):
    """A public list's filters that offer only values with results, each with its count.

    The choices of the filters named in `counted` are the values the list holds
    ("Milano (7)"), counted by the filter's own rule over the whole list. A value in the
    address that is not among them (`?city=atlantis`, a city without records) empties
    the list and is named in `unknown_filters`, for the page to say so: ignoring it
    showed every record as if it matched. A counted filter with a method of its own
    (a rule, not a field) is counted by the filter set's `count_<name>(records, values)`,
    one grouped query for all its values.
    """

    counted: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A fresh queryset of the list's rows: the list's own may carry aggregate
        # annotations, which would change the grouping of the counts.
        model = self.queryset.model
        records = model._default_manager.filter(pk__in=self.queryset.order_by().values("pk"))
        labels = {}
        for name in self.counted:
            labels[name] = self._offer_values_with_results(name, self.filters[name], records)
        # (The form is built here, once the choices above are narrowed.)
        self.form.renderer = QUICK_SELECT_RENDERER
        for name, label in labels.items():
            if label is not None:
                self.form.fields[name].label_from_instance = label

    def _offer_values_with_results(
        self, name: str, flt: django_filters.Filter, records: QuerySet
    ) -> Any:
        # Counted only when the form is drawn or checked: a page whose filter form comes
        # from the shared fragment cache (templates/includes/filter_form.html) runs no
        # count query at all.
        if isinstance(flt, django_filters.ModelChoiceFilter):
            counts = cache(lambda: self._counts_by_field(flt.field_name, records))
            flt.queryset = flt.queryset.filter(pk__in=records.values(flt.field_name))
            return lambda instance: f"{instance} ({counts()[instance.pk]})"
        choices = flt.extra["choices"]

        @cache
        def offered() -> list[tuple[Any, str]]:
            values = choices() if callable(choices) else choices
            if flt.method is None:
                counts = self._counts_by_field(flt.field_name, records)
            else:
                # A rule of its own (a year's span, a partner's kind): the filter set's
                # `count_<name>` applies it to all values in one grouped query.
                counts = getattr(self, f"count_{name}")(records, [value for value, _ in values])
            return [
                (value, f"{label} ({counts[value]})")
                for value, label in values
                if counts.get(value)
            ]

        flt.extra["choices"] = offered
        return None

    @staticmethod
    def _counts_by_field(field: str, records: QuerySet) -> dict[Any, int]:
        rows = records.order_by().values(field).annotate(n=Count("pk", distinct=True))
        return {row[field]: row["n"] for row in rows if row[field] is not None}

    @property
    def unknown_filters(self) -> list[str]:
        """The labels of the counted filters whose value in the address is not a choice."""
        if not self.is_bound:
            return []
        return [str(self.filters[name].label) for name in self.counted if name in self.form.errors]

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        if self.unknown_filters:
            return queryset.none()
        return super().filter_queryset(queryset)


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorts by the chosen field, then by primary key, so pages never repeat or skip a row.

    The title sorts as the page shows it: in the page's language (the Italian title
    where the English one is missing) and blind to accents and case.
    """

    def get_ordering_value(self, param: str) -> Any:
        field = super().get_ordering_value(param)
        if field.lstrip("-") != "title":
            return field
        key = translated_order("title")
        return key.desc() if field.startswith("-") else key.asc()

    def filter(self, qs, value):
        ordered = super().filter(qs, value)
        return ordered.order_by(*ordered.query.order_by, "pk") if value else ordered


class PartnershipFilter(CountedFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )
    city = django_filters.ModelChoiceFilter(
        label=_("City"),
        queryset=City.objects.public(),
        to_field_name="slug",
        empty_label=_("All cities"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.public(),
        to_field_name="slug",
        empty_label=_("All themes"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Partnership.Status.choices, empty_label=_("Any status")
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        choices=partnership_year_choices,
        method="filter_year",
        empty_label=_("Any year"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of partner"),
        choices=Stakeholder.Kind.choices,
        method="filter_kind",
        empty_label=_("Any kind"),
    )
    sort = StableOrderingFilter(
        label=_("Sort by"),
        fields=(("start_date", "date"), ("title", "title")),
        choices=[
            ("-date", _("Newest first")),
            ("date", _("Oldest first")),
            ("title", _("Title (A–Z)")),
            ("-title", _("Title (Z–A)")),
        ],
        empty_label=_("Default order"),
    )

    counted = ("city", "theme", "status", "year", "kind")

    class Meta:
        model = Partnership
        fields: list[str] = []

    def filter_search(self, queryset, name: str, value: str):
        return queryset.search(value.strip()) if value.strip() else queryset

    def filter_kind(self, queryset, name: str, value: str):
        return queryset.with_partner_of_kind(value) if value else queryset

    def filter_year(self, queryset, name: str, value: str):
        # The form accepted only a year of the choices, so the value is a number.
        return queryset.running_in(int(value)) if value else queryset

    def count_kind(self, records: QuerySet, kinds: list[str]) -> dict[Any, int]:
        """`filter_kind`'s counts: the partnerships with a partner of each kind."""
        return self._counts_by_field("participations__stakeholder__kind", records)

    def count_year(self, records: QuerySet, years: list[int]) -> dict[Any, int]:
        """`filter_year`'s counts (`running_in`): a partnership counts in every year from
        its start to its end (to every later year while it has no end date)."""
        spans = (
            records.order_by()
            .filter(start_date__isnull=False)
            .values_list("start_date__year", "end_date__year")
            .annotate(n=Count("pk"))
        )
        counts: dict[Any, int] = {}
        for start, end, n in spans:
            for year in years:
                if start <= year and (end is None or end >= year):
                    counts[year] = counts.get(year, 0) + n
        return counts


class StakeholderFilter(CountedFilterSet):
    city = django_filters.ModelChoiceFilter(
        label=_("City"),
        queryset=City.objects.public(),
        to_field_name="slug",
        empty_label=_("All cities"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Stakeholder.Kind.choices, empty_label=_("Any kind")
    )

    counted = ("city", "kind")

    class Meta:
        model = Stakeholder
        fields: list[str] = []
