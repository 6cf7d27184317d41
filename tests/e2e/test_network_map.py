"""The map of the network in a browser, with the real CITIES4CSR data: nothing is
requested from another host, axe finds nothing, every pin is reached and followed with
the keyboard, the map works without JavaScript; screenshots at desktop and phone widths."""

from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from tests.e2e.conftest import TAKEN, axe_violations

pytestmark = pytest.mark.e2e

MAP_PAGES = ["", "network/", "cities/milano/", "cities/sofia/"]


@pytest.fixture
def real_network(db):
    call_command("load_cities4csr", stdout=StringIO())


def same_host_only(page, live_server) -> list[str]:
    """Refuses, and records, every request the page makes to another host."""
    ours = urlsplit(live_server.url).netloc
    elsewhere: list[str] = []

    def route(route):
        url = route.request.url
        if url.startswith("data:") or urlsplit(url).netloc == ours:
            route.continue_()
        else:
            elsewhere.append(url)
            route.abort()

    page.route("**/*", route)
    return elsewhere


@pytest.mark.parametrize("language", ["it", "en"])
def test_map_pages_request_nothing_from_another_host_and_pass_axe(
    live_server, page, real_network, language
):
    elsewhere = same_host_only(page, live_server)
    outlines = []
    page.on(
        "response",
        lambda response: (
            outlines.append(response.status)
            if response.url.endswith("/static/map/europe.svg")
            else None
        ),
    )
    problems = {}
    for path in MAP_PAGES:
        page.goto(f"{live_server.url}/{language}/{path}")
        page.wait_for_load_state("networkidle")
        assert page.locator("svg.network-map-svg a").count() == 10, path
        found = axe_violations(page) + [f"console: {error}" for error in page.errors]
        page.errors.clear()
        if found:
            problems[path] = found
    assert problems == {}
    assert elsewhere == []
    # The outlines are drawn from this site's own file (cached after the first page).
    assert outlines and set(outlines) <= {200, 304}


def test_every_pin_is_reached_and_followed_with_the_keyboard(live_server, page, real_network):
    page.goto(f"{live_server.url}/en/")
    pins = page.locator("svg.network-map-svg a")
    names = []
    for _ in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => document.activeElement.closest('svg') ? "
            "document.activeElement.getAttribute('aria-label') : null"
        )
        if focused:
            names.append(focused.split(":")[0])
        if len(names) == pins.count():
            break
    assert sorted(names) == sorted(
        pins.nth(index).get_attribute("aria-label").split(":")[0] for index in range(10)
    )
    # The focused pin shows it: its circle takes the site's orange focus ring.
    assert (
        page.evaluate(
            "() => getComputedStyle(document.activeElement.querySelector('circle')).stroke"
        )
        == "rgb(255, 153, 0)"
    )
    target = page.evaluate("() => document.activeElement.getAttribute('href')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server.url}{target}"


def test_the_map_works_without_javascript(live_server, browser, real_network):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/it/network/")

    page.locator('svg.network-map-svg a[href="/it/cities/rijeka/"]').click()

    assert page.url == f"{live_server.url}/it/cities/rijeka/"
    assert page.locator("svg.network-map-svg a[aria-current=page]").get_attribute("href") == (
        "/it/cities/rijeka/"
    )
    context.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_screenshots_of_the_map(live_server, browser, real_network, artifacts_dir, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for name, path in [("map-home", "/it/"), ("map-city", "/en/cities/sofia/")]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        target = artifacts_dir / f"{name}-{width}.png"
        page.locator(".network-map").screenshot(path=str(target))
        assert target.stat().st_size > 0
        TAKEN.append(target)
        # The map fits the phone's width: the page does not scroll sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
    context.close()
