"""The DCAT-AP_IT catalogue of the open data (JSON-LD), as dati.gov.it harvests it."""

from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from core.open_data import DATASETS
from portal.demo.factories import PartnershipFactory

EU = "http://publications.europa.eu/resource/authority"


@pytest.fixture
def catalogue(client, milan, settings):
    settings.OPEN_DATA_PUBLISHER_NAME = "Comune di Esempio"
    settings.OPEN_DATA_PUBLISHER_IPA_CODE = "c_x000"
    settings.OPEN_DATA_CONTACT_EMAIL = "opendata@comune.example.it"
    PartnershipFactory(city=milan)
    response = client.get("/it/open-data/catalog.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    return response.json()


def nodes_of_type(document: dict, kind: str) -> list[dict]:
    return [node for node in document["@graph"] if kind in node["@type"]]


def by_id(document: dict) -> dict[str, dict]:
    return {node["@id"]: node for node in document["@graph"]}


def test_the_catalogue_lists_one_dataset_per_file_table(catalogue):
    [catalog] = nodes_of_type(catalogue, "dcatapit:Catalog")
    datasets = nodes_of_type(catalogue, "dcatapit:Dataset")

    assert catalog["@id"] == "http://testserver/it/open-data/catalog.jsonld"
    assert {node["@id"] for node in datasets} == {entry["@id"] for entry in catalog["dcat:dataset"]}
    assert {node["dct:identifier"] for node in datasets} == {
        f"c_x000:cities4csr-{slug}" for slug in DATASETS
    }
    assert catalog["dcat:themeTaxonomy"] == {"@id": f"{EU}/data-theme"}
    assert "dct:modified" in catalog


def test_each_dataset_has_what_dcat_ap_it_requires(catalogue):
    nodes = by_id(catalogue)
    partnerships = nodes["http://testserver/it/open-data/#partnerships"]

    assert {"@value": "Partenariati", "@language": "it"} in partnerships["dct:title"]
    assert {"@value": "Partnerships", "@language": "en"} in partnerships["dct:title"]
    assert partnerships["dct:description"]
    assert all(theme["@id"].startswith(f"{EU}/data-theme/") for theme in partnerships["dcat:theme"])
    assert partnerships["dct:accrualPeriodicity"] == {"@id": f"{EU}/frequency/IRREG"}
    # The date of the partnership's last change, from its history.
    assert partnerships["dct:modified"]["@type"] == "xsd:date"
    assert partnerships["dct:modified"]["@value"] == timezone.localdate().isoformat()
    publisher = nodes[partnerships["dct:publisher"]["@id"]]
    assert publisher["foaf:name"] == "Comune di Esempio"
    assert publisher["dct:identifier"] == "c_x000"
    contact_point = nodes[partnerships["dcat:contactPoint"]["@id"]]
    assert contact_point["vcard:fn"] == "Comune di Esempio"
    assert contact_point["vcard:hasEmail"] == {"@id": "mailto:opendata@comune.example.it"}


def test_distributions_are_the_files_at_absolute_addresses(client, catalogue):
    nodes = by_id(catalogue)
    partnerships = nodes["http://testserver/it/open-data/#partnerships"]
    distributions = [nodes[entry["@id"]] for entry in partnerships["dcat:distribution"]]

    assert {node["dct:format"]["@id"] for node in distributions} == {
        f"{EU}/file-type/CSV",
        f"{EU}/file-type/JSON",
    }
    for distribution in distributions:
        download = distribution["dcat:downloadURL"]["@id"]
        assert download.startswith("http://testserver/it/open-data/partnerships.")
        assert client.get(urlsplit(download).path).status_code == 200
        assert distribution["dcat:accessURL"]["@id"].startswith("http://testserver/")
        licence = nodes[distribution["dct:license"]["@id"]]
        assert "dcatapit:LicenseDocument" in licence["@type"]
        assert licence["@id"] == "https://creativecommons.org/licenses/by/4.0/"


def test_without_an_ipa_code_the_identifier_is_the_sites_own(client, milan, settings):
    settings.OPEN_DATA_PUBLISHER_IPA_CODE = ""
    settings.OPEN_DATA_CONTACT_EMAIL = ""

    document = client.get("/it/open-data/catalog.jsonld").json()

    identifiers = {node["dct:identifier"] for node in nodes_of_type(document, "dcatapit:Dataset")}
    assert "cities4csr-partnerships" in identifiers
    [publisher] = nodes_of_type(document, "dcatapit:Agent")
    assert "dct:identifier" not in publisher
    # No address is made up either: the contact point is the open-data page.
    [contact_point] = nodes_of_type(document, "dcatapit:Organization")
    assert "vcard:hasEmail" not in contact_point


def test_the_open_data_page_links_the_catalogue(client, db):
    page = client.get("/it/open-data/").content.decode()

    assert 'href="/it/open-data/catalog.jsonld"' in page
