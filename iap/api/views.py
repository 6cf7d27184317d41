"""Endpoints of the Integrated Action Plans and the toolbox; rules live in `base`."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view

from iap.api import filters, serializers
from iap.models import (
    Action,
    Indicator,
    IntegratedActionPlan,
    Measurement,
    Need,
    Pledge,
    Priority,
    ToolboxResource,
)
from iap.services import need_refresh_status, pledge_create, pledge_delete, pledge_update
from partnerships.api.base import CityScopedViewSet, service_errors_as_400
from partnerships.models import City, Partnership
from ulg.models import SmallScaleAction


def action_links(view: CityScopedViewSet) -> list[str | Prefetch]:
    """An action's organisations, SSAs and partnerships: of the linked SSAs and
    partnerships, only those the request may read."""
    return [
        "partners",
        Prefetch("related_ssas", queryset=view.readable(SmallScaleAction.objects.all())),
        Prefetch("partnerships", queryset=view.readable(Partnership.objects.all())),
    ]


@extend_schema_view(
    list=extend_schema(summary="Integrated Action Plans, with their actions (the timeplan)"),
    retrieve=extend_schema(summary="One Integrated Action Plan"),
)
class IntegratedActionPlanViewSet(CityScopedViewSet):
    queryset = IntegratedActionPlan.objects.select_related("city", "policy_theme")
    serializer_class = serializers.IntegratedActionPlanSerializer
    filterset_class = filters.IntegratedActionPlanFilter
    search_fields = ["title_it", "title_en", "summary_it", "summary_en"]
    ordering_fields = ["title", "adoption_date"]
    changes_tracked_in = (Action, City)

    def get_queryset(self) -> QuerySet:
        actions = Action.objects.select_related("plan__city").prefetch_related(*action_links(self))
        return super().get_queryset().prefetch_related(Prefetch("actions", queryset=actions))


@extend_schema_view(
    list=extend_schema(
        summary="Actions of published plans",
        description="Filter by `city` (slug), `plan`, `status`, `year` (running in that year).",
    ),
    retrieve=extend_schema(summary="One IAP action"),
)
class ActionViewSet(CityScopedViewSet):
    queryset = Action.objects.select_related("plan__city")
    serializer_class = serializers.ActionSerializer
    filterset_class = filters.ActionFilter
    search_fields = ["code", "title_it", "title_en", "responsible"]
    ordering_fields = ["code", "start_date", "end_date", "budget_eur"]
    changes_tracked_in = (IntegratedActionPlan,)

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().prefetch_related(*action_links(self))


@extend_schema_view(
    list=extend_schema(summary="Monitoring indicators of published plans, with measurements"),
    retrieve=extend_schema(summary="One indicator"),
)
class IndicatorViewSet(CityScopedViewSet):
    queryset = Indicator.objects.select_related("plan__city").prefetch_related("measurements")
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filters.IndicatorFilter
    search_fields = ["name_it", "name_en"]
    ordering_fields = ["name", "target_date"]
    changes_tracked_in = (Measurement, IntegratedActionPlan)


@extend_schema_view(
    list=extend_schema(summary="Measurements of the indicators of published plans"),
    retrieve=extend_schema(summary="One measurement"),
)
class MeasurementViewSet(CityScopedViewSet):
    queryset = Measurement.objects.all()
    serializer_class = serializers.MeasurementSerializer
    filterset_class = filters.MeasurementFilter
    ordering_fields = ["date", "value"]
    changes_tracked_in = (Indicator,)


@extend_schema_view(
    list=extend_schema(summary="Toolbox: methods, procedures, contract templates"),
    retrieve=extend_schema(summary="One toolbox resource, by slug"),
)
class ToolboxResourceViewSet(CityScopedViewSet):
    queryset = ToolboxResource.objects.select_related("city")
    serializer_class = serializers.ToolboxResourceSerializer
    lookup_field = "slug"
    filterset_class = filters.ToolboxResourceFilter
    search_fields = ["title_it", "title_en", "description_it", "description_en"]
    ordering_fields = ["title", "kind", "updated_at"]


@extend_schema_view(
    list=extend_schema(
        summary="CSR needs of the cities, with their progress",
        description=(
            "Published needs (their priority and city published too). `pledged` and "
            "`delivered` are summed over the need's pledges. Filter by `city` (slug), "
            "`priority`, `theme` (slug), `resource_kind`, `status`, `network_wide`."
        ),
    ),
    retrieve=extend_schema(summary="One need, by slug"),
)
class NeedViewSet(CityScopedViewSet):
    queryset = Need.objects.select_related("priority__city")
    serializer_class = serializers.NeedSerializer
    lookup_field = "slug"
    filterset_class = filters.NeedFilter
    search_fields = ["title_it", "title_en", "place"]
    ordering_fields = ["deadline", "title", "updated_at"]
    changes_tracked_in = (Pledge, Priority, City)

    def get_queryset(self) -> QuerySet:
        # Summed per request, not in the class body: resolving the sum at import time
        # would run before the change history copies the pledge's fields.
        return super().get_queryset().with_progress()

    def perform_create(self, serializer) -> None:
        super().perform_create(serializer)
        serializer.instance = self.with_progress(serializer.instance)

    def perform_update(self, serializer) -> None:
        super().perform_update(serializer)
        # A new quantity may meet or reopen the need.
        need_refresh_status(need=serializer.instance)
        serializer.instance = self.with_progress(serializer.instance)

    def with_progress(self, need: Need) -> Need:
        return Need.objects.with_progress().select_related("priority__city").get(pk=need.pk)


@extend_schema_view(
    list=extend_schema(
        summary="Pledges towards published needs: quantities and dates",
        description=(
            "What was pledged and delivered for each need; who pledged is not published. "
            "Filter by `city` (slug) or `need` (slug)."
        ),
    ),
    retrieve=extend_schema(summary="One pledge"),
)
class PledgeViewSet(CityScopedViewSet):
    queryset = Pledge.objects.select_related("need__priority__city", "partnership")
    serializer_class = serializers.PledgeSerializer
    filterset_class = filters.PledgeFilter
    ordering_fields = ["pledged_on", "delivered_on"]
    changes_tracked_in = (Need,)

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().with_partnership_publicity()

    # Writes go through the pledge services, as in the workspace and the admin: the
    # same checks, the same messages, and the needs' status follows.
    def perform_create(self, serializer) -> None:
        pledge = Pledge(**serializer.validated_data)
        with transaction.atomic(), service_errors_as_400():
            pledge_create(pledge=pledge, actor=self.request.user)
            self.refuse_out_of_scope(pledge)
        serializer.instance = self.get_queryset().get(pk=pledge.pk)

    def perform_update(self, serializer) -> None:
        pledge = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(pledge, name, value)
        with transaction.atomic(), service_errors_as_400():
            pledge_update(pledge=pledge, actor=self.request.user)
            self.refuse_out_of_scope(pledge)
        serializer.instance = self.get_queryset().get(pk=pledge.pk)

    def perform_destroy(self, instance: Pledge) -> None:
        pledge_delete(pledge=instance, actor=self.request.user)
