"""What the admin index shows a signed-in user about their cities.

Counts by publication status, partnerships by status per city, drafts waiting for
publication and recent changes (from the change history), all through `scope_to_user`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib import admin
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Model, Q
from django.urls import reverse

from partnerships.models import City, Partnership, PublicationStatus, Publishable
from partnerships.scoping import NOT_CITY_DATA, city_path_of, scope_to_user, sees_all_cities

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

RECENT_CHANGES = 10
DRAFTS_SHOWN = 10


@dataclass(frozen=True)
class PublicationCounts:
    name: str
    changelist_url: str
    drafts: int
    published: int


@dataclass(frozen=True)
class RecentChange:
    when: datetime
    kind: str  # "+", "~" or "-": created, changed, deleted
    model_name: str
    record: str
    user: str
    url: str | None


def _admin_url(model: type[Model], view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _city_models(user: AbstractBaseUser) -> list[type[Model]]:
    """The registered models of city data the user may view, in admin order."""
    return [
        model
        for model in admin.site._registry
        if city_path_of(model) not in (None, NOT_CITY_DATA)
        and user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ]


def publication_counts(user: AbstractBaseUser) -> list[PublicationCounts]:
    rows = []
    for model in _city_models(user):
        if not issubclass(model, Publishable):
            continue
        counts = scope_to_user(model._default_manager.all(), user).aggregate(
            drafts=Count("pk", filter=Q(publication_status=PublicationStatus.DRAFT)),
            published=Count("pk", filter=Q(publication_status=PublicationStatus.PUBLISHED)),
        )
        rows.append(
            PublicationCounts(
                name=str(model._meta.verbose_name_plural),
                changelist_url=_admin_url(model, "changelist"),
                **counts,
            )
        )
    return rows


def partnerships_by_city(user: AbstractBaseUser) -> list[dict]:
    """One row per city of the user: its partnerships counted by status and drafts."""
    counts = (
        scope_to_user(Partnership.objects.all(), user)
        .order_by()
        .values("city")
        .annotate(
            planned=Count("pk", filter=Q(status=Partnership.Status.PLANNED)),
            active=Count("pk", filter=Q(status=Partnership.Status.ACTIVE)),
            completed=Count("pk", filter=Q(status=Partnership.Status.COMPLETED)),
            drafts=Count("pk", filter=Q(publication_status=PublicationStatus.DRAFT)),
            total=Count("pk"),
        )
    )
    by_city = {row.pop("city"): row for row in counts}
    empty = {"planned": 0, "active": 0, "completed": 0, "drafts": 0, "total": 0}
    return [
        {"city": city, **by_city.get(city.pk, empty)}
        for city in scope_to_user(City.objects.order_by("name"), user)
    ]


def drafts_waiting(user: AbstractBaseUser, counts: list[PublicationCounts]) -> list[dict]:
    """The most recent drafts of the user's cities, with a link to publish them."""
    waiting_names = {row.name for row in counts if row.drafts}
    drafts = []
    for model in _city_models(user):
        if str(model._meta.verbose_name_plural) not in waiting_names:
            continue
        records = scope_to_user(model._default_manager.all(), user).filter(
            publication_status=PublicationStatus.DRAFT
        )
        for record in records.order_by("-pk")[:DRAFTS_SHOWN]:
            drafts.append(
                {
                    "model_name": model._meta.verbose_name,
                    "record": str(record),
                    "url": _admin_url(model, "change", record.pk),
                    "pk": record.pk,
                }
            )
    return drafts[:DRAFTS_SHOWN]


def _describe(instance: Model) -> str:
    try:
        return str(instance)
    except ObjectDoesNotExist:
        # The text of a record may name related records deleted since.
        return f"{instance._meta.verbose_name} #{instance.pk}"


def recent_changes(user: AbstractBaseUser) -> list[RecentChange]:
    """The latest changes by anyone to the user's cities' records, newest first."""
    changes = []
    for model in _city_models(user):
        if not hasattr(model, "history"):
            continue
        history = scope_to_user(model.history.all(), user)
        for record in history.select_related("history_user").order_by("-history_date")[
            :RECENT_CHANGES
        ]:
            changes.append(
                RecentChange(
                    when=record.history_date,
                    kind=record.history_type,
                    model_name=str(model._meta.verbose_name),
                    record=_describe(record.instance),
                    user=str(record.history_user or "—"),
                    url=None
                    if record.history_type == "-"
                    else _admin_url(model, "history", record.instance.pk),
                )
            )
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes[:RECENT_CHANGES]


def dashboard_for(user: AbstractBaseUser) -> dict:
    counts = publication_counts(user)
    return {
        "all_cities": sees_all_cities(user),
        "publication_counts": counts,
        "partnerships_by_city": partnerships_by_city(user),
        "drafts_waiting": drafts_waiting(user, counts),
        "recent_changes": recent_changes(user),
    }
