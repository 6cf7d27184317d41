"""The API of needs and pledges: aggregated progress, nothing about who pledged, scoped writes."""

import pytest

from iap.models import Need, Pledge
from partnerships.models import PublicationStatus
from portal.demo.factories import NeedFactory, PledgeFactory, PriorityFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


def test_a_published_need_reads_with_its_progress_summed(client, milan):
    need = NeedFactory(priority__city=milan, quantity=20)
    PledgeFactory(need=need, quantity_pledged=5, quantity_delivered=2)
    PledgeFactory(need=need, quantity_pledged=7)

    data = client.get(f"/api/v1/needs/{need.slug}/").json()

    assert (data["pledged"], data["delivered"], data["city"]) == ("12.00", "2.00", "milano")


def test_draft_needs_and_their_pledges_are_not_public(client, milan):
    draft = NeedFactory(priority__city=milan, publication_status=PublicationStatus.DRAFT)
    PledgeFactory(need=draft)

    assert client.get("/api/v1/needs/").json()["count"] == 0
    assert client.get("/api/v1/pledges/").json()["count"] == 0
    assert client.get(f"/api/v1/needs/{draft.slug}/").status_code == 404


def test_a_pledge_never_says_who_pledged(client, milan):
    stakeholder = StakeholderFactory(city=milan, name="Hidden Company", listing_consent=False)
    PledgeFactory(need=NeedFactory(priority__city=milan), stakeholder=stakeholder)

    body = client.get("/api/v1/pledges/").content.decode()

    assert "Hidden Company" not in body
    assert stakeholder.slug not in body
    assert "proposal" not in body


def test_a_pledge_written_through_the_api_moves_the_need(client, coordinator, milan):
    need = NeedFactory(priority__city=milan, quantity=4)
    client.force_login(coordinator)

    response = client.post(
        "/api/v1/pledges/",
        {
            "need": need.slug,
            "stakeholder": StakeholderFactory(city=milan).slug,
            "quantity_pledged": "4",
            "quantity_delivered": "4",
            "pledged_on": "2026-01-01",
            "delivered_on": "2026-02-01",
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    need.refresh_from_db()
    assert need.status == Need.Status.MET


def test_a_coordinator_cannot_pledge_to_another_citys_need(client, coordinator, sofia):
    need = NeedFactory(priority__city=sofia)
    client.force_login(coordinator)

    response = client.post(
        "/api/v1/pledges/",
        {
            "need": need.slug,
            "stakeholder": StakeholderFactory(city=sofia).slug,
            "quantity_pledged": "1",
        },
        content_type="application/json",
    )

    assert response.status_code in (400, 403)
    assert not Pledge.objects.exists()


def test_a_need_under_another_citys_priority_cannot_be_created(client, coordinator, sofia):
    client.force_login(coordinator)

    response = client.post(
        "/api/v1/needs/",
        {
            "priority": PriorityFactory(city=sofia).pk,
            "title": "Volontari",
            "slug": "volontari",
            "resource_kind": "volunteers",
        },
        content_type="application/json",
    )

    assert response.status_code in (400, 403)
    assert not Need.objects.exists()


def test_an_id_beyond_the_databases_range_is_a_400_not_a_500(client, milan):
    response = client.get("/api/v1/needs/?priority=159503135966858641408")

    assert response.status_code == 400
    assert client.get("/api/v1/measurements/?indicator=159503135966858641408").status_code == 400
