"""How many confirmed subscribers follow each city and theme: the admin dashboard's
figures. Counts only, through the one city scoping: a coordinator sees their cities."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count

from partnerships.models import City, Theme
from partnerships.scoping import user_city_ids
from portal.models import Subscription

# A subscription reaches its city through what it follows.
_CITY_LOOKUPS = ("city", "partnership__city", "need__priority__city")


@dataclass(frozen=True)
class SubscriberCounts:
    by_city: list[tuple[City, int]]
    by_theme: list[tuple[Theme, int]]
    needs_board: int


def subscriber_counts(user: AbstractBaseUser | AnonymousUser) -> SubscriberCounts:
    cities = City.objects.filter(pk__in=user_city_ids(user)).order_by("name")
    if not cities.exists():
        return SubscriberCounts([], [], 0)
    confirmed = Subscription.objects.confirmed()
    per_city: Counter[int] = Counter()
    for lookup in _CITY_LOOKUPS:
        rows = confirmed.filter(**{f"{lookup}__in": cities}).values(lookup).annotate(n=Count("pk"))
        per_city.update({row[lookup]: row["n"] for row in rows})
    per_theme = dict(
        confirmed.exclude(theme=None)
        .values_list("theme")
        .annotate(n=Count("pk"))
        .values_list("theme", "n")
    )
    return SubscriberCounts(
        by_city=[(city, per_city[city.pk]) for city in cities],
        by_theme=[(theme, per_theme.get(theme.pk, 0)) for theme in Theme.objects.order_by("name")],
        needs_board=confirmed.filter(kind=Subscription.Kind.NEEDS_BOARD).count(),
    )
