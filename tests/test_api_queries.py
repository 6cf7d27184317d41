"""List endpoints read in a constant number of queries, however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from portal.demo.factories import CityFactory, NetworkFactory, ParticipationFactory
from tests.api_support import ENDPOINTS, one_of_each


def add_cities(network, how_many: int) -> None:
    for _ in range(how_many):
        city = CityFactory(network=network)
        records = one_of_each(city)
        ParticipationFactory(partnership=records["partnership"])


def queries_to_list(client: APIClient, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, {"page_size": 100})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[endpoint.basename for endpoint in ENDPOINTS])
def test_list_query_count_does_not_grow_with_rows(endpoint, db):
    network = NetworkFactory()
    client = APIClient()
    add_cities(network, 2)
    few_rows = client.get(endpoint.path, {"page_size": 100}).json()["count"]
    few = queries_to_list(client, endpoint.path)

    add_cities(network, 3)
    many_rows = client.get(endpoint.path, {"page_size": 100}).json()["count"]
    many = queries_to_list(client, endpoint.path)

    assert many_rows > few_rows
    assert many == few
