"""Who sees what: the one place the per-city rule lives.

Every admin, workspace view, API view and `QuerySet.for_user` goes through
`scope_to_user`. A model takes part by declaring `city_path`, the ORM lookup from
the model to its `City` ("pk" for City itself, "stakeholder__city" for a contact,
None for network-wide models that only network administrators may change).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def sees_all_cities(user: AbstractBaseUser | AnonymousUser) -> bool:
    from partnerships.models import CityRole

    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return CityRole.objects.filter(user=user, role=CityRole.Role.NETWORK_ADMIN).exists()


def user_city_ids(user: AbstractBaseUser | AnonymousUser, roles=None) -> QuerySet:
    """The ids of the cities a user holds a role in, as a subquery."""
    from partnerships.models import City, CityRole

    if sees_all_cities(user):
        return City.objects.values("pk")
    if not user.is_authenticated:
        return City.objects.none().values("pk")
    city_roles = CityRole.objects.filter(user=user, city__isnull=False)
    if roles:
        city_roles = city_roles.filter(role__in=roles)
    return city_roles.values("city")


def scope_to_user(
    queryset: QuerySet, user: AbstractBaseUser | AnonymousUser, roles=None
) -> QuerySet:
    """Restrict `queryset` to the records of the cities `user` works on.

    `roles` narrows the cities to those where the user holds one of these roles
    (the API lets coordinators write, not account managers).
    """
    if sees_all_cities(user):
        return queryset
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    city_path = queryset.model.city_path
    if city_path is None:
        # Network-wide records: readable by every signed-in member of the network.
        return queryset
    return queryset.filter(**{f"{city_path}__in": user_city_ids(user, roles)})
