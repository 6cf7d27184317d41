"""Follow by e-mail in the browser: from a city page to the form, the confirmation
e-mail, the confirmation, a digest and the unsubscribe page; axe-clean, with a
screenshot of each step (the e-mails rendered as the text a mail client shows)."""

import datetime as dt
import re
from html import escape

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from portal.demo.factories import NeedFactory, PartnershipFactory, PriorityFactory
from portal.models import Subscription
from tests.e2e.conftest import TAKEN, axe_violations

pytestmark = pytest.mark.e2e


def shot(page, artifacts_dir, name):
    target = artifacts_dir / f"follow-{name}.png"
    page.screenshot(path=str(target), full_page=True)
    TAKEN.append(target)


def show_email(page, message):
    # As a mail client shows a plain-text message: its headers, then the text.
    headers = f"Subject: {message.subject}\nTo: {', '.join(message.to)}\n" + "".join(
        f"{name}: {value}\n" for name, value in message.extra_headers.items()
    )
    page.set_content(
        f"<html lang='it'><body><pre style='font: 15px/1.4 monospace; white-space: pre-wrap; "
        f"margin: 24px'>{escape(headers)}\n{escape(message.body)}</pre></body></html>"
    )


def local(url, live_server):
    return re.sub(r"^https?://[^/]+", live_server.url, url)


def test_follow_a_city_confirm_receive_a_digest_and_unsubscribe(
    live_server, page, milan, settings, artifacts_dir
):
    settings.SITE_URL = live_server.url
    page.goto(f"{live_server.url}/it/cities/milano/")
    page.click("text=Segui via e-mail")
    assert axe_violations(page) == []
    page.fill("#id_email", "lettrice@example.org")
    page.click("label[for=id_frequency_0]")  # ogni giorno
    assert page.is_checked("#id_frequency_0")
    page.click("label[for=id_consent]")  # the styled box is drawn by the label
    assert page.is_checked("#id_consent")
    shot(page, artifacts_dir, "form")
    page.click("button[type=submit]:has-text('Segui')")
    assert page.locator("h1").inner_text() == "Controlla la tua casella di posta"
    assert axe_violations(page) == []

    [confirmation] = mail.outbox
    show_email(page, confirmation)
    shot(page, artifacts_dir, "confirmation-email")
    link = re.search(r"https?://\S+/follow/confirm/\S+/", confirmation.body).group(0)
    page.goto(local(link, live_server))
    assert axe_violations(page) == []
    page.click("button:has-text('Conferma e segui')")
    assert page.locator("h1").inner_text() == "Ora lo segui"
    shot(page, artifacts_dir, "confirmed")
    assert Subscription.objects.get().confirmed_at

    PartnershipFactory(city=milan, title_it="Orti condivisi nelle scuole")
    NeedFactory(priority=PriorityFactory(city=milan), title_it="Volontari per il doposcuola")
    call_command(
        "send_subscription_digest", date=(timezone.localdate() + dt.timedelta(1)).isoformat()
    )
    digest = mail.outbox[-1]
    show_email(page, digest)
    shot(page, artifacts_dir, "digest-email")
    assert "Orti condivisi nelle scuole" in digest.body

    link = re.search(r"https?://\S+/follow/unsubscribe/\S+/", digest.body).group(0)
    page.goto(local(link, live_server))
    assert axe_violations(page) == []
    shot(page, artifacts_dir, "unsubscribe")
    page.click('button:has-text("Annulla l\'iscrizione")')
    assert page.locator("h1").inner_text() == "Iscrizione annullata"
    assert not Subscription.objects.exists()
