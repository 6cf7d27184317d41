"""Endpoints of the URBACT Local Groups; scoping and publication rules live in `base`."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view

from partnerships.api.base import CityScopedViewSet
from partnerships.models import City, Partnership, Stakeholder
from ulg.api import serializers
from ulg.api.filters import MembershipFilter, SmallScaleActionFilter, UrbactLocalGroupFilter
from ulg.models import Membership, SmallScaleAction, SSAPartner, UrbactLocalGroup


@extend_schema_view(
    list=extend_schema(summary="URBACT Local Groups, with their members by sector"),
    retrieve=extend_schema(summary="One ULG"),
)
class UrbactLocalGroupViewSet(CityScopedViewSet):
    queryset = UrbactLocalGroup.objects.select_related("city").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("stakeholder"))
    )
    serializer_class = serializers.UrbactLocalGroupSerializer
    filterset_class = UrbactLocalGroupFilter
    search_fields = ["name_it", "name_en", "focus_it", "focus_en"]
    ordering_fields = ["name", "established"]
    changes_tracked_in = (Membership, Stakeholder, City)


@extend_schema_view(
    list=extend_schema(summary="Memberships of published ULGs (composition over time)"),
    retrieve=extend_schema(summary="One ULG membership"),
)
class MembershipViewSet(CityScopedViewSet):
    queryset = Membership.objects.select_related("stakeholder", "ulg")
    serializer_class = serializers.MembershipSerializer
    filterset_class = MembershipFilter
    search_fields = ["stakeholder__name"]
    ordering_fields = ["joined", "left", "id"]
    changes_tracked_in = (Stakeholder,)


@extend_schema_view(
    list=extend_schema(
        summary="Published Small-Scale Actions (pilot projects), with partners",
        description="Filter by `city` and `theme` (slugs), `status`, `year`.",
    ),
    retrieve=extend_schema(summary="One Small-Scale Action, by slug"),
)
class SmallScaleActionViewSet(CityScopedViewSet):
    queryset = SmallScaleAction.objects.with_partners()
    serializer_class = serializers.SmallScaleActionSerializer
    lookup_field = "slug"
    filterset_class = SmallScaleActionFilter
    search_fields = ["title_it", "title_en", "summary_it", "summary_en"]
    ordering_fields = ["start_date", "title", "updated_at"]
    changes_tracked_in = (SSAPartner, Stakeholder, UrbactLocalGroup)

    def get_queryset(self) -> QuerySet:
        # Of the partnerships it links to, only those the request may read.
        partnerships = self.readable(Partnership.objects.all())
        return (
            super().get_queryset().prefetch_related(Prefetch("partnerships", queryset=partnerships))
        )
