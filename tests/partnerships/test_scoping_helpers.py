"""The scoping helpers the admin relies on: history rows, users, a record's city."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from partnerships.models import City, Contact, Partnership
from partnerships.scoping import (
    EDITORS,
    ENGAGEMENT,
    city_id_of,
    has_city_role,
    require_city_role,
    scope_to_user,
)
from portal.demo.factories import (
    CityRoleFactory,
    ContactFactory,
    PartnershipFactory,
    StakeholderFactory,
)


def test_history_rows_of_another_city_are_not_seen(coordinator, milan, sofia):
    own = PartnershipFactory(city=milan)
    PartnershipFactory(city=sofia)

    rows = scope_to_user(Partnership.history.all(), coordinator)

    assert {row.id for row in rows} == {own.pk}


def test_history_rows_of_cities_follow_the_city_not_the_history_id(coordinator, milan, sofia):
    milan.save()  # a second history row, so history ids and city ids differ

    rows = scope_to_user(City.history.all(), coordinator)

    assert {row.id for row in rows} == {milan.pk}
    assert rows.count() == 2


def test_users_are_seen_only_when_they_share_a_city(coordinator, milan, sofia):
    colleague = CityRoleFactory(city=milan, role="account_manager").user
    stranger = CityRoleFactory(city=sofia).user

    users = scope_to_user(get_user_model().objects.all(), coordinator)

    assert colleague in users
    assert coordinator in users
    assert stranger not in users


def test_city_of_an_unsaved_record_is_read_through_its_path(milan):
    contact = Contact(stakeholder=StakeholderFactory(city=milan), name="Ada")

    assert city_id_of(contact) == milan.pk
    assert city_id_of(Contact(name="without stakeholder")) is None
    assert city_id_of(ContactFactory.build(stakeholder__city=milan)) == milan.pk


def test_may_work_on_own_city_only(coordinator, network_admin, milan, sofia):
    assert has_city_role(coordinator, milan.pk, ENGAGEMENT)
    assert not has_city_role(coordinator, sofia.pk, ENGAGEMENT)
    assert not has_city_role(coordinator, None, ENGAGEMENT)
    assert has_city_role(network_admin, sofia.pk, EDITORS)


def test_an_account_manager_is_engaged_but_not_an_editor(account_manager, milan):
    assert has_city_role(account_manager, milan.pk, ENGAGEMENT)
    assert not has_city_role(account_manager, milan.pk, EDITORS)
    with pytest.raises(PermissionDenied):
        require_city_role(account_manager, milan.pk, EDITORS)
