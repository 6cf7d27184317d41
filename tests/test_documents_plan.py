"""The published plan as a PDF: its page's content laid out for print, tagged, in the
page's language, and cached like the page."""

import io

import pypdf
import pytest

from partnerships.models import PublicationStatus
from portal.demo import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(milan):
    plan = factories.IntegratedActionPlanFactory(
        city=milan,
        title="Piano d'azione Milano",
        strategic_objective="Ridurre la povertà educativa nei quartieri.",
        resources="Fondi comunali e contributi delle imprese.",
        monitoring="Rilevazione semestrale.",
    )
    ssa = factories.SmallScaleActionFactory(
        ulg=factories.UrbactLocalGroupFactory(city=milan),
        title="Doposcuola in Darsena",
        results="120 ragazzi seguiti.",
    )
    action = factories.ActionFactory(plan=plan, code="A1", title="Doposcuola diffuso")
    action.related_ssas.add(ssa)
    indicator = factories.IndicatorFactory(
        plan=plan, action=action, name="Ragazzi seguiti", baseline=0, target=200
    )
    factories.MeasurementFactory(indicator=indicator, value=80)
    factories.RiskFactory(plan=plan, description="Pochi volontari disponibili")
    return plan


def pdf_of(client, url: str) -> pypdf.PdfReader:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pypdf.PdfReader(io.BytesIO(response.content))


def text_of(pdf: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in pdf.pages)


def test_the_plan_pdf_has_the_plans_structure_and_figures_in_italian(client, plan):
    pdf = pdf_of(client, "/it/cities/milano/iap/pdf/")
    text = text_of(pdf)

    headings = [item["/Title"] for item in pdf.outline if not isinstance(item, list)]
    assert headings[0] == "Piano d'azione Milano"
    for heading in (
        "Obiettivo strategico",
        "Azioni",
        "Cronoprogramma",
        "Risultati delle azioni pilota",
        "Risorse",
        "Monitoraggio",
        "Analisi dei rischi",
    ):
        assert heading in text
    assert "Ridurre la povertà educativa" in text
    assert "Doposcuola diffuso" in text
    assert "120 ragazzi seguiti." in text
    # The indicator against its target, with its measurement (80 of 200: 40%).
    assert "Ragazzi seguiti" in text and "200" in text and "80" in text
    assert "Pochi volontari disponibili" in text
    assert "pagina 1 di" in text
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "it"
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]


def test_the_plan_pdf_follows_the_pages_language(client, plan):
    pdf = pdf_of(client, "/en/cities/milano/iap/pdf/")
    text = text_of(pdf)
    assert pdf.trailer["/Root"]["/Lang"] == "en"
    assert "Strategic objective" in text and "Risk analysis" in text
    assert "page 1 of" in text


def test_an_unpublished_plan_has_no_pdf(client, plan):
    plan.publication_status = PublicationStatus.DRAFT
    plan.save()
    assert client.get("/it/cities/milano/iap/pdf/").status_code == 404


def test_an_unpublished_pilot_stays_out_of_the_plan_pdf(client, plan):
    hidden = factories.SmallScaleActionFactory(
        ulg=plan.city.ulg, title="Progetto riservato", publication_status=PublicationStatus.DRAFT
    )
    plan.actions.get().related_ssas.add(hidden)
    assert "Progetto riservato" not in text_of(pdf_of(client, "/it/cities/milano/iap/pdf/"))


def test_the_plan_page_links_its_pdf_saying_the_format(client, plan):
    page = client.get("/it/cities/milano/iap/").content.decode()
    assert 'href="/it/cities/milano/iap/pdf/"' in page
    assert "Scarica il piano (PDF)" in page


def test_a_cached_plan_pdf_changes_with_the_plan(client, plan, settings):
    settings.PAGE_CACHE_SECONDS = 600
    url = "/en/cities/milano/iap/pdf/"
    first = client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    indicator = plan.indicators.get()
    factories.MeasurementFactory(indicator=indicator, value=150, date="2024-06-30")

    after = client.get(url)
    assert after.get("X-Page-Cache") != "hit"
    assert after.content != first.content
    assert "150" in text_of(pypdf.PdfReader(io.BytesIO(after.content)))
