import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from iap.models import Need, Pledge
from iap.services import (
    need_link_proposal,
    need_offer_submit,
    pledge_create,
    pledge_delete,
    pledge_record_delivery,
    pledge_update,
)
from partnerships import services as partnership_services
from partnerships.models import Proposal
from portal.demo.factories import (
    NeedFactory,
    PledgeFactory,
    PriorityFactory,
    ProposalFactory,
    StakeholderFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


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

    assert "quantity_pledged" in error.value.message_dict


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


def _delivered_in_full(need, coordinator):
    pledge = pledge_create(
        pledge=Pledge(
            need=need,
            stakeholder=StakeholderFactory(city=need.priority.city),
            quantity_pledged=need.quantity,
            quantity_delivered=need.quantity,
        ),
        actor=coordinator,
    )
    need.refresh_from_db()
    assert need.status == Need.Status.MET
    return pledge


def test_deleting_a_pledge_reopens_its_need(need, coordinator):
    pledge = _delivered_in_full(need, coordinator)

    pledge_delete(pledge=pledge, actor=coordinator)

    need.refresh_from_db()
    assert need.status == Need.Status.OPEN


def test_moving_a_pledge_refreshes_the_need_it_left_and_the_need_it_joins(need, milan, coordinator):
    pledge = _delivered_in_full(need, coordinator)
    other = NeedFactory(priority=PriorityFactory(city=milan), quantity=40)

    pledge.need = other
    pledge_update(pledge=pledge, actor=coordinator)

    need.refresh_from_db()
    other.refresh_from_db()
    assert need.status == Need.Status.OPEN
    assert other.status == Need.Status.PARTLY_MET


def test_a_pledge_cannot_be_moved_to_a_closed_need(need, milan, coordinator):
    pledge = _delivered_in_full(need, coordinator)
    closed = NeedFactory(priority=PriorityFactory(city=milan), status=Need.Status.CLOSED)

    pledge.need = closed
    with pytest.raises(ValidationError, match="closed"):
        pledge_update(pledge=pledge, actor=coordinator)


def test_a_pledge_of_another_city_cannot_be_deleted(need, sofia):
    from portal.demo.factories import CityRoleFactory

    pledge = PledgeFactory(need=need)

    with pytest.raises(PermissionDenied):
        pledge_delete(pledge=pledge, actor=CityRoleFactory(city=sofia).user)
    assert Pledge.objects.filter(pk=pledge.pk).exists()


# --- offer help -------------------------------------------------------------------


def offer(milan) -> dict:
    return {
        "organisation_name": "Acme",
        "organisation_kind": "company",
        "contact_name": "Giulia Rossi",
        "email": "giulia@acme.example.org",
        "city": milan,
        "resource_kinds": ["volunteers"],
        "offer": "Ten of our staff on Saturdays.",
        "privacy_consent": True,
        "homepage": "",
    }


def test_an_offer_is_saved_linked_to_its_need_with_both_emails(need, milan, mailoutbox):
    proposal = need_offer_submit(
        need=need, cleaned_data=offer(milan), absolute_uri=lambda path: f"https://x.test{path}"
    )

    assert list(proposal.offered_needs.all()) == [need]
    assert proposal.status == Proposal.Status.NEW
    assert [message.to for message in mailoutbox][0] == ["giulia@acme.example.org"]


def test_an_offer_whose_email_cannot_be_queued_leaves_neither_proposal_nor_link(
    need, milan, monkeypatch
):
    def outbox_down(**kwargs):
        raise RuntimeError("outbox down")

    monkeypatch.setattr(partnership_services, "queue_email", outbox_down)

    with pytest.raises(RuntimeError):
        need_offer_submit(need=need, cleaned_data=offer(milan), absolute_uri=str)

    assert not Proposal.objects.exists()
    assert not need.offered_by.exists()
