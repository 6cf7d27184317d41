"""A coordinator builds a segment in Italian and exports it: sign in with a real TOTP
second factor, filter the stakeholders by stage, kind and tag, save the filters as a
segment, open it, download its interactions; axe-clean, at desktop and phone width."""

import pytest

from partnerships.models import Segment, Tag
from portal.demo.factories import InteractionFactory, StakeholderFactory
from tests.e2e.conftest import TAKEN, axe_violations
from tests.e2e.test_workspace import sign_in_with_a_new_authenticator

pytestmark = [pytest.mark.e2e, pytest.mark.two_factor]


@pytest.fixture
def tagged(milan, coordinator):
    canteens = Tag.objects.create(city=milan, name="Mense scolastiche")
    wanted = StakeholderFactory(
        city=milan, name="Ristorazione Lombarda Spa", kind="company", engagement_stage="prospect"
    )
    wanted.tags.add(canteens)
    InteractionFactory(stakeholder=wanted, owner=coordinator, summary="Incontro sulle mense")
    school = StakeholderFactory(
        city=milan, name="Istituto Comprensivo", kind="school", engagement_stage="prospect"
    )
    school.tags.add(canteens)
    InteractionFactory(stakeholder=school, owner=coordinator, summary="Telefonata alla scuola")
    return canteens


def shoot(page, artifacts_dir, name: str, width: int) -> None:
    target = artifacts_dir / f"segment-{name}-{width}.png"
    page.screenshot(path=str(target), full_page=True)
    TAKEN.append(target)


@pytest.mark.parametrize("width", [1366, 390])
def test_coordinator_builds_a_segment_and_exports_it(
    live_server, browser, tagged, coordinator, artifacts_dir, width
):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="it-IT", accept_downloads=True
    )
    page = context.new_page()
    sign_in_with_a_new_authenticator(page, live_server.url, coordinator)

    page.locator("label[for=id_mine]").click()  # Bootstrap Italia draws the box on the label
    assert not page.is_checked("#id_mine")
    page.select_option("#id_engagement_stage", "prospect")
    page.select_option("#id_kind", "company")
    page.select_option("#id_tag", str(tagged.pk))
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.get_by_role("button", name="Filtra").click()
    assert page.get_by_role("link", name="Ristorazione Lombarda Spa").is_visible()
    assert page.get_by_role("link", name="Istituto Comprensivo").count() == 0
    assert axe_violations(page) == []
    shoot(page, artifacts_dir, "filtered", width)

    page.fill("#id_segment_name", "Aziende delle mense")
    with page.expect_navigation():
        page.get_by_role("button", name="Salva come segmento").click()
    segment = Segment.objects.get(name="Aziende delle mense")
    assert page.url.endswith(f"/workspace/segments/{segment.pk}/")
    assert page.get_by_text("Etichetta: Mense scolastiche").is_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shoot(page, artifacts_dir, "detail", width)

    with page.expect_download() as download:
        page.get_by_role("link", name="Interazioni (CSV)").click()
    exported = download.value.path().read_text(encoding="utf-8-sig")
    assert "Incontro sulle mense" in exported
    assert "Telefonata alla scuola" not in exported
    context.close()
