import csv
import html
import io
import json
import re

import pytest
from django.http import StreamingHttpResponse
from django.utils import translation
from rest_framework.test import APIClient

from core.open_data import DATASETS
from portal.demo.factories import (
    IndicatorFactory,
    MeasurementFactory,
    ParticipationFactory,
    PartnershipFactory,
    SSAPartnerFactory,
)

EXPECTED_DATASETS = {
    "partnerships",
    "participations",
    "stakeholders",
    "small-scale-actions",
    "small-scale-action-partners",
    "iap-actions",
    "indicators",
    "measurements",
}


def download(client, url: str) -> tuple[StreamingHttpResponse, bytes]:
    response = client.get(url)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def csv_rows(client, url: str) -> list[dict[str, str]]:
    _, body = download(client, url)
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


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


def test_partners_are_a_table_of_their_own_not_a_packed_cell(client, milan):
    # A name with the old cell's separators in it: a packed "a / b; c" cell broke on them.
    ParticipationFactory(
        partnership__city=milan,
        partnership__slug="scuole-aperte",
        stakeholder__name="Fondazione A / B; C",
        role="funder",
    )

    partnership = csv_rows(client, "/it/open-data/partnerships.csv")[0]
    participation = csv_rows(client, "/it/open-data/participations.csv")[0]

    assert "participations" not in partnership
    assert "Fondazione A / B; C" not in partnership.values()
    assert participation["partnership"] == partnership["slug"] == "scuole-aperte"
    assert participation["stakeholder_name"] == "Fondazione A / B; C"
    assert participation["role"] == "funder"


def test_measurements_are_a_table_keyed_by_their_indicator(client, milan, sofia):
    indicator = IndicatorFactory(plan__city=milan)
    MeasurementFactory(indicator=indicator, value=40, note="primo anno")
    MeasurementFactory(indicator__plan__city=sofia, indicator__plan__publication_status="draft")

    indicators = csv_rows(client, "/it/open-data/indicators.csv")
    measurements = csv_rows(client, "/it/open-data/measurements.csv")

    assert [row["id"] for row in indicators] == [str(indicator.pk)]
    assert "measurements" not in indicators[0]
    assert [(row["indicator"], row["value"], row["note"]) for row in measurements] == [
        (str(indicator.pk), "40.00", "primo anno")
    ]


def test_pilot_partners_are_a_table_keyed_by_their_pilot(client, milan, sofia):
    partner = SSAPartnerFactory(
        small_scale_action__ulg__city=milan, stakeholder__name="Qubì", role="co-design"
    )
    SSAPartnerFactory(
        small_scale_action__ulg__city=sofia,
        small_scale_action__ulg__publication_status="draft",
        stakeholder__name="Bozza Srl",
    )

    pilots = csv_rows(client, "/it/open-data/small-scale-actions.csv")
    partners = csv_rows(client, "/it/open-data/small-scale-action-partners.csv")

    assert "partners" not in pilots[0]
    assert partners == [
        {
            "small_scale_action": partner.small_scale_action.slug,
            "stakeholder": partner.stakeholder.slug,
            "stakeholder_name": "Qubì",
            "role": "co-design",
        }
    ]


def test_page_addresses_are_absolute_and_booleans_lowercase(client, milan):
    PartnershipFactory(city=milan, slug="scuole-aperte", featured=True)

    row = csv_rows(client, "/it/open-data/partnerships.csv")[0]
    _, body = download(client, "/en/open-data/partnerships.json")

    assert row["url"] == "http://testserver/it/partnerships/scuole-aperte/"
    assert row["featured"] == "true"
    assert json.loads(body)[0]["url"] == "http://testserver/en/partnerships/scuole-aperte/"
    api = APIClient().get("/api/v1/partnerships/scuole-aperte/", HTTP_ACCEPT_LANGUAGE="it")
    assert api.json()["url"] == "http://testserver/it/partnerships/scuole-aperte/"


def test_every_file_and_api_read_names_its_licence(client, milan):
    PartnershipFactory(city=milan, slug="scuole-aperte")
    licence = '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    urls = [
        f"/it/open-data/{slug}.{file_format}"
        for slug in DATASETS
        for file_format in ("csv", "json")
    ]

    for url in [*urls, "/it/open-data/datapackage.json", "/it/numbers/by-city.csv"]:
        assert client.get(url)["Link"] == licence, url
    api = APIClient()
    assert api.get("/api/v1/partnerships/")["Link"] == licence
    assert api.get("/api/v1/partnerships/scuole-aperte/")["Link"] == licence


def test_json_file_holds_what_the_api_shows_and_no_drafts(client, milan):
    published = PartnershipFactory(city=milan)
    PartnershipFactory(city=milan, publication_status="draft", title="Bozza")

    _, body = download(client, "/it/open-data/partnerships.json")

    records = json.loads(body)
    assert [record["slug"] for record in records] == [published.slug]
    api = APIClient().get(f"/api/v1/partnerships/{published.slug}/", HTTP_ACCEPT_LANGUAGE="it")
    # The same record, its partners apart: they are the participations table.
    api_record = {key: value for key, value in api.json().items() if key != "participations"}
    assert records[0] == api_record


def test_files_follow_the_language_of_the_page(client, milan):
    PartnershipFactory(city=milan, title_it="Scuole aperte", title_en="Open schools")

    _, body = download(client, "/en/open-data/partnerships.json")

    assert json.loads(body)[0]["title"] == "Open schools"


def test_unknown_dataset_or_format_is_not_found(client, db):
    assert client.get("/it/open-data/contacts.csv").status_code == 404
    assert client.get("/it/open-data/partnerships.xlsx").status_code == 404


def interface_lines(client, url: str) -> set[str]:
    """The text lines of the page's main content, field names (<code>) left out."""
    page = client.get(url).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    text = re.sub(r"<[^>]+>", "\n", re.sub(r"<code>.*?</code>", "", main, flags=re.S))
    return {html.unescape(line.strip()) for line in text.splitlines() if line.strip()}


# Names, the same in both languages: not interface text left untranslated.
NAMES = {
    "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "Data Package",
    "ID",
    "Slug",
    "Stakeholder",
    "ULG",
    "Budget (EUR)",
    "·",
}


def test_the_italian_page_has_no_english_interface_text_left(client, db):
    italian = interface_lines(client, "/it/open-data/")
    english = interface_lines(client, "/en/open-data/")

    assert len(italian) > 100  # the field tables are there
    assert italian & english <= NAMES, sorted((italian & english) - NAMES)


def test_columns_naming_another_file_say_which(client, db):
    page = client.get("/it/open-data/").content.decode()

    assert "chiave: il campo slug di una riga di “Partenariati”" in page
    assert "codice: planned (Pianificato), active (Attivo), completed (Concluso)" in page
    # The values as the files write them, not translated words a program would not find.
    assert "“true” (vero) o “false” (falso)" in page


@pytest.mark.parametrize("language", ["it", "en"])
def test_every_page_links_the_open_data_from_its_footer(client, milan, language):
    partnership = PartnershipFactory(city=milan)
    link = f'<a href="/{language}/open-data/">'

    for url in (f"/{language}/", f"/{language}/partnerships/", f"/{language}/open-data/"):
        footer = client.get(url).content.decode().split('id="footer"')[1]
        assert link in footer, url
    with translation.override(language):
        detail = client.get(partnership.get_absolute_url()).content.decode()
    assert link in detail.split('id="footer"')[1]


def test_the_open_data_page_is_in_the_sitemap_and_links_the_api_docs(client, db):
    sitemap = client.get("/sitemap.xml").content.decode()
    page = client.get("/it/open-data/").content.decode()

    assert "http://testserver/it/open-data/</loc>" in sitemap
    assert "http://testserver/en/open-data/</loc>" in sitemap
    assert 'href="/api/docs/"' in page
