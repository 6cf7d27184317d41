import csv
import io
import json

from django.http import StreamingHttpResponse
from rest_framework.test import APIClient

from core.open_data import DATASETS
from portal.demo.factories import ParticipationFactory, PartnershipFactory

EXPECTED_DATASETS = {
    "partnerships",
    "participations",
    "stakeholders",
    "small-scale-actions",
    "iap-actions",
    "indicators",
}


def download(client, url: str) -> tuple[StreamingHttpResponse, bytes]:
    response = client.get(url)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def test_open_data_page_lists_every_dataset_with_files_licence_and_fields(client, db):
    response = client.get("/it/open-data/")

    assert response.status_code == 200
    page = response.content.decode()
    assert set(DATASETS) == EXPECTED_DATASETS
    for slug in EXPECTED_DATASETS:
        assert f'href="/it/open-data/{slug}.csv"' in page
        assert f'href="/it/open-data/{slug}.json"' in page
    assert "creativecommons.org/licenses/by/4.0" in page
    assert "<code>stakeholder_name</code>" in page  # the field descriptions


def test_open_data_page_exists_in_english(client, db):
    response = client.get("/en/open-data/")

    assert response.status_code == 200
    assert 'href="/en/open-data/partnerships.csv"' in response.content.decode()


def test_open_data_page_in_italian_speaks_italian(client, db):
    page = client.get("/it/open-data/").content.decode()

    assert "<h1>Dati aperti</h1>" in page
    assert "Scarica CSV" in page
    assert "Partecipazioni" in page
    assert "identificativo di un dato collegato" in page
    for english in ("Download CSV", "Meaning", "identifier of a related record"):
        assert english not in page


def test_csv_has_byte_order_mark_header_row_and_keeps_italian_accents(client, milan):
    PartnershipFactory(city=milan, title_it="Città più solidale: attività perché")

    response, body = download(client, "/it/open-data/partnerships.csv")

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert list(rows[0]) == [field.name for field in DATASETS["partnerships"].fields()]
    assert rows[0]["title"] == "Città più solidale: attività perché"


def test_csv_joins_partners_in_one_cell(client, milan):
    ParticipationFactory(partnership__city=milan, stakeholder__name="Fondazione È", role="funder")

    _, body = download(client, "/it/open-data/partnerships.csv")

    row = next(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert "Fondazione È" in row["participations"]
    assert "funder" in row["participations"]


def test_json_file_holds_what_the_api_shows_and_no_drafts(client, milan):
    published = PartnershipFactory(city=milan)
    PartnershipFactory(city=milan, publication_status="draft", title="Bozza")

    _, body = download(client, "/it/open-data/partnerships.json")

    records = json.loads(body)
    assert [record["slug"] for record in records] == [published.slug]
    api = APIClient().get(f"/api/v1/partnerships/{published.slug}/", HTTP_ACCEPT_LANGUAGE="it")
    assert records[0] == api.json()


def test_files_follow_the_language_of_the_page(client, milan):
    PartnershipFactory(city=milan, title_it="Scuole aperte", title_en="Open schools")

    _, body = download(client, "/en/open-data/partnerships.json")

    assert json.loads(body)[0]["title"] == "Open schools"


def test_unknown_dataset_or_format_is_not_found(client, db):
    assert client.get("/it/open-data/contacts.csv").status_code == 404
    assert client.get("/it/open-data/partnerships.xlsx").status_code == 404
