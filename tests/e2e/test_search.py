"""Site-wide search in the browser: the header box by keyboard, the results page
without axe violations or sideways scroll, and screenshots at 1366 and 390 pixels."""

import pytest

from iap.models import Priority
from portal.demo import factories
from tests.e2e.conftest import TAKEN, axe_violations
from tests.e2e.test_public_pages import focus_is_visible, tab_until
from tests.public_data import populate
from ulg.models import UrbactLocalGroup

pytestmark = pytest.mark.e2e


@pytest.fixture
def site(milan, sofia):
    populate(milan, sofia, scale=3)
    factories.PartnershipFactory(
        city=milan,
        title="Scuola aperta al quartiere",
        title_en="A school open to its neighbourhood",
        summary="Il cortile della scuola resta aperto il pomeriggio per lo sport e i compiti.",
        neighbourhood="Niguarda",
    )
    factories.PartnershipFactory(
        city=sofia,
        title="Merenda sana",
        summary="Frutta fresca per ogni scuola primaria del distretto, donata da un'impresa.",
    )
    factories.NeedFactory(
        priority=Priority.objects.filter(city=milan).first(),
        title="Volontari per il doposcuola",
        description="Cerchiamo volontari per aiutare i ragazzi della scuola media con i compiti.",
    )
    factories.SmallScaleActionFactory(
        ulg=UrbactLocalGroup.objects.get(city=milan),
        title="Orto a scuola",
        summary="Un orto coltivato dalle classi, con il sostegno di un vivaio del quartiere.",
    )
    factories.ToolboxResourceFactory(
        city=milan,
        title="Guida ai patti educativi",
        description="Come scrivere un patto tra scuola, Comune e imprese.",
    )


def test_search_from_the_header_by_keyboard(live_server, page, site):
    page.goto(f"{live_server.url}/it/cities/milano/")
    tab_until(page, "#header-search-q")
    assert focus_is_visible(page)
    page.keyboard.type("scuola")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url == f"{live_server.url}/it/search/?q=scuola"
    results = page.locator(".search-result h3 a").all_inner_texts()
    assert "Scuola aperta al quartiere" in results
    assert "Volontari per il doposcuola" in results
    assert page.locator(".search-result mark").count() > 0
    assert axe_violations(page) == []
    assert page.errors == []


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("language", ["it", "en"])
def test_screenshots_of_search_results(live_server, browser, site, artifacts_dir, width, language):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/search/?q=scuola")
    page.wait_for_load_state("networkidle")
    target = artifacts_dir / f"search-results-{language}-{width}.png"
    page.screenshot(path=str(target), full_page=True)
    TAKEN.append(target)
    print(f"screenshot: {target}")
    assert page.locator(".search-result").count() >= 4
    assert axe_violations(page) == [], width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
