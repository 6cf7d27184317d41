"""Who sees what: the one place the per-city rule lives.

Every admin, workspace view, API view and `QuerySet.for_user` goes through
`scope_to_user`. A model takes part by declaring `city_path`, the ORM lookup from
the model to its `City` ("pk" for City itself, "stakeholder__city" for a contact,
None for network-wide models that only network administrators may change).
A model without `city_path` at all (users, groups, API tokens) is not city data: a
user sees the users holding a role in one of their cities, and nothing else of it.
Simple-history rows are scoped like the records they keep.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from core.audit import audit

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

# Marks a model that declares no `city_path`: it is not city data at all.
NOT_CITY_DATA = object()

_QS = TypeVar("_QS", bound=QuerySet[Any])


def city_path_of(model: type[Model]) -> Any:
    """The lookup from `model` to its City; None if network-wide, NOT_CITY_DATA if neither.

    A simple-history historical model is scoped like the model it records.
    """
    model = getattr(model, "instance_type", model)
    return getattr(model, "city_path", NOT_CITY_DATA)


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


def scope_to_user(queryset: _QS, user: AbstractBaseUser | AnonymousUser, roles=None) -> _QS:
    """Restrict `queryset` to the records of the cities `user` works on.

    `roles` narrows the cities to those where the user holds one of these roles
    (the API lets coordinators write, not account managers).
    """
    if sees_all_cities(user):
        return queryset
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    city_path = city_path_of(queryset.model)
    if city_path is NOT_CITY_DATA:
        return _scope_people(queryset, user)
    if city_path is None:
        # Network-wide records: readable by every signed-in member of the network.
        return queryset
    return queryset.filter(**{f"{_lookup(queryset, city_path)}__in": user_city_ids(user, roles)})


def in_city(queryset: _QS, city_id: int) -> _QS:
    """Restrict `queryset` to one city's records; records of no city (network-wide, or
    not city data) are left as they are."""
    city_path = city_path_of(queryset.model)
    if city_path is NOT_CITY_DATA or city_path is None:
        return queryset
    return queryset.filter(**{_lookup(queryset, city_path): city_id})


def _lookup(queryset: QuerySet, city_path: str) -> str:
    if city_path == "pk" and hasattr(queryset.model, "instance_type"):
        # A city's history rows: their own pk is the history id, the city's is "id".
        return str(queryset.model.instance_type._meta.pk.attname)
    return city_path


def _scope_people(queryset: _QS, user: AbstractBaseUser) -> _QS:
    """Users are listed to the people they work with: those holding a role in a shared city."""
    from django.contrib.auth import get_user_model

    if queryset.model is get_user_model():
        return queryset.filter(city_roles__city__in=user_city_ids(user)).distinct()
    return queryset.none()


def city_id_of(instance: Model) -> int | None:
    """The id of the City `instance` belongs to, read from the instance (also unsaved).

    None for network-wide records and for records not (yet) attached to a city.
    """
    city_path = city_path_of(type(instance))
    if city_path is None or city_path is NOT_CITY_DATA:
        return None
    if city_path == "pk":
        return instance.pk
    *hops, last = city_path.split("__")
    target = instance
    for hop in hops:
        target = getattr(target, hop, None)
        if target is None:
            return None
    return getattr(target, f"{last}_id", None)


# --- who may act ----------------------------------------------------------------
# Named role sets: the one place that says which roles may do what in a city.
# Network administrators and superusers hold every role in every city.
COORDINATOR = "coordinator"  # CityRole.Role.COORDINATOR (models may not be loaded yet)
ACCOUNT_MANAGER = "account_manager"  # CityRole.Role.ACCOUNT_MANAGER
# Work a city's records: admin, workspace, needs and pledges.
ENGAGEMENT = (COORDINATOR, ACCOUNT_MANAGER)
# Write through the API and manage personal data (export, erase): coordinators only.
EDITORS = (COORDINATOR,)


def has_city_role(
    user: AbstractBaseUser | AnonymousUser, city_id: int | None, roles: tuple[str, ...]
) -> bool:
    """Whether `user` holds one of `roles` in the city `city_id`."""
    if sees_all_cities(user):
        return True
    if city_id is None or not user.is_authenticated or not user.is_active:
        return False
    return user_city_ids(user, roles).filter(city=city_id).exists()


def require_city_role(
    user: AbstractBaseUser | AnonymousUser, city_id: int | None, roles: tuple[str, ...]
) -> None:
    """Raise PermissionDenied (and audit it) unless `user` holds one of `roles` in the city.

    Services call it even when the view checked already, so a command or an API
    path cannot skip the rule.
    """
    from partnerships.models import City

    if not has_city_role(user, city_id, roles):
        audit(
            "permission denied",
            level=logging.WARNING,
            user=user,
            city=City.objects.filter(pk=city_id).values_list("slug", flat=True).first(),
        )
        raise PermissionDenied(_("You do not work on this city."))


def may_change_network_data(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Network-wide records (the network, themes, SDGs) and people: network administrators only."""
    return sees_all_cities(user)
