"""Screenshots of every kind of public page, with the real CITIES4CSR data and with demo
data, in Italian and English, at desktop (1366 px) and phone (390 px) widths, saved in
test-artifacts/screenshots/ for a person to look at. Every page also fits its width."""

from io import StringIO

import pytest
from django.core.management import call_command

from iap.models import IntegratedActionPlan, Need
from partnerships.models import City, Partnership
from tests.e2e.conftest import TAKEN
from ulg.models import SmallScaleAction, UrbactLocalGroup

pytestmark = pytest.mark.e2e

WIDTHS = (1366, 390)


def pages_of_the_data() -> dict[str, str]:
    """One page of every kind the loaded data has, as a path after the language."""
    pages = {
        "home": "",
        "partnership-list": "partnerships/",
        "city-list": "cities/",
        "toolbox": "toolbox/",
        "need-list": "needs/",
        "stakeholder-list": "stakeholders/",
        "network": "network/",
        "numbers": "numbers/",
        "open-data": "open-data/",
        "propose": "propose/",
        "privacy": "privacy/",
        "accessibility": "accessibility/",
        "cookies": "cookies/",
    }
    partnerships = Partnership.objects.public().order_by("pk")
    if partnerships.count() > 12:
        pages["partnership-list-page-2"] = "partnerships/?page=2"
    if partnership := partnerships.first():
        pages["partnership-detail"] = f"partnerships/{partnership.slug}/"
    city = (
        City.objects.public().filter(partnerships__isnull=False).order_by("pk").first()
        or City.objects.public().order_by("pk").first()
    )
    if city:
        pages["city-detail"] = f"cities/{city.slug}/"
    if ulg := UrbactLocalGroup.objects.public().order_by("pk").first():
        pages["ulg"] = f"cities/{ulg.city.slug}/ulg/"
    if ssa := SmallScaleAction.objects.public().order_by("pk").first():
        pages["ssa"] = f"small-scale-actions/{ssa.slug}/"
    if plan := IntegratedActionPlan.objects.public().order_by("pk").first():
        pages["plan"] = f"cities/{plan.city.slug}/iap/"
    if need := Need.objects.public().order_by("pk").first():
        pages["need-detail"] = f"needs/{need.slug}/"
        pages["need-offer"] = f"needs/{need.slug}/offer/"
    return pages


@pytest.mark.parametrize("dataset", ["real", "demo"])
def test_screenshots_of_every_page_kind(live_server, browser, artifacts_dir, dataset):
    if dataset == "real":
        call_command("load_cities4csr", stdout=StringIO())
    else:
        call_command("generate_demo_data", "--scale", "0.02", "--no-progress", stdout=StringIO())
    pages = pages_of_the_data()
    assert {"partnership-detail", "city-detail", "plan"} <= set(pages)
    too_wide = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for language in ("it", "en"):
            for kind, path in pages.items():
                response = page.goto(f"{live_server.url}/{language}/{path}")
                assert response.status == 200, path
                page.wait_for_load_state("networkidle")
                target = artifacts_dir / f"{dataset}-{kind}-{language}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                TAKEN.append(target)
                if page.evaluate("document.documentElement.scrollWidth") > width:
                    too_wide.append(f"{language}/{path} at {width} px")
        context.close()
    assert too_wide == []
