"""API filters, named like the public partnership list's: city, theme, status, year, kind."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from partnerships.models import City, NetworkEvent, Participation, Partnership, Stakeholder


@extend_schema_field({"type": "integer", "minimum": 1000, "maximum": 9999})
class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Running in this year"))
        kwargs.setdefault("min_value", 1000)
        kwargs.setdefault("max_value", 9999)
        kwargs.setdefault("method", "filter_year")
        super().__init__(**kwargs)


# Ids are 64-bit: a larger number is refused (400) before it reaches the database,
# where SQLite would overflow.
MAX_ID = 2**63 - 1


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """A related record by id; an unknown id matches nothing (instead of a 400)."""

    field_class = forms.IntegerField

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class CitySlugFilter(django_filters.CharFilter):
    """Records of the city with this slug (an unknown slug matches nothing)."""

    def __init__(self, field_name: str = "city", **kwargs):
        kwargs.setdefault("label", _("City (slug)"))
        super().__init__(field_name=f"{field_name}__slug", **kwargs)


class ThemeSlugFilter(django_filters.CharFilter):
    def __init__(self, field_name: str = "themes", **kwargs):
        kwargs.setdefault("label", _("Theme (slug)"))
        kwargs.setdefault("distinct", True)
        super().__init__(field_name=f"{field_name}__slug", **kwargs)


class YearFilterSet(django_filters.FilterSet):
    def filter_year(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.running_in(int(value))


class PartnershipFilter(YearFilterSet):
    """The public list's filters (`partnerships.filters`), through the same QuerySet methods."""

    city = CitySlugFilter()
    theme = ThemeSlugFilter()
    year = YearFilter()
    kind = django_filters.ChoiceFilter(
        choices=Stakeholder.Kind.choices,
        method="filter_kind",
        label=_("Kind of partner organisation"),
    )
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=100,
        label=_("Search in titles, summaries and partner names"),
    )

    class Meta:
        model = Partnership
        fields = ["city", "theme", "status", "year", "kind", "featured", "search"]

    def filter_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.with_partner_of_kind(value)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value.strip()) if value.strip() else queryset


class StakeholderFilter(django_filters.FilterSet):
    city = CitySlugFilter()

    class Meta:
        model = Stakeholder
        fields = ["city", "kind"]


class ParticipationFilter(django_filters.FilterSet):
    city = CitySlugFilter(field_name="partnership__city")
    partnership = django_filters.CharFilter(field_name="partnership__slug")
    stakeholder = django_filters.CharFilter(field_name="stakeholder__slug")

    class Meta:
        model = Participation
        fields = ["city", "partnership", "stakeholder", "role"]


class CityFilter(django_filters.FilterSet):
    class Meta:
        model = City
        fields = ["country", "role"]


class NetworkEventFilter(YearFilterSet):
    host_city = CitySlugFilter(field_name="host_city")
    year = YearFilter()

    class Meta:
        model = NetworkEvent
        fields = ["kind", "host_city", "year"]
