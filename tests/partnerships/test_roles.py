"""Roles: the groups a fresh database has, `grant_city_role`, and the role services."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import translation

from partnerships.models import CityRole
from partnerships.roles import ROLE_GROUP_NAMES, city_role_revoke
from portal.demo.factories import PartnershipFactory, StakeholderFactory, UserFactory
from tests.admin_support import admin_url


def group_permissions(role: str) -> set[str]:
    group = Group.objects.get(name=ROLE_GROUP_NAMES[role])
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


@pytest.mark.django_db
def test_fresh_database_has_a_group_per_role_with_its_permissions():
    coordinator = group_permissions(CityRole.Role.COORDINATOR)
    manager = group_permissions(CityRole.Role.ACCOUNT_MANAGER)
    network_admin = group_permissions(CityRole.Role.NETWORK_ADMIN)

    assert {"partnerships.change_partnership", "ulg.delete_meeting", "iap.add_need"} <= coordinator
    assert "partnerships.view_theme" in coordinator
    assert not {"partnerships.change_theme", "partnerships.add_city"} & coordinator
    assert "partnerships.change_city" in coordinator
    assert {"partnerships.change_stakeholder", "partnerships.add_interaction"} <= manager
    assert "partnerships.change_partnership" not in manager
    assert {"partnerships.change_theme", "partnerships.add_city", "auth.change_user"} <= (
        network_admin
    )
    assert not any(
        codename.split(".")[1].startswith(("add_historical", "view_historical"))
        for codename in network_admin
    )


def test_grant_city_role_makes_a_coordinator_of_a_city(milan):
    user = UserFactory(username="giulia", is_staff=False)

    call_command("grant_city_role", "giulia", "milano", "coordinator")

    user.refresh_from_db()
    assert CityRole.objects.filter(user=user, city=milan, role="coordinator").exists()
    assert user.groups.filter(name=ROLE_GROUP_NAMES["coordinator"]).exists()
    assert user.is_staff
    assert user.has_perm("partnerships.change_partnership")


@pytest.mark.parametrize("all_cities", ["-", "all"])
def test_grant_city_role_network_admin_takes_dash_or_all(db, all_cities):
    user = UserFactory(username="lead")

    call_command("grant_city_role", "lead", all_cities, "network_admin")

    assert CityRole.objects.filter(user=user, city=None, role="network_admin").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("nobody", "milano", "coordinator"), "nobody"),
        (("giulia", "atlantis", "coordinator"), "atlantis"),
        (("giulia", "milano", "mayor"), "mayor"),
        (("giulia", "milano", "network_admin"), "all cities"),
        (("giulia", "-", "coordinator"), "needs a city"),
    ],
)
def test_grant_city_role_names_what_is_wrong(milan, arguments, message):
    UserFactory(username="giulia")

    with translation.override("en"), pytest.raises(CommandError, match=message):
        call_command("grant_city_role", *arguments)

    assert not CityRole.objects.exists()


def test_grant_city_role_twice_keeps_one_role(milan):
    UserFactory(username="giulia")

    call_command("grant_city_role", "giulia", "milano", "coordinator")
    call_command("grant_city_role", "giulia", "milano", "coordinator")

    assert CityRole.objects.count() == 1


def test_revoking_the_last_role_of_a_kind_leaves_the_group(coordinator, milan, sofia):
    role_in_milan = CityRole.objects.get(user=coordinator)
    role_in_sofia = CityRole.objects.create(user=coordinator, city=sofia, role="coordinator")
    group = ROLE_GROUP_NAMES["coordinator"]

    city_role_revoke(city_role=role_in_sofia)
    assert coordinator.groups.filter(name=group).exists()
    city_role_revoke(city_role=role_in_milan)
    assert not coordinator.groups.filter(name=group).exists()


def test_network_admin_grants_a_role_in_the_admin_and_the_user_joins_the_group(
    client, network_admin, milan
):
    user = UserFactory(username="newcomer", is_staff=False)
    client.force_login(network_admin)

    response = client.post(
        admin_url(CityRole, "add"), {"user": user.pk, "city": milan.pk, "role": "account_manager"}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_staff
    assert user.groups.filter(name=ROLE_GROUP_NAMES["account_manager"]).exists()


def test_coordinator_sees_but_cannot_grant_roles(client, coordinator, milan):
    client.force_login(coordinator)

    assert client.get(admin_url(CityRole, "changelist")).status_code == 200
    assert client.get(admin_url(CityRole, "add")).status_code == 403


def test_account_manager_reads_partnerships_and_edits_stakeholders_of_the_city(
    client, account_manager, milan
):
    partnership = PartnershipFactory(city=milan)
    stakeholder = StakeholderFactory(city=milan)
    client.force_login(account_manager)

    assert client.get(admin_url(partnership, "change")).status_code == 200  # read-only view
    assert client.post(admin_url(partnership, "change"), {}).status_code == 403
    assert client.get(admin_url(partnership, "delete")).status_code == 403
    stakeholder_page = client.get(admin_url(stakeholder, "change"))
    assert stakeholder_page.context["has_change_permission"]
    assert client.get(admin_url(stakeholder, "delete")).status_code == 403
