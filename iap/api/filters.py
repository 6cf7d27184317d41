"""API filters of the IAP records, named like the public site's."""

from __future__ import annotations

import django_filters

from iap.models import (
    Action,
    Indicator,
    IntegratedActionPlan,
    Measurement,
    Need,
    Pledge,
    ToolboxResource,
)
from partnerships.api.filters import CitySlugFilter, IdFilter, YearFilter, YearFilterSet


class IntegratedActionPlanFilter(django_filters.FilterSet):
    city = CitySlugFilter()

    class Meta:
        model = IntegratedActionPlan
        fields = ["city", "status"]


class ActionFilter(YearFilterSet):
    city = CitySlugFilter(field_name="plan__city")
    plan = IdFilter()
    year = YearFilter()

    class Meta:
        model = Action
        fields = ["city", "plan", "status", "year"]


class IndicatorFilter(django_filters.FilterSet):
    city = CitySlugFilter(field_name="plan__city")
    plan = IdFilter()
    action = IdFilter()

    class Meta:
        model = Indicator
        fields = ["city", "plan", "action"]


class MeasurementFilter(django_filters.FilterSet):
    city = CitySlugFilter(field_name="indicator__plan__city")
    indicator = IdFilter()

    class Meta:
        model = Measurement
        fields = ["city", "indicator"]


class ToolboxResourceFilter(django_filters.FilterSet):
    city = CitySlugFilter()

    class Meta:
        model = ToolboxResource
        fields = ["city", "kind", "language"]


class NeedFilter(django_filters.FilterSet):
    city = CitySlugFilter(field_name="priority__city")
    priority = IdFilter()
    theme = django_filters.CharFilter(field_name="priority__themes__slug", distinct=True)

    class Meta:
        model = Need
        fields = ["city", "priority", "theme", "resource_kind", "status", "network_wide"]


class PledgeFilter(django_filters.FilterSet):
    city = CitySlugFilter(field_name="need__priority__city")
    need = django_filters.CharFilter(field_name="need__slug")

    class Meta:
        model = Pledge
        fields = ["city", "need"]
