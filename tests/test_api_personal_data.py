"""No personal data leaves through the public API or the open-data files.

Every organisation of the world below has a contact person, and the city has a
proposal with a contact; the walk opens every list, every detail and every
open-data file (both languages) and looks for their names, e-mails and phones.
"""

import pytest
from rest_framework.test import APIClient

from core.open_data import DATASETS
from portal.demo.factories import (
    ContactFactory,
    ProposalFactory,
    SSAPartnerFactory,
    StakeholderFactory,
)
from tests.api_support import ENDPOINTS, one_of_each


@pytest.fixture
def secrets(milan, account_manager):
    records = one_of_each(milan)
    # A pilot's partners are a file of their own: give it a row, with a contact behind it.
    SSAPartnerFactory(small_scale_action=records["small-scale-action"])
    StakeholderFactory(city=milan, listing_consent=False, name="Impresa Riservata")
    StakeholderFactory(city=milan, account_manager=account_manager)
    from partnerships.models import Stakeholder

    found = []
    for number, stakeholder in enumerate(Stakeholder.objects.all()):
        contact = ContactFactory(
            stakeholder=stakeholder,
            name=f"Giulia Riservatissima{number}",
            email=f"giulia.riservata{number}@private.example",
            phone=f"+39 333 555 {number:04d}",
        )
        found += [contact.name, contact.email, contact.phone]
    proposal = ProposalFactory(
        city=milan,
        contact_name="Marco Proponente",
        email="marco.proponente@private.example",
        phone="+39 347 111 2222",
    )
    found += [proposal.contact_name, proposal.email, proposal.phone]
    found += [account_manager.username + "@", account_manager.email]
    return found


def assert_no_secret(body: str, secrets: list[str], where: str) -> None:
    leaked = [secret for secret in secrets if secret in body]
    assert not leaked, f"{where} shows personal data: {leaked}"


def test_no_public_endpoint_shows_personal_data(secrets):
    client = APIClient()
    visited = 0
    for endpoint in ENDPOINTS:
        listing = client.get(endpoint.path, {"page_size": 100})
        assert listing.status_code == 200
        assert_no_secret(listing.content.decode(), secrets, endpoint.path)
        rows = listing.json()["results"]
        assert rows, f"{endpoint.path} lists nothing: the walk would prove nothing"
        for row in rows:
            key = row["slug"] if endpoint.lookup == "slug" else row["id"]
            detail = client.get(f"{endpoint.path}{key}/")
            assert detail.status_code == 200
            assert_no_secret(detail.content.decode(), secrets, f"{endpoint.path}{key}/")
            visited += 1
    assert visited >= len(ENDPOINTS)


def test_no_open_data_file_or_page_shows_personal_data(client, secrets):
    for language in ("it", "en"):
        page = client.get(f"/{language}/open-data/")
        assert page.status_code == 200
        assert_no_secret(page.content.decode(), secrets, page.request["PATH_INFO"])
        for dataset in DATASETS.values():
            for file_format in ("csv", "json"):
                url = f"/{language}/open-data/{dataset.slug}.{file_format}"
                response = client.get(url)
                assert response.status_code == 200
                body = b"".join(response.streaming_content).decode("utf-8-sig")
                assert body.count("\n") > 1, f"{url} has no rows: the walk would prove nothing"
                assert_no_secret(body, secrets, url)


def test_public_stakeholders_are_only_those_who_consented(secrets):
    names = {row["name"] for row in APIClient().get("/api/v1/stakeholders/").json()["results"]}

    assert "Impresa Riservata" not in names
    assert names
