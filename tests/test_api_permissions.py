"""The write-permission probe: every writable endpoint, a Milan coordinator against Sofia."""

import pytest
from rest_framework.test import APIClient

from partnerships.models import CityRole
from portal.demo.factories import CityRoleFactory
from tests.api_support import CITY_OWNED, DRAFT, ENDPOINTS, ENDPOINTS_BY_NAME


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def endpoint_ids(endpoints):
    return [endpoint.basename for endpoint in endpoints]


WITH_DRAFTS = [endpoint for endpoint in ENDPOINTS if not endpoint.network_wide]


@pytest.mark.parametrize("endpoint", WITH_DRAFTS, ids=endpoint_ids(WITH_DRAFTS))
def test_coordinator_reads_own_drafts_but_not_other_city_drafts(
    endpoint, coordinator, milan, sofia
):
    own = endpoint.make(milan, DRAFT)
    other = endpoint.make(sofia, DRAFT)
    client = client_for(coordinator)

    assert client.get(endpoint.detail(own)).status_code == 200
    assert client.get(endpoint.detail(other)).status_code == 404
    listed = {row["id"] for row in client.get(endpoint.path, {"page_size": 100}).json()["results"]}
    assert own.pk in listed
    assert other.pk not in listed


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=endpoint_ids(ENDPOINTS))
def test_anonymous_sees_no_drafts_and_cannot_write(endpoint, milan):
    draft = endpoint.make(milan, DRAFT)
    client = APIClient()

    if not endpoint.network_wide:
        assert client.get(endpoint.detail(draft)).status_code == 404
    assert client.post(endpoint.path, endpoint.payload(milan), format="json").status_code == 401
    assert client.patch(endpoint.detail(draft), {}, format="json").status_code == 401
    assert client.delete(endpoint.detail(draft)).status_code == 401


@pytest.mark.parametrize("endpoint", CITY_OWNED, ids=endpoint_ids(CITY_OWNED))
def test_coordinator_cannot_change_or_delete_other_city_record(endpoint, coordinator, sofia):
    other = endpoint.make(sofia)
    client = client_for(coordinator)
    before = client_for(coordinator).get(endpoint.detail(other)).json()

    assert client.patch(endpoint.detail(other), {}, format="json").status_code == 404
    assert (
        client.put(endpoint.detail(other), endpoint.payload(sofia), format="json").status_code
        == 404
    )
    assert client.delete(endpoint.detail(other)).status_code == 404
    assert client.get(endpoint.detail(other)).json() == before


@pytest.mark.parametrize("endpoint", CITY_OWNED, ids=endpoint_ids(CITY_OWNED))
def test_coordinator_creates_in_own_city_but_not_in_other_city(endpoint, coordinator, milan, sofia):
    model = endpoint.make(milan).__class__
    if endpoint.basename in ("ulg", "iap"):
        model.objects.all().delete()  # one per city: make room for the new one
    client = client_for(coordinator)
    count = model.objects.count()

    refused = client.post(endpoint.path, endpoint.payload(sofia), format="json")
    assert refused.status_code in (400, 403), refused.json()
    assert refused.json()["status"] == refused.status_code
    assert model.objects.count() == count

    created = client.post(endpoint.path, endpoint.payload(milan), format="json")
    assert created.status_code == 201, created.json()


@pytest.mark.parametrize("endpoint", CITY_OWNED, ids=endpoint_ids(CITY_OWNED))
def test_coordinator_cannot_move_own_record_to_other_city(endpoint, coordinator, milan, sofia):
    own = endpoint.make(milan)
    move = endpoint.move(sofia)
    client = client_for(coordinator)

    response = client.patch(endpoint.detail(own), move, format="json")

    assert response.status_code in (400, 403), response.json()
    field = next(iter(move))
    assert field in response.json().get("errors", {}) or response.status_code == 403
    own.refresh_from_db()
    assert own in type(own).objects.for_user(coordinator)


def test_coordinator_edits_own_city_but_cannot_create_a_city(coordinator, milan):
    client = client_for(coordinator)
    endpoint = ENDPOINTS_BY_NAME["city"]

    assert (
        client.patch(endpoint.detail(milan), {"csr_focus": "Scuole"}, format="json").status_code
        == 200
    )
    assert client.post(endpoint.path, endpoint.payload(milan), format="json").status_code == 403


@pytest.mark.parametrize("basename", ["theme"])
def test_only_network_admin_writes_network_wide_records(
    basename, coordinator, network_admin, milan
):
    endpoint = ENDPOINTS_BY_NAME[basename]
    theme = endpoint.make(milan)

    assert (
        client_for(coordinator)
        .post(endpoint.path, endpoint.payload(milan), format="json")
        .status_code
        == 403
    )
    assert (
        client_for(coordinator).patch(endpoint.detail(theme), {}, format="json").status_code == 403
    )
    assert (
        client_for(network_admin)
        .post(endpoint.path, endpoint.payload(milan), format="json")
        .status_code
        == 201
    )
    assert (
        client_for(network_admin)
        .patch(endpoint.detail(theme), {"name": "Cibo"}, format="json")
        .status_code
        == 200
    )


def test_account_manager_cannot_write_through_the_api(account_manager, milan):
    endpoint = ENDPOINTS_BY_NAME["partnership"]
    own = endpoint.make(milan)

    response = client_for(account_manager).patch(
        endpoint.detail(own), {"title": "Nuovo"}, format="json"
    )

    assert response.status_code == 403


def test_coordinator_of_two_roles_writes_only_where_coordinator(coordinator, milan, sofia):
    CityRoleFactory(user=coordinator, city=sofia, role=CityRole.Role.ACCOUNT_MANAGER)
    endpoint = ENDPOINTS_BY_NAME["partnership"]
    other = endpoint.make(sofia, DRAFT)
    client = client_for(coordinator)

    assert client.get(endpoint.detail(other)).status_code == 200  # may read as account manager
    assert client.patch(endpoint.detail(other), {"title": "x"}, format="json").status_code == 404


def test_network_admin_writes_in_every_city(network_admin, sofia):
    endpoint = ENDPOINTS_BY_NAME["partnership"]

    response = client_for(network_admin).post(endpoint.path, endpoint.payload(sofia), format="json")

    assert response.status_code == 201
    assert response.json()["city"] == "sofia"
