"""The Content-Security-Policy is enforced in the browser and nothing we serve breaks it:
public pages (see test_public_pages.py), the contact form, the admin (with its
import/export screens), the workspace and the API documentation. Any violation
fails the test through the `page` fixture."""

import pytest
from django.conf import settings
from django.test import Client

from portal.demo.factories import PartnershipFactory

pytestmark = pytest.mark.e2e


def sign_in(page, live_server, user) -> None:
    """Give the browser the session of `user` (force_login: no password, no lockout)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    assert page.errors == [], url


def test_a_violation_is_reported_so_the_browser_tests_can_fail(live_server, page, milan):
    page.goto(f"{live_server.url}/en/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.head.append(script);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.injected === true") is False
    assert any("script-src" in violation for violation in page.csp_violations)
    # Expected here: leave nothing for the fixture's own check.
    page.csp_violations.clear()
    page.errors.clear()


def test_the_page_header_carries_the_policy(live_server, page, milan):
    response = page.goto(f"{live_server.url}/en/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "'unsafe-eval'" not in policy


def test_the_proposal_form_works_under_the_policy(live_server, page, milan):
    visit(page, f"{live_server.url}/en/propose/")


def test_the_admin_works_under_the_policy(live_server, page, superuser, milan):
    partnership = PartnershipFactory(city=milan)
    sign_in(page, live_server, superuser)
    for path in [
        "/admin/",
        "/admin/partnerships/partnership/",
        f"/admin/partnerships/partnership/{partnership.pk}/change/",
        "/admin/partnerships/partnership/add/",
        "/admin/partnerships/partnership/import/",
        "/admin/partnerships/partnership/export/",
    ]:
        visit(page, f"{live_server.url}{path}")
    # The language menu (a static script now, not an onchange attribute) still switches.
    page.goto(f"{live_server.url}/admin/")
    with page.expect_navigation():
        page.select_option("#admin-language-select", "en")
    assert page.evaluate("document.documentElement.lang") == "en"


def test_the_admin_sign_in_page_works_under_the_policy(live_server, page):
    visit(page, f"{live_server.url}/admin/login/")


def test_the_workspace_works_under_the_policy(live_server, page, coordinator, milan):
    sign_in(page, live_server, coordinator)
    visit(page, f"{live_server.url}/workspace/")


def test_the_api_documentation_renders_under_the_policy(live_server, page):
    visit(page, f"{live_server.url}/api/docs/")
    # It renders the operations it reads from the schema.
    page.wait_for_selector("text=/api/v1/partnerships/", timeout=15000)
