"""Every public page in both languages: 200, no console errors, 0 axe violations;
keyboard use of filters, pagination and the language switcher; screenshots."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from tests.e2e.conftest import TAKEN, axe_violations
from tests.public_data import populate

pytestmark = pytest.mark.e2e

PAGES = [
    "",
    "partnerships/",
    "partnerships/?city=milano&sort=title",
    "partnerships/?q=nothing-matches",
    "partnerships/partenariato-0/",
    "cities/",
    "cities/milano/",
    "cities/sofia/",
    "cities/milano/ulg/",
    "small-scale-actions/azione-pilota-0/",
    "cities/milano/iap/",
    "toolbox/",
    "needs/",
    "needs/?kind=volunteers&place=Niguarda",
    "needs/bisogno-0/",
    "needs/bisogno-0/offer/",
    "stakeholders/",
    "network/",
    "numbers/",
    "accessibility/",
    "cookies/",
    "partnerships/no-such-partnership/",
]


@pytest.fixture
def site(milan, sofia):
    return populate(milan, sofia, scale=14)


@pytest.mark.parametrize("language", ["it", "en"])
def test_every_public_page_loads_without_errors_or_axe_violations(
    live_server, page, site, language
):
    problems = {}
    for path in PAGES:
        url = f"{live_server.url}/{language}/{path}"
        response = page.goto(url)
        expected = 404 if "no-such" in path else 200
        found = []
        if response.status != expected:
            found.append(f"status {response.status}")
        page.wait_for_load_state("networkidle")
        # Chromium reports the 404 of the not-found page itself as a console error.
        errors = page.errors if expected == 200 else page.errors[1:]
        found += [f"console: {error}" for error in errors]
        page.errors.clear()
        found += axe_violations(page)
        if found:
            problems[path] = found
    assert problems == {}


def tab_until(page, selector: str, limit: int = 150) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def focus_is_visible(page) -> bool:
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
                || style.boxShadow !== "none";
        }"""
    )


def test_skip_link_is_the_first_stop_and_jumps_to_the_content(live_server, page, site):
    page.goto(f"{live_server.url}/it/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_filter_form_works_with_the_keyboard(live_server, page, site):
    page.goto(f"{live_server.url}/en/partnerships/")
    tab_until(page, "#id_q")
    assert focus_is_visible(page)
    page.keyboard.type("Partenariato 13")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=Partenariato+13" in page.url
    assert "1 partnership found" in page.inner_text("main")
    tab_until(page, "#id_city")
    assert focus_is_visible(page)
    page.keyboard.press("ArrowDown")
    tab_until(page, "button[type=submit]")
    assert focus_is_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "city=" in page.url and "q=Partenariato+13" in page.url


def test_pagination_works_with_the_keyboard_and_keeps_filters(live_server, page, site):
    page.goto(f"{live_server.url}/it/partnerships/?city=milano")
    tab_until(page, "a.page-link[href*='page=2']")
    assert focus_is_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "page=2" in page.url and "city=milano" in page.url
    assert page.locator("a.page-link[aria-current=page]").inner_text().strip().endswith("2")


def test_language_switcher_works_with_the_keyboard(live_server, page, site):
    page.goto(f"{live_server.url}/it/cities/milano/")
    tab_until(page, "a[hreflang=en]")
    assert focus_is_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server.url}/en/cities/milano/"
    assert page.evaluate("document.documentElement.lang") == "en"


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_of_the_main_pages(live_server, browser, site, artifacts_dir, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for name, path in [
        ("home", "/it/"),
        ("partnership-list", "/it/partnerships/"),
        ("partnership-detail", "/it/partnerships/partenariato-1/"),
        ("iap", "/it/cities/milano/iap/"),
        ("need-list", "/it/needs/"),
        ("need-detail", "/it/needs/bisogno-1/"),
    ]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        target = artifacts_dir / f"{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 0
        TAKEN.append(target)
        print(f"screenshot: {target}")
        # Layouts differ by width (scrolling timeline, collapsed menu): check both.
        assert axe_violations(page) == [], (name, width)
        # Wide tables and the timeline scroll inside their own region, not the page.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
    context.close()


def test_every_page_of_the_real_data_loads_without_errors_or_axe_violations(live_server, page):
    call_command("load_cities4csr", stdout=StringIO())
    sitemap = page.request.get(f"{live_server.url}/sitemap.xml").text()
    urls = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert len(urls) > 80
    problems = {}
    for url in urls:
        response = page.goto(url)
        found = [] if response.status == 200 else [f"status {response.status}"]
        found += [f"console: {error}" for error in page.errors]
        page.errors.clear()
        found += axe_violations(page)
        if found:
            problems[url] = found
    assert problems == {}
