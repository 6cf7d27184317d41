"""Endpoints of the network's records; who may see and change what is in `base`."""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import SAFE_METHODS

from partnerships.api import filters, serializers
from partnerships.api.base import CityScopedViewSet
from partnerships.models import (
    City,
    NetworkEvent,
    Participation,
    Partnership,
    Stakeholder,
    Theme,
)


@extend_schema_view(
    list=extend_schema(summary="Cities of the network"),
    retrieve=extend_schema(summary="One city, by slug"),
)
class CityViewSet(CityScopedViewSet):
    queryset = City.objects.all()
    serializer_class = serializers.CitySerializer
    lookup_field = "slug"
    filterset_class = filters.CityFilter
    search_fields = ["name", "csr_focus_it", "csr_focus_en"]
    ordering_fields = ["name", "country"]


@extend_schema_view(
    list=extend_schema(summary="CSR themes (a shared vocabulary, all public)"),
    retrieve=extend_schema(summary="One theme, by slug"),
)
class ThemeViewSet(CityScopedViewSet):
    queryset = Theme.objects.all()
    serializer_class = serializers.ThemeSerializer
    lookup_field = "slug"
    search_fields = ["name_it", "name_en"]
    ordering_fields = ["name"]


@extend_schema_view(
    list=extend_schema(summary="Organisations that agreed to be listed publicly"),
    retrieve=extend_schema(summary="One organisation, by slug"),
)
class StakeholderViewSet(CityScopedViewSet):
    queryset = Stakeholder.objects.select_related("city")
    serializer_class = serializers.StakeholderSerializer
    lookup_field = "slug"
    filterset_class = filters.StakeholderFilter
    search_fields = ["name", "description_it", "description_en"]
    ordering_fields = ["name", "kind"]
    changes_tracked_in = (City,)


PARTNERSHIP_EXAMPLE = OpenApiExample(
    "A partnership",
    response_only=True,
    value={
        "id": 1,
        "slug": "scuole-aperte",
        "title": "Scuole aperte",
        "city": "milano",
        "themes": ["school-poverty"],
        "status": "active",
        "participations": [
            {
                "stakeholder": "fondazione-esempio",
                "stakeholder_name": "Fondazione Esempio",
                "stakeholder_kind": "foundation",
                "role": "funder",
                "contribution": "",
                "amount_eur": None,
            }
        ],
    },
)


@extend_schema_view(
    list=extend_schema(
        summary="Published partnerships, with their partners and roles",
        description=(
            "Filter like the public list: `city` and `theme` (slugs), `status`, `year` "
            "(running in that year), `kind` (kind of a partner organisation). "
            "`search` looks in titles, summaries and partner names; `ordering` by "
            "`start_date`, `title` or `updated_at` (prefix `-` to reverse)."
        ),
        examples=[PARTNERSHIP_EXAMPLE],
    ),
    retrieve=extend_schema(summary="One partnership, by slug", examples=[PARTNERSHIP_EXAMPLE]),
)
class PartnershipViewSet(CityScopedViewSet):
    queryset = Partnership.objects.select_related("city")
    serializer_class = serializers.PartnershipSerializer
    lookup_field = "slug"
    filterset_class = filters.PartnershipFilter
    # `search` is the public list's search (PartnershipFilter), not DRF's SearchFilter:
    # the same words find the same partnerships, with no join + DISTINCT over partners.
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["start_date", "title", "updated_at"]
    changes_tracked_in = (Participation, Stakeholder, Theme, City)

    def get_queryset(self) -> QuerySet[Partnership]:
        queryset = super().get_queryset()
        # A read's links as light lists; a write answers with the relations it saved.
        if self.request.method in SAFE_METHODS:
            return queryset.with_partner_summaries()
        return queryset


@extend_schema_view(
    list=extend_schema(summary="Who took part in which published partnership, in what role"),
    retrieve=extend_schema(summary="One participation"),
)
class ParticipationViewSet(CityScopedViewSet):
    queryset = Participation.objects.select_related("partnership__city", "stakeholder")
    serializer_class = serializers.ParticipationSerializer
    filterset_class = filters.ParticipationFilter
    search_fields = ["stakeholder__name", "partnership__title_it", "partnership__title_en"]
    ordering_fields = ["id", "amount_eur"]
    changes_tracked_in = (Partnership, Stakeholder)


@extend_schema_view(
    list=extend_schema(summary="Transnational meetings, CSR academies and other network events"),
    retrieve=extend_schema(summary="One network event"),
)
class NetworkEventViewSet(CityScopedViewSet):
    queryset = NetworkEvent.objects.select_related("host_city").prefetch_related(
        "participating_cities"
    )
    serializer_class = serializers.NetworkEventSerializer
    filterset_class = filters.NetworkEventFilter
    search_fields = ["title_it", "title_en", "topic_it", "topic_en"]
    ordering_fields = ["start_date", "title"]
    changes_tracked_in = (City,)
