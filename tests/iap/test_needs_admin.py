"""The needs admin: deliveries go through the service, so the need's status follows."""

import pytest
from django.utils import timezone

from iap.models import Need, Pledge
from portal.demo.factories import NeedFactory, PledgeFactory, PriorityFactory, StakeholderFactory
from tests.admin_support import admin_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_recording_full_delivery_meets_the_need(as_coordinator, milan):
    need = NeedFactory(priority__city=milan, quantity=5)
    pledge = PledgeFactory(need=need, quantity_pledged=5, pledged_on=timezone.localdate())

    response = as_coordinator.post(
        admin_url(Pledge, "changelist"),
        {"action": "record_full_delivery", "_selected_action": [pledge.pk]},
        follow=True,
    )

    need.refresh_from_db()
    pledge.refresh_from_db()
    assert "1 delivery recorded" in response.content.decode()
    assert pledge.quantity_delivered == 5
    assert need.status == Need.Status.MET


def test_the_delivery_action_leaves_another_citys_pledge_alone(as_coordinator, milan, sofia):
    other = PledgeFactory(need=NeedFactory(priority__city=sofia), pledged_on="2026-01-01")

    as_coordinator.post(
        admin_url(Pledge, "changelist"),
        {"action": "record_full_delivery", "_selected_action": [other.pk]},
    )

    other.refresh_from_db()
    assert other.quantity_delivered == 0


def test_the_needs_changelist_shows_only_the_coordinators_city(as_coordinator, milan, sofia):
    NeedFactory(priority=PriorityFactory(city=milan, title="Scuole"), title="Tutor a Milano")
    NeedFactory(priority=PriorityFactory(city=sofia), title="Sofia need")

    page = as_coordinator.get(admin_url(Need, "changelist")).content.decode()

    assert "Tutor a Milano" in page
    assert "Sofia need" not in page


def test_the_priority_page_lists_its_needs(as_coordinator, milan):
    need = NeedFactory(priority__city=milan, title="Laptop per la scuola")

    page = as_coordinator.get(admin_url(need.priority, "change", need.priority.pk)).content

    assert "Laptop per la scuola" in page.decode()


def test_deleting_a_pledge_in_the_admin_reopens_the_need(as_coordinator, milan):
    need = NeedFactory(priority__city=milan, quantity=5, status=Need.Status.MET)
    pledge = PledgeFactory(need=need, quantity_pledged=5, quantity_delivered=5)

    as_coordinator.post(admin_url(pledge, "delete"), {"post": "yes"})

    need.refresh_from_db()
    assert not Pledge.objects.exists()
    assert need.status == Need.Status.OPEN


def test_deleting_selected_pledges_in_the_admin_reopens_their_needs(as_coordinator, milan):
    need = NeedFactory(priority__city=milan, quantity=5, status=Need.Status.MET)
    pledge = PledgeFactory(need=need, quantity_pledged=5, quantity_delivered=5)

    as_coordinator.post(
        admin_url(Pledge, "changelist"),
        {"action": "delete_selected", "_selected_action": [pledge.pk], "post": "yes"},
    )

    need.refresh_from_db()
    assert not Pledge.objects.exists()
    assert need.status == Need.Status.OPEN


def test_moving_a_pledge_in_the_admin_reopens_the_need_it_left(as_coordinator, milan):
    need = NeedFactory(priority__city=milan, quantity=5, status=Need.Status.MET)
    other = NeedFactory(priority__city=milan, quantity=10)
    pledge = PledgeFactory(
        need=need, quantity_pledged=5, quantity_delivered=5, pledged_on="2026-01-01"
    )

    response = as_coordinator.post(
        admin_url(pledge, "change"),
        {
            "need": other.pk,
            "stakeholder": pledge.stakeholder.pk,
            "quantity_pledged": "5",
            "quantity_delivered": "5",
            "pledged_on": "2026-01-01",
        },
    )

    assert response.status_code == 302
    need.refresh_from_db()
    other.refresh_from_db()
    assert (need.status, other.status) == (Need.Status.OPEN, Need.Status.PARTLY_MET)


def test_a_pledge_to_a_closed_need_is_a_form_error_in_the_admin(as_coordinator, milan):
    need = NeedFactory(priority__city=milan, status=Need.Status.CLOSED)

    response = as_coordinator.post(
        admin_url(Pledge, "add"),
        {
            "need": need.pk,
            "stakeholder": StakeholderFactory(city=milan).pk,
            "quantity_pledged": "1",
            "quantity_delivered": "0",
        },
    )

    assert response.status_code == 200
    assert "This need is closed, met or past its deadline." in response.content.decode()
    assert not Pledge.objects.exists()
