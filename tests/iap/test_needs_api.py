"""The API of needs and pledges: aggregated progress, nothing about who pledged, scoped writes."""

import pytest

from iap.models import Need, Pledge
from partnerships.models import CityRole, PublicationStatus
from portal.demo.factories import (
    CityRoleFactory,
    NeedFactory,
    PledgeFactory,
    PriorityFactory,
    StakeholderFactory,
)

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


def _post_pledge(client, need, **fields):
    return client.post(
        "/api/v1/pledges/",
        {
            "need": need.slug,
            "stakeholder": StakeholderFactory(city=need.priority.city).slug,
            "quantity_pledged": "1",
            **fields,
        },
        content_type="application/json",
    )


def test_deleting_a_pledge_through_the_api_reopens_the_need(client, coordinator, milan):
    need = NeedFactory(priority__city=milan, quantity=4)
    client.force_login(coordinator)
    pledge_id = _post_pledge(client, need, quantity_pledged="4", quantity_delivered="4").json()[
        "id"
    ]
    need.refresh_from_db()
    assert need.status == Need.Status.MET

    assert client.delete(f"/api/v1/pledges/{pledge_id}/").status_code == 204

    need.refresh_from_db()
    assert need.status == Need.Status.OPEN


def test_moving_a_pledge_through_the_api_refreshes_both_needs(client, coordinator, milan):
    need = NeedFactory(priority__city=milan, quantity=4)
    other = NeedFactory(priority__city=milan, quantity=8)
    client.force_login(coordinator)
    pledge_id = _post_pledge(client, need, quantity_pledged="4", quantity_delivered="4").json()[
        "id"
    ]

    response = client.patch(
        f"/api/v1/pledges/{pledge_id}/", {"need": other.slug}, content_type="application/json"
    )

    assert response.status_code == 200
    need.refresh_from_db()
    other.refresh_from_db()
    assert (need.status, other.status) == (Need.Status.OPEN, Need.Status.PARTLY_MET)


@pytest.mark.parametrize(
    ("need_fields", "pledge_fields", "message"),
    [
        ({"status": "closed"}, {}, "Questo fabbisogno è chiuso, soddisfatto o scaduto."),
        ({}, {"quantity_pledged": "0"}, "Impegna una quantità maggiore di zero."),
        (
            {},
            {"other_city": True},
            "Questo fabbisogno è di un'altra città e non è aperto a tutta la rete.",
        ),
    ],
    ids=["closed need", "zero quantity", "another city's organisation"],
)
def test_an_api_pledge_is_refused_with_the_workspace_message(
    client, coordinator, milan, sofia, need_fields, pledge_fields, message
):
    need = NeedFactory(priority__city=milan, **need_fields)
    client.force_login(coordinator)
    if pledge_fields.pop("other_city", False):
        # A coordinator of both cities may name Sofia's organisation, not for Milan's need.
        CityRoleFactory(user=coordinator, city=sofia, role=CityRole.Role.COORDINATOR)
        pledge_fields["stakeholder"] = StakeholderFactory(city=sofia).slug

    response = _post_pledge(client, need, **pledge_fields)

    assert response.status_code == 400
    assert message in str(response.json())
    assert not Pledge.objects.exists()
