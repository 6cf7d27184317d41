from partnerships.models import City, Contact, Partnership, Stakeholder
from partnerships.scoping import scope_to_user
from portal.demo.factories import (
    ContactFactory,
    PartnershipFactory,
    StakeholderFactory,
    UserFactory,
)


def test_coordinator_sees_only_own_city_partnerships(coordinator, milan, sofia):
    own = PartnershipFactory(city=milan)
    PartnershipFactory(city=sofia)

    assert list(Partnership.objects.for_user(coordinator)) == [own]


def test_coordinator_cannot_see_other_city_contacts(coordinator, milan, sofia):
    own = ContactFactory(stakeholder__city=milan)
    ContactFactory(stakeholder__city=sofia)

    assert list(scope_to_user(Contact.objects.all(), coordinator)) == [own]


def test_city_queryset_is_scoped_to_the_city_itself(coordinator, milan, sofia):
    assert list(City.objects.for_user(coordinator)) == [milan]


def test_network_admin_and_superuser_see_every_city(network_admin, superuser, milan, sofia):
    StakeholderFactory(city=milan)
    StakeholderFactory(city=sofia)

    assert Stakeholder.objects.for_user(network_admin).count() == 2
    assert Stakeholder.objects.for_user(superuser).count() == 2


def test_user_without_role_and_anonymous_see_nothing(milan, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    StakeholderFactory(city=milan)

    assert not Stakeholder.objects.for_user(UserFactory(username="nobody")).exists()
    assert not Stakeholder.objects.for_user(AnonymousUser()).exists()
