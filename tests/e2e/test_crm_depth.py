"""The workspace's CRM depth in Italian, signed in with a real TOTP second factor: a
notification received and opened from the bell, two stakeholders merged side by side
and the merge undone, a file attached to an interaction; 0 axe WCAG 2.1 A/AA
violations on each page, screenshots at 1366 and 390 px."""

import pytest

from core.models import Notification
from partnerships import services
from partnerships.models import InteractionAttachment, Stakeholder
from portal.demo.factories import InteractionFactory, ProposalFactory, StakeholderFactory
from tests.e2e.conftest import TAKEN, axe_violations
from tests.e2e.test_workspace import sign_in_with_a_new_authenticator

pytestmark = [pytest.mark.e2e, pytest.mark.two_factor]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def checked(page, artifacts_dir, name: str, width: int) -> None:
    assert axe_violations(page) == [], name
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    target = artifacts_dir / f"crm-{name}-{width}.png"
    page.screenshot(path=str(target), full_page=True)
    TAKEN.append(target)


@pytest.mark.parametrize("width", [1366, 390])
def test_notification_merge_and_undo_and_an_attachment(
    live_server,
    browser,
    milan,
    coordinator,
    account_manager,
    artifacts_dir,
    width,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    proposal = ProposalFactory(city=milan, organisation_name="Fondazione Aurora")
    services.proposal_assign(proposal=proposal, assignee=coordinator, actor=account_manager)
    kept = StakeholderFactory(
        city=milan, name="Acme S.p.A.", website="https://acme.it", kind="company", vat_number=""
    )
    other = StakeholderFactory(
        city=milan, name="ACME srl", website="", kind="foundation", vat_number="IT 01234567897"
    )
    InteractionFactory(stakeholder=other, summary="Telefonata sul doposcuola")

    context = browser.new_context(viewport={"width": width, "height": 900}, locale="it-IT")
    page = context.new_page()
    sign_in_with_a_new_authenticator(page, live_server.url, coordinator)

    # The bell: one unread notification, opened from the list, then none.
    bell = page.locator("a.staff-bell")
    assert bell.inner_text().strip().endswith("1 notifica non letta")
    with page.expect_navigation():
        bell.click()
    checked(page, artifacts_dir, "notifications", width)
    with page.expect_navigation():
        page.get_by_role(
            "link", name="Ti è stata assegnata una proposta: Fondazione Aurora"
        ).click()
    assert page.url.endswith(f"/workspace/proposals/{proposal.pk}/")
    assert page.locator("a.staff-bell").inner_text().strip().endswith("0 notifiche non lette")
    assert Notification.objects.get().read_at is not None

    # Duplicates: compare, keep Acme S.p.A. with the other's kind, merge.
    page.goto(f"{live_server.url}/workspace/stakeholders/duplicates/")
    checked(page, artifacts_dir, "duplicates", width)
    with page.expect_navigation():
        page.get_by_role("link", name="Confronta Acme S.p.A. – ACME srl").click()
    checked(page, artifacts_dir, "merge", width)
    page.click("label[for=id_kind_1]")  # the second record's kind, as a person clicks it
    assert page.is_checked("#id_kind_1")
    page.click("label[for=id_vat_number_1]")  # and its partita IVA
    with page.expect_navigation():
        page.get_by_role("button", name="Unisci").click()
    assert "«ACME srl» è stato unito a questa scheda" in page.inner_text("main")
    assert "Telefonata sul doposcuola" in page.inner_text("main")
    assert not Stakeholder.objects.filter(pk=other.pk).exists()
    assert Stakeholder.objects.get(pk=kept.pk).kind == "foundation"
    assert "partita IVA 01234567897" in page.inner_text("main")
    checked(page, artifacts_dir, "merged", width)

    with page.expect_navigation():
        page.get_by_role("button", name="Annulla l'unione").click()
    assert "Unione annullata: «ACME srl» è tornato con i suoi dati." in page.inner_text("main")
    assert "Telefonata sul doposcuola" in page.inner_text("main")
    assert Stakeholder.objects.filter(pk=other.pk).exists()
    kept_kind = kept.kind
    kept.refresh_from_db()
    assert kept.kind == kept_kind == "company"  # the value taken from ACME srl, given back
    assert kept.vat_number == ""

    # A file attached to the interaction, then listed and downloadable.
    page.locator("details summary", has_text="Allega un file").first.click()
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "verbale.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.locator("input[name=title]").first.fill("Verbale dell'incontro")
    with page.expect_navigation():
        page.get_by_role("button", name="Allega").first.click()
    assert "File allegato." in page.inner_text("main")
    link = page.get_by_role("link", name="Verbale dell'incontro")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "verbale-dellincontro.pdf"
    assert InteractionAttachment.objects.get().interaction.stakeholder_id == other.pk
    checked(page, artifacts_dir, "attachment", width)
    context.close()
