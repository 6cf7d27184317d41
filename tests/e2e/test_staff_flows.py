"""A coordinator's first day, in Italian, with a real TOTP second factor: the two-factor
set-up, backup codes and verify pages (0 axe WCAG 2.1 A/AA violations, a sign-out on
each), then a partnership with two partners created in the admin. Screenshots at
1366 and 390 px; the clicks each task takes are counted."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerships.models import Partnership, Stakeholder
from portal.demo.factories import StakeholderFactory
from tests.e2e.conftest import TAKEN, axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.two_factor]

PASSWORD = "correct-horse-battery-staple"  # portal.demo.factories.UserFactory's


def current_code(user) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


class Clicks:
    """A page whose clicks are counted: the effort of a task, as a person would count it."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, selector: str) -> None:
        self.count += 1
        self.page.click(selector)

    def choose(self, option) -> None:
        """Click an option of an autocomplete list, once it has appeared."""
        option.wait_for()
        self.count += 1
        option.click()


def shot(page, artifacts_dir, name: str, width: int) -> None:
    target = artifacts_dir / f"staff-{name}-{width}.png"
    page.screenshot(path=str(target), full_page=True)
    TAKEN.append(target)


def assert_staff_page(page) -> None:
    """Accessible, in Italian, with who is signed in and a sign-out."""
    assert axe_violations(page) == []
    assert page.locator("html").get_attribute("lang") == "it"
    assert page.locator("form[action='/admin/logout/'] button").is_visible()


def first_sign_in(page, base_url: str, user, artifacts_dir, width: int) -> None:
    """Password, then the authenticator set-up and the backup codes; lands on the admin."""
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert "/two-factor/setup/" in page.url
    assert_staff_page(page)
    assert page.get_by_text(user.get_full_name()).is_visible()
    shot(page, artifacts_dir, "two-factor-setup", width)
    page.fill("#id_token", current_code(user))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.locator("main li code").count() == 10
    assert_staff_page(page)
    shot(page, artifacts_dir, "two-factor-backup-codes", width)
    with page.expect_navigation():
        page.click("main a.btn-primary")  # Continue (beside Download, Print)


@pytest.mark.parametrize("width", [1366, 390])
def test_coordinators_first_sign_in_and_a_partnership_with_two_partners(
    live_server, browser, milan, coordinator, artifacts_dir, width
):
    coordinator.first_name, coordinator.last_name = "Lucia", "Ferri"
    coordinator.save()
    StakeholderFactory(city=milan, name="Fondazione Aurora")
    StakeholderFactory(city=milan, name="Cooperativa Borgo")
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="it-IT")
    page = context.new_page()

    first_sign_in(page, live_server.url, coordinator, artifacts_dir, width)
    assert page.url.endswith("/admin/")

    # A partnership with two partners: the city is filled in (the coordinator has one).
    clicks = Clicks(page)
    page.goto(f"{live_server.url}/admin/partnerships/partnership/add/")
    page.fill("#id_title_it", "Orti condivisi a Quarto Oggiaro")
    for row, partner in enumerate(["Fondazione Aurora", "Cooperativa Borgo"]):
        if row:
            clicks.click("#participations-group .add-row a")
        clicks.click(f"#participations-{row} .field-stakeholder .select2-selection")
        page.keyboard.type(partner)
        clicks.choose(page.locator(".select2-results__option", has_text=partner).first)
        page.locator(f"#participations-{row} .select2-selection", has_text=partner).wait_for()
    shot(page, artifacts_dir, "partnership-add", width)
    assert page.evaluate("document.documentElement.scrollWidth") <= max(width, 1366)
    with page.expect_navigation():
        clicks.click("input[name=_save]")
    shot(page, artifacts_dir, "partnership-saved", width)
    assert page.locator(".messagelist .success").is_visible(), page.locator(
        ".errorlist"
    ).all_inner_texts()

    partnership = Partnership.objects.get(title_it="Orti condivisi a Quarto Oggiaro")
    assert partnership.city == milan
    assert sorted(partnership.participations.values_list("stakeholder__name", flat=True)) == [
        "Cooperativa Borgo",
        "Fondazione Aurora",
    ]
    print(f"\nclicks to add a partnership with two partners ({width} px): {clicks.count}")
    context.close()

    # The next sign-in asks for a code of the authenticator set up above.
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="it-IT")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/?next=/workspace/")
    page.fill("#id_username", coordinator.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert "/two-factor/verify/" in page.url
    assert_staff_page(page)
    shot(page, artifacts_dir, "two-factor-verify", width)
    context.close()


# As Excel on an Italian PC saves a sheet as "CSV (delimitato dal separatore di elenco)".
BAD_ROW = (
    "Nome;Tipo;Fase di coinvolgimento\r\nFondazione Aurora;fondazione;\r\nCaffè Sociale;bar;\r\n"
)
FIXED = BAD_ROW.replace("bar;", "impresa sociale;")


@pytest.mark.parametrize("width", [1366, 390])
def test_an_italian_excel_import_with_a_bad_row_fixed_after_the_dry_run(
    live_server, browser, milan, coordinator, artifacts_dir, tmp_path, width
):
    coordinator.first_name, coordinator.last_name = "Lucia", "Ferri"
    coordinator.save()
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="it-IT")
    page = context.new_page()
    first_sign_in(page, live_server.url, coordinator, artifacts_dir, width)
    import_url = f"{live_server.url}/admin/partnerships/stakeholder/import/"

    def upload(text: str):
        path = tmp_path / "organizzazioni.csv"
        path.write_bytes(text.encode("cp1252"))
        page.goto(import_url)
        page.set_input_files("#id_import_file", str(path))
        page.select_option("#id_format", label="csv")
        with page.expect_navigation():
            page.click("input[type=submit]")

    upload(BAD_ROW)
    errors = page.locator("#import-errors tbody tr")
    assert errors.count() == 1
    assert errors.first.inner_text().split("\t")[:3] == ["3", "Tipo", "bar"]
    assert "Impresa sociale" in errors.first.inner_text()
    assert page.locator("input[name=confirm]").count() == 0
    shot(page, artifacts_dir, "import-errors", width)

    upload(FIXED)
    shot(page, artifacts_dir, "import-preview", width)
    with page.expect_navigation():
        page.click("input[name=confirm]")
    assert page.locator(".messagelist .success").is_visible()
    assert sorted(Stakeholder.objects.filter(city=milan).values_list("name", "kind", "slug")) == [
        ("Caffè Sociale", "social_enterprise", "caffe-sociale"),
        ("Fondazione Aurora", "foundation", "fondazione-aurora"),
    ]
    context.close()
