"""The generated documents in the browser: the plan's PDF and a city's CSR report PDF
downloaded from their links, the first page of each drawn with pdftoppm, and the report
page at desktop and phone widths in Italian and English, all saved in
test-artifacts/screenshots/ for a person to look at."""

import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from iap.models import IntegratedActionPlan
from tests.e2e.conftest import TAKEN, axe_violations

pytestmark = pytest.mark.e2e

WIDTHS = (1366, 390)


@pytest.fixture
def city_slug(db) -> str:
    call_command("generate_demo_data", "--scale", "0.02", "--no-progress", stdout=StringIO())
    plan = IntegratedActionPlan.objects.public().filter(actions__isnull=False).order_by("pk")
    return plan.select_related("city").first().city.slug


def first_page_png(pdf: Path, target: Path) -> None:
    """Draw the PDF's first page at 60 dpi, as a person would glance at it."""
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is missing: apt-get install -y poppler-utils (make e2e does)"
    subprocess.run(  # noqa: S603 - the system pdftoppm on a file this test wrote
        [
            pdftoppm,
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(target.with_suffix("")),
        ],
        check=True,
    )
    assert target.exists() and target.stat().st_size > 5_000
    TAKEN.append(target)


def download(page, link_name: str, folder: Path, name: str) -> Path:
    with page.expect_download() as started:
        page.get_by_role("link", name=link_name).click()
    pdf = folder / name
    started.value.save_as(str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF-")
    return pdf


def test_the_plan_pdf_downloads_from_the_plan_page(
    live_server, page, artifacts_dir, city_slug, tmp_path
):
    for language, link in (("it", "Scarica il piano (PDF)"), ("en", "Download the plan (PDF)")):
        page.goto(f"{live_server.url}/{language}/cities/{city_slug}/iap/")
        pdf = download(page, link, tmp_path, f"plan-{language}.pdf")
        first_page_png(pdf, artifacts_dir / f"document-plan-{language}-page1.png")


def test_the_city_report_page_and_pdf(live_server, browser, artifacts_dir, city_slug, tmp_path):
    too_wide = []
    for width in WIDTHS:
        context = browser.new_context(
            viewport={"width": width, "height": 900}, accept_downloads=True
        )
        page = context.new_page()
        for language, city_link, pdf_link in (
            ("it", "Rapporto CSR di", "Scarica il rapporto"),
            ("en", "CSR report of", "Download the"),
        ):
            page.goto(f"{live_server.url}/{language}/cities/{city_slug}/")
            page.get_by_role("link", name=city_link).click()
            page.wait_for_load_state("networkidle")
            assert page.locator("svg.svg-chart[role=img]").count() >= 1
            target = artifacts_dir / f"report-city-{language}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            TAKEN.append(target)
            if page.evaluate("document.documentElement.scrollWidth") > width:
                too_wide.append(f"{language} at {width} px")
            if width == WIDTHS[0]:
                assert axe_violations(page) == []
                pdf = download(page, pdf_link, tmp_path, f"report-{language}.pdf")
                first_page_png(pdf, artifacts_dir / f"document-city-report-{language}-page1.png")
        context.close()
    assert too_wide == []


def test_the_network_report_from_the_numbers_page(
    live_server, page, artifacts_dir, city_slug, tmp_path
):
    page.goto(f"{live_server.url}/it/numbers/")
    page.get_by_role("link", name="Rapporto CSR della rete").click()
    page.wait_for_load_state("networkidle")
    target = artifacts_dir / "report-network-it-1280.png"
    page.screenshot(path=str(target), full_page=True)
    TAKEN.append(target)
    pdf = download(page, "Scarica il rapporto", tmp_path, "network.pdf")
    first_page_png(pdf, artifacts_dir / "document-network-report-it-page1.png")
