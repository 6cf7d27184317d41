"""A coordinator signs in with a real TOTP second factor, drafts an Italian agreement
from a partnership, downloads the DOCX and the PDF; the PDF's first page is rendered
(pdftoppm) and the generation page photographed at desktop and phone width."""

import io
import shutil
import subprocess
from decimal import Decimal

import docx
import pypdf
import pytest

from partnerships.models import Participation, Stakeholder
from portal.demo.factories import ParticipationFactory, PartnershipFactory, StakeholderFactory
from tests.e2e.conftest import TAKEN, axe_violations
from tests.e2e.test_workspace import sign_in_with_a_new_authenticator

pytestmark = [pytest.mark.e2e, pytest.mark.two_factor]


@pytest.fixture
def partnership(milan):
    milan.agreement_signatory = "La Direzione Politiche sociali"
    milan.save()
    partnership = PartnershipFactory(
        city=milan,
        title_it="Doposcuola al Corvetto",
        summary_it="Un doposcuola per i ragazzi del quartiere.",
        outcomes_it="Ridurre l'abbandono scolastico.",
    )
    ParticipationFactory(
        partnership=partnership,
        stakeholder=StakeholderFactory(
            city=milan, name="Fondazione Aurora", kind=Stakeholder.Kind.FOUNDATION
        ),
        role=Participation.Role.FUNDER,
        contribution="Finanzia gli educatori",
        amount_eur=Decimal("12500.00"),
    )
    return partnership


def test_coordinator_drafts_an_italian_agreement_and_downloads_docx_and_pdf(
    live_server, browser, partnership, coordinator, artifacts_dir
):
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, locale="it-IT", accept_downloads=True
    )
    page = context.new_page()
    sign_in_with_a_new_authenticator(page, live_server.url, coordinator)

    url = f"{live_server.url}/workspace/partnerships/{partnership.pk}/agreement/"
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot = artifacts_dir / f"agreement-generation-{width}.png"
        page.screenshot(path=shot, full_page=True)
        TAKEN.append(shot)
    page.set_viewport_size({"width": 1366, "height": 900})

    page.check("input[name=language][value=it]")
    with page.expect_download() as docx_download:
        page.click("button[value=docx]")
    text = "\n".join(p.text for p in docx.Document(docx_download.value.path()).paragraphs)
    assert "Fondazione Aurora (Fondazione), in qualità di Finanziatore;" in text
    assert "Milano, rappresentato da La Direzione Politiche sociali;" in text

    with page.expect_download() as pdf_download:
        page.click("button[value=pdf]")
    pdf_path = artifacts_dir / "agreement-draft-it.pdf"
    pdf_download.value.save_as(pdf_path)
    pdf = pypdf.PdfReader(io.BytesIO(pdf_path.read_bytes()))
    assert pdf.trailer["/Root"]["/Lang"] == "it"
    assert "Fondazione Aurora" in pdf.pages[0].extract_text()

    prefix = artifacts_dir / "agreement-draft-it-page1"
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm (poppler-utils) renders the PDF's first page"
    command = [pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"]
    subprocess.run([*command, str(pdf_path), str(prefix)], check=True)  # noqa: S603
    TAKEN.append(prefix.with_suffix(".png"))
    assert prefix.with_suffix(".png").stat().st_size > 0

    assert (
        partnership.history.filter(history_change_reason__contains="Bozza di accordo").count() == 2
    )
    context.close()
