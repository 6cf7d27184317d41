"""django-filter filter sets of the public pages: every filter lives in the query string."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models import City, Partnership, Stakeholder, Theme


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


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorts by the chosen field, then by primary key, so pages never repeat or skip a row."""

    def filter(self, qs, value):
        ordered = super().filter(qs, value)
        return ordered.order_by(*ordered.query.order_by, "pk") if value else ordered


class PartnershipFilter(django_filters.FilterSet):
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


class StakeholderFilter(django_filters.FilterSet):
    city = django_filters.ModelChoiceFilter(
        label=_("City"),
        queryset=City.objects.public(),
        to_field_name="slug",
        empty_label=_("All cities"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Stakeholder.Kind.choices, empty_label=_("Any kind")
    )

    class Meta:
        model = Stakeholder
        fields: list[str] = []
