"""`/api/v1/search/?q=`: the site-wide search (`portal/search.py`) as JSON.

Public records only, for everyone: a signed-in member's drafts stay in the endpoints
of their own records. Throttled, paged and language-switched like every endpoint.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerships.api.base import (
    AnonymousThrottle,
    ApiAutoSchema,
    ApiPagination,
    activate_requested_language,
)
from portal import search


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.CharField(source="kind.key", help_text="One of the `kind` values.")
    kind_label = serializers.CharField(source="kind.label")
    title = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The record's public page.")
    city = serializers.CharField(source="city.name", allow_null=True, default=None)
    city_slug = serializers.CharField(source="city.slug", allow_null=True, default=None)
    snippet = serializers.CharField(
        help_text="HTML: the record's text around the words found, each in <mark>; "
        "everything else escaped."
    )
    rank = serializers.FloatField(help_text="Relevance; results come best first.")

    def get_url(self, hit: search.Hit) -> str:
        return self.context["request"].build_absolute_uri(hit.url)


class FacetSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="The value to pass as `kind` or `city`.")
    label = serializers.CharField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    kinds = FacetSerializer(many=True, help_text="Results per kind, within the other filters.")
    cities = FacetSerializer(many=True, help_text="Results per city, within the other filters.")
    themes = FacetSerializer(many=True, help_text="Results per theme, within the other filters.")


class SearchPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SearchHitSerializer(many=True)
    facets = FacetsSerializer()


class SearchView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AnonymousThrottle]
    schema = ApiAutoSchema()

    def initial(self, request, *args, **kwargs) -> None:
        activate_requested_language(request)
        super().initial(request, *args, **kwargs)

    @extend_schema(
        operation_id="search",
        summary="Search every public record",
        description=(
            "Partnerships, cities, listed organisations, needs, small-scale actions, IAPs "
            "and their actions, toolbox resources and network events, published ones only. "
            "Full-text on PostgreSQL (Italian and English stemming), accent- and "
            "case-insensitive; best first."
        ),
        parameters=[
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                required=True,
                pattern=r"\w",  # at least one letter or digit: punctuation alone is a 400
                description="Words to find (at least one letter or digit).",
            ),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=[kind.key for kind in search.KINDS]),
            OpenApiParameter("city", OpenApiTypes.STR, description="A city's slug."),
            OpenApiParameter("theme", OpenApiTypes.STR, description="A theme's slug."),
            OpenApiParameter("page", {"type": "integer", "minimum": 1}),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1, "maximum": ApiPagination.max_page_size},
            ),
        ],
        responses={200: SearchPageSerializer},
    )
    def get(self, request: Request) -> Response:
        query = request.query_params.get("q", "")
        kind = request.query_params.get("kind", "")
        if not search.words_of(query):
            raise ValidationError({"q": [_("Type at least one word.")]})
        if kind and kind not in search.KINDS_BY_KEY:
            kinds = ", ".join(search.KINDS_BY_KEY)
            raise ValidationError({"kind": [_("Choose one of: %(kinds)s.") % {"kinds": kinds}]})
        results = search.search(
            query,
            kind=kind,
            city=request.query_params.get("city", ""),
            theme=request.query_params.get("theme", ""),
        )
        paginator = ApiPagination()
        matches = paginator.paginate_queryset(results.matches, request, view=self) or []
        page = paginator.get_paginated_response(
            SearchHitSerializer(
                search.hits(matches, results.query), many=True, context={"request": request}
            ).data
        ).data
        page["facets"] = FacetsSerializer(
            {
                "kinds": results.kind_facets,
                "cities": results.city_facets,
                "themes": results.theme_facets,
            }
        ).data
        return Response(page)
