"""An account manager's day and their account, in Italian, with a real TOTP second
factor, at desktop and phone width, saving a screenshot of each step:

- the day: follow-ups ticked done at once, a pipeline move, a proposal triaged and
  merged into the organisation it duplicates and accepted with a proper title, a
  pledge and its delivery, an English proposer declined in English after a preview;
- a forgotten password reset by e-mail;
- a lost phone: signing in with a backup code and setting up a new authenticator.
"""

import datetime as dt
import re
from base64 import b32decode

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import OutboundEmail
from iap.models import Pledge
from partnerships.models import Interaction, Proposal, Stakeholder
from portal.demo.factories import (
    InteractionFactory,
    NeedFactory,
    PriorityFactory,
    ProposalFactory,
    StakeholderFactory,
)
from tests.e2e.conftest import TAKEN, axe_violations
from tests.e2e.test_workspace import PASSWORD, sign_in_with_a_new_authenticator

pytestmark = [pytest.mark.e2e, pytest.mark.two_factor]
WIDTHS = [1366, 390]


@pytest.fixture
def italian_page(browser):
    contexts = []

    def open_page(width):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="it-IT")
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def shoot(artifacts_dir):
    def screenshot(page, name, width):
        target = artifacts_dir / f"{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        TAKEN.append(target)

    return screenshot


@pytest.fixture
def day(milan, account_manager):
    account_manager.first_name, account_manager.last_name = "Giulia", "Verdi"
    account_manager.save()
    today = timezone.localdate()
    cariplo = StakeholderFactory(
        city=milan,
        name="Fondazione Cariplo",
        kind="foundation",
        account_manager=account_manager,
        engagement_stage="contacted",
    )
    for days, action in [(-2, "Richiamare per il doposcuola"), (0, "Inviare la convenzione")]:
        InteractionFactory(
            stakeholder=cariplo,
            owner=account_manager,
            follow_up_date=today + dt.timedelta(days=days),
            follow_up_action=action,
        )
    enel = StakeholderFactory(city=milan, name="ENEL S.p.A.", kind="company")
    enel_proposal = ProposalFactory(
        city=milan,
        organisation_name="Enel spa",
        assignee=account_manager,
        status=Proposal.Status.ASSIGNED,
        resource_kinds=["volunteers"],
        offer="Buongiorno, sono Lucia Ferri, vorremmo offrire venti volontari per il doposcuola.",
    )
    need = NeedFactory(
        priority=PriorityFactory(city=milan, title="Povertà educativa"),
        title="Volontari per il doposcuola di Corvetto",
        resource_kind="volunteers",
        quantity=20,
        unit="volontari",
    )
    english = ProposalFactory(
        city=milan,
        organisation_name="Acme Ltd",
        contact_name="Jane Doe",
        email="jane@acme.example.org",
        language="en",
        assignee=account_manager,
        status=Proposal.Status.ASSIGNED,
    )
    return {
        "cariplo": cariplo,
        "enel": enel,
        "proposal": enel_proposal,
        "need": need,
        "english": english,
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_an_account_managers_day(live_server, italian_page, shoot, day, account_manager, width):
    page = italian_page(width)
    base = live_server.url
    sign_in_with_a_new_authenticator(page, base, account_manager)
    problems = {}

    # Follow-ups: both ticked, done in one click.
    page.goto(f"{base}/workspace/follow-ups/")
    shoot(page, "day-1-follow-ups", width)
    for box in page.locator("input[form=bulk-done]").all():
        box.check()
    with page.expect_navigation():
        page.click("#bulk-done button")
    assert "2 follow-up fatti." in page.content()
    assert not Interaction.objects.filter(follow_up_done=False).exists()
    shoot(page, "day-2-follow-ups-done", width)

    # Pipeline: Fondazione Cariplo moves to "In discussione".
    page.goto(f"{base}/workspace/pipeline/")
    cariplo = day["cariplo"]
    page.select_option(f"#stage-{cariplo.pk}", "in_discussion")
    with page.expect_navigation():
        page.click(f"form[action$='/stakeholders/{cariplo.pk}/stage/'] button")
    cariplo.refresh_from_db()
    assert cariplo.engagement_stage == "in_discussion"
    shoot(page, "day-3-pipeline", width)

    # Triage: "Enel spa" is ENEL S.p.A.: merged, accepted with a proper title.
    proposal = day["proposal"]
    page.goto(f"{base}/workspace/proposals/{proposal.pk}/")
    assert page.input_value("#id_title") == "Enel spa: volontari per Milano"
    assert "Buongiorno" not in page.input_value("#id_summary")
    # As a person does: the label (Bootstrap Italia draws the radio over its input).
    page.locator("label", has_text=re.compile(r"^Unisci a ENEL S\.p\.A\.")).click()
    assert page.get_by_label(re.compile(r"^Unisci a ENEL S\.p\.A\.")).is_checked()
    page.fill("#id_title", "Volontari ENEL per il doposcuola di Corvetto")
    problems["proposal"] = axe_violations(page)
    shoot(page, "day-4-triage-merge", width)
    with page.expect_navigation():
        page.click("form[action$='/accept/'] button[type=submit]")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED
    assert proposal.stakeholder == day["enel"]
    assert Stakeholder.objects.filter(name__iexact="enel spa").count() == 0
    assert proposal.partnership.title == "Volontari ENEL per il doposcuola di Corvetto"

    # Pledge: the proposal meets the need; then the delivery.
    with page.expect_navigation():
        page.click("form[action$='/link/'] button[type=submit]")
    pledge = Pledge.objects.get(need=day["need"])
    assert pledge.quantity_pledged == 20
    with page.expect_navigation():
        page.click("form[action$='/delivery/'] button[type=submit]")
    pledge.refresh_from_db()
    assert pledge.quantity_delivered == 20
    shoot(page, "day-5-pledge-delivered", width)

    # Decline an English proposer: previewed in English, then sent.
    english = day["english"]
    page.goto(f"{base}/workspace/proposals/{english.pk}/")
    page.fill("#id_reason", "Il doposcuola di Corvetto ha già tutti i volontari necessari.")
    with page.expect_navigation():
        page.click("form[action$='/decline/'] button[type=submit]")
    assert "CITIES4CSR: about your proposal" in page.content()
    assert "Dear Jane Doe" in page.inner_text("#email-body")
    assert "in inglese" in page.content()
    problems["decline-preview"] = axe_violations(page)
    shoot(page, "day-6-decline-preview", width)
    with page.expect_navigation():
        page.click("button[name=send]")
    english.refresh_from_db()
    assert english.status == Proposal.Status.DECLINED
    sent = OutboundEmail.objects.get(to="jane@acme.example.org")
    assert sent.subject == "CITIES4CSR: about your proposal"
    assert "Thank you for your interest" in sent.body
    shoot(page, "day-7-declined", width)

    # My account: the calendar address.
    page.goto(f"{base}/workspace/account/")
    with page.expect_navigation():
        page.click("button[value=issue]")
    feed_url = page.inner_text("#calendar-url")
    assert feed_url.startswith(f"{base}/calendar/")
    problems["account"] = axe_violations(page)
    shoot(page, "day-8-calendar-address", width)
    calendar = page.request.get(feed_url)
    assert calendar.status == 200
    assert "BEGIN:VCALENDAR" in calendar.text()

    assert {name: found for name, found in problems.items() if found} == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_a_forgotten_password_is_reset_also_mailed(
    live_server, italian_page, shoot, account_manager, width
):
    account_manager.email = "giulia@comune.example"
    account_manager.save()
    TOTPDevice.objects.create(user=account_manager, name="phone", confirmed=True)
    page = italian_page(width)
    base = live_server.url

    page.goto(f"{base}/admin/login/?next=/workspace/")
    shoot(page, "reset-1-login", width)
    with page.expect_navigation():
        page.click("a[href='/admin/password-reset/']")
    page.fill("#id_email", "giulia@comune.example")
    shoot(page, "reset-2-form", width)
    with page.expect_navigation():
        page.click("input[type=submit]")
    shoot(page, "reset-3-sent", width)
    [message] = mail.outbox
    assert "Vai alla pagina seguente" in message.body
    link = re.search(r"http://\S+/admin/password-reset/\S+/\S+/", message.body).group(0)

    page.goto(link)
    page.fill("#id_new_password1", "Una-nuova-parola-lunga-42")
    page.fill("#id_new_password2", "Una-nuova-parola-lunga-42")
    shoot(page, "reset-4-new-password", width)
    with page.expect_navigation():
        page.click("input[type=submit]")
    shoot(page, "reset-5-done", width)

    page.goto(f"{base}/admin/login/?next=/workspace/")
    page.fill("#id_username", account_manager.username)
    page.fill("#id_password", "Una-nuova-parola-lunga-42")
    with page.expect_navigation():
        page.click("input[type=submit]")
    # The new password alone opens nothing: the second factor is asked.
    assert "/two-factor/verify/" in page.url


def code_from_secret(secret: str) -> str:
    return f"{totp(b32decode(secret), step=30, digits=6):06d}"


@pytest.mark.parametrize("width", WIDTHS)
def test_a_lost_phone_is_replaced_after_signing_in_with_a_backup_code(
    live_server, italian_page, shoot, account_manager, width
):
    old = TOTPDevice.objects.create(user=account_manager, name="phone", confirmed=True)
    backup = StaticDevice.objects.create(user=account_manager, name="backup codes")
    StaticToken.objects.create(device=backup, token="riserva1")
    page = italian_page(width)
    base = live_server.url

    page.goto(f"{base}/admin/login/?next=/workspace/")
    page.fill("#id_username", account_manager.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Hai perso il telefono")).click()
    shoot(page, "lost-1-backup-code", width)
    problems = {"verify": axe_violations(page)}
    page.fill("#id_token", "riserva1")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "/two-factor/replace/?next=%2Fworkspace%2F" in page.url
    problems["replace"] = axe_violations(page)
    shoot(page, "lost-2-new-authenticator", width)

    secret = page.inner_text("main figcaption code")
    page.fill("#id_token", code_from_secret(secret))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.locator("#backup-codes li").count() == 10
    problems["backup-codes"] = axe_violations(page)
    shoot(page, "lost-3-new-backup-codes", width)
    with page.expect_download() as download:
        page.get_by_role("link", name="Scarica come file di testo").click()
    assert len(download.value.path().read_text().split()) >= 10
    assert page.get_by_role("button", name="Stampa").is_visible()

    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert not StaticToken.objects.filter(token="riserva1").exists()
    with page.expect_navigation():
        page.click("main a.btn-primary")
    assert page.url.endswith("/workspace/")
    assert {name: found for name, found in problems.items() if found} == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_a_network_administrator_resets_someones_second_factor(
    live_server, italian_page, shoot, network_admin, account_manager, width
):
    account_manager.first_name, account_manager.last_name = "Giulia", "Verdi"
    account_manager.save()
    device = TOTPDevice.objects.create(user=account_manager, name="phone", confirmed=True)
    page = italian_page(width)
    base = live_server.url
    sign_in_with_a_new_authenticator(page, base, network_admin)

    page.goto(f"{base}/workspace/account/")
    with page.expect_navigation():
        page.get_by_role(
            "link", name=re.compile("Azzera il secondo fattore di una persona")
        ).click()
    problems = {"people": axe_violations(page)}
    shoot(page, "people-1-list", width)
    with page.expect_navigation():
        page.get_by_role("button", name="Azzera il secondo fattore di Giulia Verdi").click()
    assert "Giulia Verdi configurerà un nuovo secondo fattore" in page.content()
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    shoot(page, "people-2-reset", width)
    assert {name: found for name, found in problems.items() if found} == {}
