"""What every endpoint of the public API shares.

Reads: anonymous clients see published records only; a signed-in member also sees
the drafts of the cities `scope_to_user` gives them. Writes: city coordinators on
their own cities, network administrators everywhere; network-wide models
(`city_path = None`) only network administrators. Both rules come from
`partnerships.scoping`, never from a filter written here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from copy import copy

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import translation
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import filters, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.relations import ManyRelatedField, RelatedField
from rest_framework.throttling import AnonRateThrottle

from core import page_cache
from core.errors import LANGUAGE_PARAMETER, requested_language
from core.open_data import LICENCE_LINK
from partnerships.scoping import EDITORS, scope_to_user, sees_all_cities, user_city_ids


@contextmanager
def service_errors_as_400() -> Iterator[None]:
    """A service's ValidationError answers 400 with its messages, not a 500.

    (Django's PermissionDenied from a service is already a 403 in DRF.)
    """
    try:
        yield
    except DjangoValidationError as error:
        raise ValidationError(serializers.as_serializer_error(error)) from error


class CityScopedWritePermission(BasePermission):
    """Anyone reads; coordinators write in their cities; network-wide models need an admin."""

    message = _("Only city coordinators and network administrators may change records.")

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        if not user.is_authenticated:
            return False
        if view.get_serializer_class().Meta.model.city_path is None:
            return sees_all_cities(user)
        # Account managers work in the workspace; through the API only editors write.
        return sees_all_cities(user) or user_city_ids(user, EDITORS).exists()


class ApiPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request) -> int:
        # DRF silently ignores or caps a bad page_size; a client deserves to hear it was wrong.
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not value.isdigit() or not 1 <= int(value) <= self.max_page_size:
            message = _("A whole number from 1 to %(max)d.") % {"max": self.max_page_size}
            raise ValidationError({self.page_size_query_param: [message]})
        return int(value)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters


def activate_requested_language(request) -> None:
    """Answer in the language of `?lang=`, else of Accept-Language
    (`core.errors.requested_language`, which the error bodies follow too); any other
    `?lang=` value is a 400, not a silent fallback."""
    language = requested_language(request)
    if language is not None:
        translation.activate(language)
        request.LANGUAGE_CODE = language
    elif LANGUAGE_PARAMETER in request.query_params:
        raise ValidationError({LANGUAGE_PARAMETER: [_("Choose one of: it, en.")]}, code="invalid")


class AnonymousThrottle(AnonRateThrottle):
    """Reads the rate from settings at request time, so tests and deployments can change it."""

    def get_rate(self) -> str | None:
        return getattr(settings, "API_ANONYMOUS_THROTTLE_RATE", "120/minute")


ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": True,
            "description": "Field name → list of messages (400 only).",
        },
    },
    "required": ["status", "detail"],
}
ERROR_RESPONSES = {
    "400": "Invalid input: `errors` names each field and what is wrong with it.",
    "401": "Authentication required for writes (token or session).",
    "403": "Signed in, but not allowed to change this record or this city.",
    "404": "No published record (or none you may see) with this key.",
    "405": "Method not allowed on this endpoint.",
    "409": "The change conflicts with other records (e.g. still referenced).",
    "429": "Too many requests from an anonymous client; retry after the given seconds.",
}


class ApiAutoSchema(AutoSchema):
    """Documents the language switch and the JSON error bodies on every operation."""

    def get_auth(self):
        auths = super().get_auth()
        # Reads are public: say so, or clients think they need a token to read.
        if self.method in SAFE_METHODS and {} not in auths:
            auths.append({})
        return auths

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        operation.setdefault("parameters", []).append(
            {
                "name": LANGUAGE_PARAMETER,
                "in": "query",
                "required": False,
                "description": "Language of translated text (also read from Accept-Language).",
                "schema": {"type": "string", "enum": [code for code, _ in settings.LANGUAGES]},
            }
        )
        error = ResolvedComponent(
            name="Error", type=ResolvedComponent.SCHEMA, object="Error", schema=ERROR_SCHEMA
        )
        registry.register_on_missing(error)
        for status, description in ERROR_RESPONSES.items():
            operation["responses"].setdefault(
                status,
                {
                    "description": description,
                    "content": {"application/json": {"schema": error.ref}},
                },
            )
        return operation


class SourcesListField(serializers.ListField):
    """The `sources` text (one address per line) as a list of URLs."""

    child = serializers.URLField(max_length=500)

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("sources"))
        kwargs.setdefault("help_text", _("Web addresses the facts come from (Fonte / Source)."))
        super().__init__(**kwargs)

    # Stored as text, one address per line: not the list a ListField holds (override).
    def to_representation(self, value: str) -> list[str]:  # type: ignore[override]
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def to_internal_value(self, data) -> str:  # type: ignore[override]
        return "\n".join(super().to_internal_value(data))


class ReadsPrefetched:
    """A relation field read from the list a `Prefetch(to_attr=prefetched_as)` left on
    the record (an endpoint's read queryset), else from the relation itself (a record
    just written). Writes, labels and the schema are the field's own."""

    def __init__(self, *args, prefetched_as: str, **kwargs) -> None:
        self.prefetched_as = prefetched_as
        super().__init__(*args, **kwargs)

    def get_attribute(self, instance):
        if hasattr(instance, self.prefetched_as):
            return getattr(instance, self.prefetched_as)
        return super().get_attribute(instance)


class PrefetchedManyRelatedField(ReadsPrefetched, serializers.ManyRelatedField):
    """`SomeRelatedField(many=True)`, read from a prefetched list: give the child as
    `child_relation`."""


class PrefetchedListSerializer(ReadsPrefetched, serializers.ListSerializer):
    """`SomeSerializer(many=True)`, read from a prefetched list: give it as `child`."""


class CityScopedSerializer(serializers.ModelSerializer):
    """A writer may only link records of the cities they write for; constraints give 400s.

    `unscoped_relations` lists relations that may point to any city (e.g. the
    cities taking part in a network event).
    """

    unscoped_relations: tuple[str, ...] = ()

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None or request.method in SAFE_METHODS:
            return fields
        for name, field in fields.items():
            relation = field.child_relation if isinstance(field, ManyRelatedField) else field
            if (
                isinstance(relation, RelatedField)
                and not relation.read_only
                and name not in self.unscoped_relations
            ):
                relation.queryset = scope_to_user(relation.queryset, request.user, EDITORS)
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        # The database check constraints (dates in order, non-negative amounts…)
        # checked here, so a bad value is a 400 with the field, not an IntegrityError.
        candidate = copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            if not model._meta.get_field(name).many_to_many:
                setattr(candidate, name, value)
        try:
            candidate.validate_constraints()
        except DjangoValidationError as error:
            raise ValidationError(serializers.as_serializer_error(error)) from error
        return attrs


class CityScopedViewSet(viewsets.ModelViewSet):
    """Published records for everyone, scoped drafts and writes for the network's staff.

    Subclasses set `queryset` (with the select/prefetch the serializer needs),
    `serializer_class`; what is public is the model's own `public()` (its
    publication parents), never decided here. `changes_tracked_in` lists the
    models whose change history decides Last-Modified.
    """

    permission_classes = [CityScopedWritePermission]
    pagination_class = ApiPagination
    throttle_classes = [AnonymousThrottle]
    filter_backends = [DjangoFilterBackend, filters.SearchFilter, filters.OrderingFilter]
    schema = ApiAutoSchema()
    changes_tracked_in: tuple[type[models.Model], ...] = ()

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        user = self.request.user
        if self.request.method not in SAFE_METHODS:
            return scope_to_user(queryset, user, EDITORS)
        return self.readable(queryset)

    def readable(self, queryset: QuerySet) -> QuerySet:
        """What this request may read of `queryset`: the public records and, for a signed-in
        member, their cities' drafts. For the records served and for the records they
        link to (a draft's slug may name a private proposer)."""
        user = self.request.user
        if not user.is_authenticated:
            return queryset.public()
        model = queryset.model
        return queryset.filter(
            Q(pk__in=model.objects.public().values("pk"))
            | Q(pk__in=scope_to_user(model.objects.all(), user).values("pk"))
        )

    def initial(self, request, *args, **kwargs) -> None:
        activate_requested_language(request)
        super().initial(request, *args, **kwargs)

    def perform_create(self, serializer) -> None:
        with transaction.atomic():
            self.refuse_out_of_scope(serializer.save())

    def perform_update(self, serializer) -> None:
        with transaction.atomic():
            self.refuse_out_of_scope(serializer.save())

    def refuse_out_of_scope(self, instance: models.Model) -> None:
        """Undo a write that leaves the record outside the writer's cities."""
        saved = type(instance).objects.filter(pk=instance.pk)
        if not scope_to_user(saved, self.request.user, EDITORS).exists():
            raise PermissionDenied(_("You may only create or move records within your cities."))

    def last_modified(self):
        latest = [
            model.history.aggregate(latest=Max("history_date"))["latest"]
            for model in (self.get_serializer_class().Meta.model, *self.changes_tracked_in)
        ]
        latest = [moment for moment in latest if moment is not None]
        return max(latest) if latest else None

    # Anonymous reads are answered from the page cache (core/page_cache.py): here, not
    # in its middleware, so the anonymous throttle (in `initial`) has counted the request.
    served_from_cache = False
    keep_as: tuple[str, int | None] | None = None

    def list(self, request, *args, **kwargs):
        return self.shared_answer(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self.shared_answer(super().retrieve, request, *args, **kwargs)

    def shared_answer(self, build, request, *args, **kwargs):
        key = page_cache.shared_key(request._request)
        if key is None:
            return build(request, *args, **kwargs)
        cached, version = page_cache.cached_answer(key)
        if cached is not None:
            self.served_from_cache = True
            return cached
        if request.method == "GET":
            self.keep_as = (key, version)
        return build(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        # The open data's licence, stated on every read as on the files (RFC 8288).
        response["Link"] = LICENCE_LINK
        if self.served_from_cache:
            etag = response["ETag"]
            timestamp = parse_http_date_safe(response.get("Last-Modified", ""))
        else:
            # ETag from the bytes sent: it changes with language, page and any nested record.
            response.render()
            etag = quote_etag(hashlib.sha256(response.content).hexdigest())
            response["ETag"] = etag
            last_modified = self.last_modified()
            timestamp = int(last_modified.timestamp()) if last_modified else None
            if timestamp is not None:
                response["Last-Modified"] = http_date(timestamp)
            if self.keep_as is not None:
                page_cache.keep_answer(*self.keep_as, response)
        return get_conditional_response(
            request._request, etag=etag, last_modified=timestamp, response=response
        )
