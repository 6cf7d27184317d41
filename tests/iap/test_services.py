import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from iap.models import Need
from iap.services import need_link_proposal, pledge_record_delivery
from portal.demo.factories import NeedFactory, PledgeFactory, PriorityFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(milan):
    return NeedFactory(priority=PriorityFactory(city=milan), quantity=20)


def test_linking_a_proposal_records_a_pledge(need, milan, coordinator):
    proposal = ProposalFactory(city=milan)

    pledge = need_link_proposal(
        need=need, proposal=proposal, quantity=Decimal(8), actor=coordinator
    )

    assert pledge.need == need and pledge.proposal == proposal
    assert pledge.pledged_on == timezone.localdate()
    assert Need.objects.with_progress().get(pk=need.pk).pledged == 8


def test_linking_is_refused_to_a_user_of_another_city(need, sofia):
    from portal.demo.factories import CityRoleFactory

    outsider = CityRoleFactory(city=sofia).user

    with pytest.raises(PermissionDenied):
        need_link_proposal(
            need=need,
            proposal=ProposalFactory(city=need.priority.city),
            quantity=Decimal(1),
            actor=outsider,
        )
    assert not need.pledges.exists()


def test_linking_refuses_a_closed_need(need, milan, coordinator):
    need.status = Need.Status.CLOSED
    need.save()

    with pytest.raises(ValidationError, match="closed"):
        need_link_proposal(
            need=need, proposal=ProposalFactory(city=milan), quantity=Decimal(1), actor=coordinator
        )


def test_linking_refuses_another_citys_proposal_unless_network_wide(need, sofia, coordinator):
    with pytest.raises(ValidationError, match="another city"):
        need_link_proposal(
            need=need, proposal=ProposalFactory(city=sofia), quantity=Decimal(1), actor=coordinator
        )

    need.network_wide = True
    need.save()
    assert need_link_proposal(
        need=need, proposal=ProposalFactory(city=sofia), quantity=Decimal(1), actor=coordinator
    )


def test_linking_refuses_a_zero_quantity(need, milan, coordinator):
    with pytest.raises(ValidationError) as error:
        need_link_proposal(
            need=need, proposal=ProposalFactory(city=milan), quantity=Decimal(0), actor=coordinator
        )

    assert "quantity" in error.value.message_dict


def test_delivery_updates_the_need_status(need, coordinator):
    pledge = PledgeFactory(need=need, quantity_pledged=20, pledged_on=dt.date(2026, 1, 1))

    pledge_record_delivery(
        pledge=pledge,
        quantity_delivered=Decimal(5),
        delivered_on=dt.date(2026, 2, 1),
        actor=coordinator,
    )
    need.refresh_from_db()
    assert need.status == Need.Status.PARTLY_MET

    pledge_record_delivery(
        pledge=pledge,
        quantity_delivered=Decimal(20),
        delivered_on=dt.date(2026, 3, 1),
        actor=coordinator,
    )
    need.refresh_from_db()
    assert need.status == Need.Status.MET
    assert Need.objects.with_progress().get(pk=need.pk).delivered == 20


def test_delivery_cannot_be_negative_or_before_the_pledge(need, coordinator):
    pledge = PledgeFactory(need=need, pledged_on=dt.date(2026, 5, 1))

    with pytest.raises(ValidationError):
        pledge_record_delivery(
            pledge=pledge,
            quantity_delivered=Decimal(-1),
            delivered_on=dt.date(2026, 6, 1),
            actor=coordinator,
        )
    with pytest.raises(ValidationError):
        pledge_record_delivery(
            pledge=pledge,
            quantity_delivered=Decimal(1),
            delivered_on=dt.date(2026, 4, 1),
            actor=coordinator,
        )
    pledge.refresh_from_db()
    assert pledge.quantity_delivered == 0
