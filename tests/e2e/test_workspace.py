"""The workspace as a coordinator uses it: sign in with a real TOTP second factor, then
every workspace page at desktop and phone width with 0 axe WCAG 2.1 A/AA violations,
no page-wide horizontal scroll, and a screenshot of each."""

import datetime as dt

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerships.models import Proposal
from portal.demo.factories import InteractionFactory, ProposalFactory, StakeholderFactory
from tests.e2e.conftest import TAKEN, axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.two_factor]

PASSWORD = "correct-horse-battery-staple"  # portal.demo.factories.UserFactory's


@pytest.fixture
def desk(milan, coordinator):
    """A stakeholder the coordinator follows, a follow-up due, a proposal to answer."""
    stakeholder = StakeholderFactory(city=milan, account_manager=coordinator)
    InteractionFactory(
        stakeholder=stakeholder,
        owner=coordinator,
        follow_up_date=timezone.localdate() - dt.timedelta(days=2),
        follow_up_action="Richiamare per il doposcuola",
    )
    return {"stakeholder": stakeholder, "proposal": ProposalFactory(city=milan)}


def current_code(user) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def sign_in_with_a_new_authenticator(page, base_url: str, user) -> None:
    page.goto(f"{base_url}/admin/login/?next=/workspace/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert "/two-factor/setup/" in page.url
    # The key the page shows is the one an authenticator app would hold.
    assert page.locator("main figcaption code").is_visible()
    page.fill("#id_token", current_code(user))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.locator("main li code").count() == 10  # the backup codes
    with page.expect_navigation():
        page.click("main a.btn-primary")  # Continue (beside Download, Print)
    assert page.url.endswith("/workspace/")


@pytest.mark.parametrize("width", [1366, 390])
def test_coordinator_signs_in_with_totp_and_works_every_workspace_page_accessibly(
    live_server, browser, desk, coordinator, artifacts_dir, width
):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="it-IT")
    page = context.new_page()
    sign_in_with_a_new_authenticator(page, live_server.url, coordinator)

    stakeholder, proposal = desk["stakeholder"], desk["proposal"]
    problems = {}
    for name, path in [
        ("stakeholders", "/workspace/"),
        ("stakeholder", f"/workspace/stakeholders/{stakeholder.pk}/"),
        ("follow-ups", "/workspace/follow-ups/"),
        ("pipeline", "/workspace/pipeline/"),
        ("proposals", "/workspace/proposals/"),
        ("proposal", f"/workspace/proposals/{proposal.pk}/"),
        ("dashboard", "/workspace/dashboard/"),
        ("api-token", "/workspace/api-token/"),
    ]:
        response = page.goto(f"{live_server.url}{path}")
        found = [] if response.status == 200 else [f"status {response.status}"]
        found += axe_violations(page)
        if page.evaluate("document.documentElement.scrollWidth") > width:
            found.append("the page scrolls sideways")
        if found:
            problems[name] = found
        target = artifacts_dir / f"workspace-{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        TAKEN.append(target)
    assert problems == {}

    page.goto(f"{live_server.url}/workspace/proposals/{proposal.pk}/")
    page.fill("#id_title", "Doposcuola con i volontari")
    with page.expect_navigation():
        page.click("form[action$='/accept/'] button[type=submit]")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED
    assert proposal.partnership.title == "Doposcuola con i volontari"
    assert axe_violations(page) == []
    context.close()
