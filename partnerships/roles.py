"""The three roles of `CityRole` and the Django groups that carry their model permissions.

A role is two things: a `CityRole` row says *where* (which cities), the matching group
says *what* (which models may be viewed, added, changed, deleted). The permissions are
derived from each model's `city_path`, so a model added later gets the right
permissions at the next `migrate` without a new migration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from partnerships.models import City, CityRole
from partnerships.scoping import NOT_CITY_DATA, city_path_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

ROLE_GROUP_NAMES: dict[str, str] = {
    CityRole.Role.NETWORK_ADMIN: "Network administrators",
    CityRole.Role.COORDINATOR: "City coordinators",
    CityRole.Role.ACCOUNT_MANAGER: "Account managers",
}
DOMAIN_APPS = ("partnerships", "ulg", "iap")
ALL = frozenset({"view", "add", "change", "delete"})
VIEW = frozenset({"view"})

# What an account manager works on besides reading: the organisations they follow,
# their people, the log of contacts, and the proposals assigned to them.
ACCOUNT_MANAGER_WRITES = {
    "partnerships.stakeholder": frozenset({"view", "add", "change"}),
    "partnerships.contact": ALL,
    "partnerships.interaction": ALL,
    "partnerships.proposal": frozenset({"view", "change"}),
}
# A coordinator edits their city's page but neither creates nor deletes cities,
# and sees (not grants) who holds a role in their city.
COORDINATOR_LIMITS = {
    "partnerships.city": frozenset({"view", "change"}),
    "partnerships.cityrole": VIEW,
}


def role_actions(model: type[models.Model], role: str) -> frozenset[str]:
    """The admin actions (view/add/change/delete) `role` may take on `model`."""
    label = model._meta.label_lower
    city_path = city_path_of(model)
    if role == CityRole.Role.NETWORK_ADMIN:
        if model._meta.app_label in DOMAIN_APPS:
            return ALL
        # Network administrators manage users (and their roles), not groups or tokens.
        return frozenset({"view", "add", "change"}) if label == "auth.user" else frozenset()
    if model._meta.app_label not in DOMAIN_APPS or city_path is NOT_CITY_DATA:
        return frozenset()
    if city_path is None:
        return VIEW
    if role == CityRole.Role.COORDINATOR:
        return COORDINATOR_LIMITS.get(label, ALL)
    return ACCOUNT_MANAGER_WRITES.get(label, VIEW)


def _permission_models() -> list[type[models.Model]]:
    # Historical (simple-history) models are reached through the history view of
    # the model they record; they need no permissions of their own.
    return [model for model in apps.get_models() if not hasattr(model, "instance_type")]


def sync_role_groups(**kwargs) -> None:
    """Create the role groups and give each exactly the permissions of its role. Idempotent.

    Also the `post_migrate` receiver (hence **kwargs), so new models are covered.
    Django creates permissions after migrating, app by app; they are created here
    first so that the ones of every app exist when the groups are filled.
    """
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)
    permission_models = _permission_models()
    content_types = ContentType.objects.get_for_models(*permission_models)
    permissions = {
        (perm.content_type_id, perm.codename): perm
        for perm in Permission.objects.filter(content_type__in=content_types.values())
    }
    for role, group_name in ROLE_GROUP_NAMES.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        wanted = []
        for model in permission_models:
            content_type = content_types[model]
            for action in role_actions(model, role):
                codename = f"{action}_{model._meta.model_name}"
                if (content_type.pk, codename) in permissions:
                    wanted.append(permissions[content_type.pk, codename])
        group.permissions.set(wanted)


def role_group(role: str) -> Group:
    group, created = Group.objects.get_or_create(name=ROLE_GROUP_NAMES[role])
    if created:
        # The groups were removed since the last migrate (by hand, or a flushed test
        # database): give them back their permissions.
        sync_role_groups()
        group.refresh_from_db()
    return group


@transaction.atomic
def city_role_grant(*, user: AbstractBaseUser, city: City | None, role: str) -> CityRole:
    """Give `user` `role` in `city` (None: all cities, network administrators only).

    The user also joins the role's group and may sign in to the admin.
    """
    if role not in ROLE_GROUP_NAMES:
        raise ValidationError(_("Unknown role “%(role)s”.") % {"role": role})
    if role == CityRole.Role.NETWORK_ADMIN and city is not None:
        raise ValidationError(_("A network administrator works on all cities: give no city."))
    if role != CityRole.Role.NETWORK_ADMIN and city is None:
        raise ValidationError(_("A city coordinator or account manager needs a city."))
    city_role, _created = CityRole.objects.get_or_create(user=user, city=city, role=role)
    user.groups.add(role_group(role))
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return city_role


@transaction.atomic
def city_role_revoke(*, city_role: CityRole) -> None:
    """Take a role away; the user leaves the role's group when no city is left for that role."""
    user, role = city_role.user, city_role.role
    city_role.delete()
    if not CityRole.objects.filter(user=user, role=role).exists():
        user.groups.remove(role_group(role))
