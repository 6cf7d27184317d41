"""API filters of the ULG records, named like the public site's."""

from __future__ import annotations

import django_filters

from partnerships.api.filters import (
    CitySlugFilter,
    IdFilter,
    ThemeSlugFilter,
    YearFilter,
    YearFilterSet,
)
from ulg.models import Membership, SmallScaleAction, UrbactLocalGroup


class UrbactLocalGroupFilter(django_filters.FilterSet):
    city = CitySlugFilter()

    class Meta:
        model = UrbactLocalGroup
        fields = ["city"]


class MembershipFilter(django_filters.FilterSet):
    city = CitySlugFilter(field_name="ulg__city")
    ulg = IdFilter()

    class Meta:
        model = Membership
        fields = ["city", "ulg", "role"]


class SmallScaleActionFilter(YearFilterSet):
    city = CitySlugFilter(field_name="ulg__city")
    theme = ThemeSlugFilter()
    year = YearFilter()

    class Meta:
        model = SmallScaleAction
        fields = ["city", "theme", "status", "year"]
