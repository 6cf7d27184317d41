"""A city's CSR report of a year, and the network's: public figures only, as a page with
SVG charts beside their data tables and as a tagged PDF."""

import datetime as dt
import io

import pypdf
import pytest

from partnerships.models import PublicationStatus, Stakeholder
from portal.demo import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(milan, sofia):
    school = factories.ThemeFactory(name="Povertà scolastica", slug="school")
    started = factories.PartnershipFactory(
        city=milan, start_date=dt.date(2021, 3, 1), end_date=None, themes=[school]
    )
    factories.ParticipationFactory(
        partnership=started,
        stakeholder=factories.StakeholderFactory(
            city=milan, kind=Stakeholder.Kind.COMPANY, name="Acme Riservata"
        ),
    )
    factories.ParticipationFactory(
        partnership=started,
        stakeholder=factories.StakeholderFactory(city=milan, kind=Stakeholder.Kind.FOUNDATION),
    )
    # Running in 2021, started before.
    factories.PartnershipFactory(
        city=milan, start_date=dt.date(2020, 1, 1), end_date=dt.date(2022, 1, 1)
    )
    # Over before 2021, a draft, another city: none of them counts.
    factories.PartnershipFactory(
        city=milan, start_date=dt.date(2019, 1, 1), end_date=dt.date(2020, 6, 1)
    )
    factories.PartnershipFactory(
        city=milan,
        title="Bozza segreta",
        start_date=dt.date(2021, 5, 1),
        publication_status=PublicationStatus.DRAFT,
    )
    factories.PartnershipFactory(city=sofia, start_date=dt.date(2021, 5, 1))
    need = factories.NeedFactory(
        priority=factories.PriorityFactory(city=milan), deadline=dt.date(2021, 9, 30)
    )
    factories.PledgeFactory(
        need=need,
        pledged_on=dt.date(2021, 2, 1),
        quantity_delivered=5,
        delivered_on=dt.date(2021, 4, 1),
    )
    factories.SmallScaleActionFactory(ulg=factories.UrbactLocalGroupFactory(city=milan))
    plan = factories.IntegratedActionPlanFactory(city=milan)
    indicator = factories.IndicatorFactory(
        plan=plan, name="Ragazzi seguiti", baseline=0, target=200
    )
    factories.MeasurementFactory(indicator=indicator, value=50, date=dt.date(2021, 6, 30))
    # Measured after the year: not in the 2021 report.
    factories.MeasurementFactory(indicator=indicator, value=150, date=dt.date(2022, 6, 30))
    return {"started": started, "indicator": indicator}


def figures(response) -> dict[str, int]:
    return {str(figure.label): figure.value for figure in response.context["report"].key_figures}


def test_the_city_report_counts_the_years_public_records(client, records):
    response = client.get("/en/cities/milano/report/?year=2021")

    assert response.status_code == 200
    assert figures(response) == {
        "partnerships started": 1,
        "partnerships running": 2,
        "organisations taking part": 2,
        "pledges made": 1,
        "deliveries": 1,
        "needs of the year": 1,
        "needs met": 0,
        "pilot actions running": 1,
    }
    page = response.content.decode()
    # Indicator at the end of 2021: 50 of 200, a quarter of the way.
    assert "Ragazzi seguiti" in page and "25%" in page


def test_the_report_draws_accessible_svg_charts_beside_their_tables(client, records):
    page = client.get("/en/cities/milano/report/?year=2021").content.decode()

    assert '<svg class="svg-chart"' in page
    assert 'role="img"' in page
    title = "Organisations in the partnerships, by kind"
    assert f'<title id="partners-by-kind-chart-title">{title}</title>' in page
    assert "<caption>Organisations in the partnerships, by kind – data table</caption>" in page


def test_the_report_names_no_organisation_and_no_draft(client, records):
    page = client.get("/it/cities/milano/report/?year=2021").content.decode()
    assert "Acme Riservata" not in page
    assert "Bozza segreta" not in page


def test_the_network_report_counts_every_public_city(client, records):
    response = client.get("/en/numbers/report/?year=2021")
    assert figures(response)["partnerships started"] == 2
    assert figures(response)["partnerships running"] == 3


@pytest.mark.parametrize("year", ["abc", "1800", "99999", "2021x", "-1", "²", "9" * 40])
def test_a_bad_year_is_a_clear_message_not_an_error(client, records, year):
    response = client.get(f"/it/cities/milano/report/?year={year}")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "anno" in page


def test_the_report_of_an_unpublished_city_is_not_found(client, records, milan):
    milan.publication_status = PublicationStatus.DRAFT
    milan.save()
    assert client.get("/it/cities/milano/report/").status_code == 404
    assert client.get("/it/cities/milano/report/pdf/").status_code == 404


def test_the_city_and_numbers_pages_link_the_reports(client, records):
    assert 'href="/it/cities/milano/report/"' in client.get("/it/cities/milano/").content.decode()
    assert 'href="/it/numbers/report/"' in client.get("/it/numbers/").content.decode()


def read_pdf(client, url: str) -> tuple[pypdf.PdfReader, str]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = pypdf.PdfReader(io.BytesIO(response.content))
    return pdf, "\n".join(page.extract_text() for page in pdf.pages)


@pytest.mark.parametrize(
    ("language", "title", "page_label"),
    [("it", "Rapporto CSR 2021", "pagina 1 di"), ("en", "CSR report 2021", "page 1 of")],
)
def test_the_report_pdf_is_tagged_in_the_pages_language(
    client, records, language, title, page_label
):
    pdf, text = read_pdf(client, f"/{language}/cities/milano/report/pdf/?year=2021")

    root = pdf.trailer["/Root"]
    assert root["/Lang"] == language
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert pdf.outline[0]["/Title"].startswith(title)
    assert title in pdf.metadata.title
    assert page_label in text
    assert "Acme Riservata" not in text and "Bozza segreta" not in text


def test_the_network_report_pdf_has_the_figures(client, records):
    _pdf, text = read_pdf(client, "/en/numbers/report/pdf/?year=2021")
    assert "partnerships started" in text
    assert "Ragazzi seguiti" not in text  # the network shows each city's average instead
    assert "Average progress of the measured indicators, by city" in text


def test_a_cached_report_pdf_changes_with_a_shown_record(client, records, settings):
    settings.PAGE_CACHE_SECONDS = 600
    url = "/en/cities/milano/report/pdf/?year=2021"
    first = client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    factories.PartnershipFactory(city=records["started"].city, start_date=dt.date(2021, 7, 1))

    after = client.get(url)
    assert after.get("X-Page-Cache") != "hit"
    assert after.content != first.content
