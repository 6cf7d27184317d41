"""Every CSV and XLSX the site writes: formula-like text is neutralised, numbers stay numbers."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from core.spreadsheets import safe_cell
from partnerships.resources import ParticipationResource, StakeholderResource
from portal.demo.factories import (
    CityFactory,
    NeedFactory,
    ParticipationFactory,
    PartnershipFactory,
    PledgeFactory,
    StakeholderFactory,
)

FORMULA = '=HYPERLINK("http://evil.example","click")'


@pytest.mark.parametrize("text", ["=1+1", "+39 02", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_gets_an_apostrophe(text):
    assert safe_cell(text) == f"'{text}"


@pytest.mark.parametrize("value", ["Milano", "", "1-2", None, -5, Decimal("-5.00"), -1.5, 3])
def test_plain_text_and_numbers_are_left_as_they_are(value):
    assert safe_cell(value) == value


def _rows(body: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


@pytest.mark.django_db
def test_open_data_csv_neutralises_formulas_and_keeps_amounts_as_numbers(client, milan):
    ParticipationFactory(
        partnership__city=milan,
        partnership__title_it=FORMULA,
        stakeholder__name="@evil",
        amount_eur=Decimal("5"),
    )

    response = client.get("/it/open-data/participations.csv")
    rows = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    row = next(rows)

    assert all(not value.startswith(("=", "@", "+")) for value in row.values())
    assert "'@evil" in row.values()
    assert row["amount_eur"] == "5.00"


@pytest.mark.django_db
def test_partnership_numbers_csv_neutralises_a_formula_in_a_city_name(client):
    city = CityFactory(name="=cmd|'/c calc'!A1", slug="evil")
    PartnershipFactory(city=city, publication_status="published")

    rows = _rows(client.get("/it/numbers/by-city.csv").content.decode())

    assert ["'=cmd|'/c calc'!A1", "1"] in rows


@pytest.mark.django_db
def test_resources_numbers_csv_neutralises_a_formula_in_a_city_name(client):
    city = CityFactory(name="+1+1", slug="evil")
    PledgeFactory(
        need=NeedFactory(priority__city=city), quantity_delivered=5, delivered_on="2026-02-01"
    )

    body = client.get("/en/numbers/resources/resources-by-city.csv").content.decode()

    assert ["'+1+1", "1"] in _rows(body)


@pytest.mark.django_db
def test_admin_csv_export_neutralises_formulas_and_keeps_amounts(coordinator, milan):
    ParticipationFactory(partnership__city=milan, contribution=FORMULA, amount_eur=Decimal("5.00"))

    dataset = ParticipationResource(user=coordinator).export()
    row = _rows(dataset.csv)[1]

    assert f"'{FORMULA}" in row
    assert row[-1] in {"5.00", "5,00"}  # the amount, in the locale's format


@pytest.mark.django_db
def test_admin_xlsx_export_holds_no_formula(coordinator, milan):
    StakeholderFactory(city=milan, name="=1+1", slug="evil")

    dataset = StakeholderResource(user=coordinator).export()
    sheet = openpyxl.load_workbook(io.BytesIO(dataset.xlsx)).active

    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert "'=1+1" in [cell.value for cell in cells]
