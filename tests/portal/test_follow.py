"""Follow by e-mail: double opt-in, the digest, unsubscribe, erasure, abuse limits."""

import datetime as dt
import json
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from core.models import OutboundEmail
from core.outbox import send_due
from iap.models import Need
from portal.demo.factories import (
    CityFactory,
    NeedFactory,
    PartnershipFactory,
    PledgeFactory,
    PriorityFactory,
    ThemeFactory,
)
from portal.follow import services
from portal.models import Subscription, SubscriptionDigest

ADDRESS = "reader@example.org"
TOMORROW = timezone.localdate() + dt.timedelta(days=1)


def follow_url(kind, slug=""):
    return reverse("follow:follow") + f"?kind={kind}" + (f"&slug={slug}" if slug else "")


def ask(client, kind="city", slug="milano", email=ADDRESS, frequency="daily", **extra):
    return client.post(
        follow_url(kind, slug),
        {"email": email, "frequency": frequency, "consent": "on", **extra},
        REMOTE_ADDR=extra.pop("ip", "10.0.0.1"),
    )


def link_in(message, name):
    return re.search(rf"https?://\S+/follow/{name}/\S+/", message.body).group(0)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def confirm(client, message):
    return client.post(path_of(link_in(message, "confirm")))


def digest_run(when=TOMORROW):
    call_command("send_subscription_digest", date=when.isoformat())


@pytest.fixture
def follower(client, milan):
    """A confirmed daily follower of Milan; the outbox is emptied afterwards."""
    ask(client)
    confirm(client, mail.outbox[0])
    mail.outbox.clear()
    return Subscription.objects.get(email=ADDRESS)


# --- opt-in -------------------------------------------------------------------


def test_follow_link_on_city_partnership_need_theme_pages_and_needs_board(client, milan):
    theme = ThemeFactory(slug="food")
    partnership = PartnershipFactory(city=milan, themes=[theme])
    need = NeedFactory(priority=PriorityFactory(city=milan))
    pages = {
        milan.get_absolute_url(): follow_url("city", "milano"),
        partnership.get_absolute_url(): follow_url("partnership", partnership.slug),
        need.get_absolute_url(): follow_url("need", need.slug),
        reverse("iap:need-list"): follow_url("needs"),
        reverse("partnerships:list") + "?theme=food": follow_url("theme", "food"),
    }
    for page, link in pages.items():
        html = client.get(page).content.decode()
        assert link.replace("&", "&amp;") in html, page
        assert client.get(link).status_code == 200


def test_a_draft_cannot_be_followed(client, milan):
    draft = PartnershipFactory(city=milan, publication_status="draft")
    assert client.get(follow_url("partnership", draft.slug)).status_code == 404


def test_request_records_consent_and_sends_only_a_confirmation(client, milan):
    response = ask(client, HTTP_REFERER="http://testserver/it/cities/milano/")
    assert response.status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    assert subscription.city == milan
    assert subscription.language == "it"
    assert subscription.consent_text and subscription.requested_at
    [message] = mail.outbox
    assert message.to == [ADDRESS]
    assert "/it/follow/confirm/" in message.body
    # No way to cancel it but to ignore it: a cancelled request would let the form
    # mail the address again.
    assert "unsubscribe" not in message.body and "List-Unsubscribe" not in message.extra_headers
    # Nothing but the confirmation before it is confirmed, whatever changes.
    PartnershipFactory(city=milan)
    digest_run()
    assert len(mail.outbox) == 1


def test_consent_records_the_page_the_visitor_came_from(client, milan):
    form = client.get(
        follow_url("city", "milano"), HTTP_REFERER="http://testserver/it/cities/milano/"
    )
    assert form.context["form"].initial["source"] == "/it/cities/milano/"
    ask(client, source="/it/cities/milano/")
    assert Subscription.objects.get().source_page == "/it/cities/milano/"


def test_consent_never_records_another_site_as_the_page(client, milan):
    form = client.get(follow_url("city", "milano"), HTTP_REFERER="https://elsewhere.example/x")
    assert form.context["form"].initial["source"] == ""
    ask(client, source="https://elsewhere.example/x")
    assert Subscription.objects.get().source_page == follow_url("city", "milano")


def test_form_without_consent_subscribes_no_one(client, milan):
    response = client.post(follow_url("city", "milano"), {"email": ADDRESS, "frequency": "daily"})
    assert response.status_code == 400
    assert not Subscription.objects.exists()
    assert not mail.outbox


def test_confirmation_link_shows_a_button_and_confirms_only_on_post(client, milan):
    ask(client)
    url = path_of(link_in(mail.outbox[0], "confirm"))
    assert client.get(url).status_code == 200
    assert Subscription.objects.get().confirmed_at is None  # a mail scanner's GET
    client.post(url)
    assert Subscription.objects.get().confirmed_at is not None


def test_a_forged_or_expired_confirmation_link_confirms_nothing(client, milan, settings):
    ask(client)
    url = path_of(link_in(mail.outbox[0], "confirm"))
    assert client.post(url[:-3] + "xx/").status_code == 404
    later = timezone.now() + dt.timedelta(days=services.PENDING_DAYS + 1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("time.time", lambda: later.timestamp())
        assert client.post(url).status_code == 404
    assert Subscription.objects.get().confirmed_at is None


# --- abuse --------------------------------------------------------------------


def test_a_stranger_address_gets_at_most_one_confirmation(client, milan):
    theme = ThemeFactory(slug="food")
    ask(client)
    ask(client, ip="10.0.0.2")
    ask(client, kind="theme", slug="food", ip="10.0.0.3")
    ask(client, kind="needs", slug="", email=ADDRESS.upper(), ip="10.0.0.4")
    assert len(mail.outbox) == 1
    assert Subscription.objects.count() == 1
    assert theme  # followed by nobody


def test_an_ignored_request_blocks_new_confirmations_until_it_is_deleted(client, milan):
    ask(client)
    Subscription.objects.update(requested_at=timezone.now() - dt.timedelta(days=29))
    call_command("purge_unconfirmed_subscriptions")
    ask(client, ip="10.0.0.2")
    assert len(mail.outbox) == 1
    Subscription.objects.update(requested_at=timezone.now() - dt.timedelta(days=31))
    call_command("purge_unconfirmed_subscriptions")
    ask(client, ip="10.0.0.3")
    assert len(mail.outbox) == 2


def test_a_confirmed_follower_can_follow_more(client, follower):
    ThemeFactory(slug="food")
    ask(client, kind="theme", slug="food")
    assert len(mail.outbox) == 1
    assert Subscription.objects.filter(email=ADDRESS).count() == 2


def test_the_page_is_the_same_whether_a_message_went_or_not(client, milan):
    first = ask(client).content.decode()
    second = ask(client).content.decode()
    strip = lambda html: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)  # noqa: E731
    assert strip(first) == strip(second)
    assert ADDRESS not in first


def test_follow_requests_are_rate_limited_per_connection(client, milan):
    for number in range(10):
        assert ask(client, email=f"p{number}@example.org").status_code == 200
    assert ask(client, email="p11@example.org").status_code == 429
    assert Subscription.objects.count() == 10


# --- digest -------------------------------------------------------------------


def test_digest_lists_what_changed_with_absolute_links_in_the_subscriber_language(
    client, follower, settings
):
    settings.SITE_URL = "https://cities4csr.example.org"
    milan = follower.city
    partnership = PartnershipFactory(city=milan, title_en="School canteens", title_it="Mense")
    need = NeedFactory(priority=PriorityFactory(city=milan), title_it="Volontari")
    need.status = Need.Status.MET
    need.save()
    PledgeFactory(need=need, quantity_delivered=5, delivered_on=timezone.localdate())
    PartnershipFactory(city=CityFactory(), title_it="Altrove")
    digest_run()
    [message] = mail.outbox
    assert message.subject.startswith("CITIES4CSR: le novità del ")
    assert message.subject.endswith("Città: Milano")
    assert "Nuovi partenariati pubblicati" in message.body and "Consegne" in message.body
    assert "Mense" in message.body and "School canteens" not in message.body
    assert "Altrove" not in message.body
    with translation.override("it"):
        assert f"https://cities4csr.example.org{partnership.get_absolute_url()}" in message.body
        assert f"https://cities4csr.example.org{need.get_absolute_url()}" in message.body
    assert "Volontari" in message.body and "5 volunteers" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<https://cities4csr.example.org/it/follow/one-click/"
    )
    assert "/it/follow/unsubscribe/" in message.body


def test_digest_in_english_for_an_english_subscriber(client, milan):
    client.post(
        "/en" + follow_url("city", "milano")[3:],
        {"email": ADDRESS, "frequency": "daily", "consent": "on"},
    )
    confirm(client, mail.outbox[0])
    mail.outbox.clear()
    PartnershipFactory(city=milan, title_en="School canteens", title_it="Mense")
    digest_run()
    [message] = mail.outbox
    assert "School canteens" in message.body and "/en/partnerships/" in message.body
    assert "Newly published partnerships" in message.body


def test_draft_records_are_never_in_a_digest(follower):
    PartnershipFactory(city=follower.city, title_it="Bozza", publication_status="draft")
    digest_run()
    assert not mail.outbox


def test_nothing_is_sent_when_nothing_changed(follower):
    digest_run()
    assert not mail.outbox
    assert not SubscriptionDigest.objects.exists()


def test_a_second_run_of_the_same_period_sends_nothing(follower):
    PartnershipFactory(city=follower.city)
    digest_run()
    digest_run()
    assert len(mail.outbox) == 1
    assert SubscriptionDigest.objects.get().period_start == timezone.localdate()


def test_weekly_subscribers_get_the_past_week_on_mondays_only(client, milan):
    ask(client, frequency="weekly")
    confirm(client, mail.outbox[0])
    mail.outbox.clear()
    PartnershipFactory(city=milan)
    next_monday = TOMORROW + dt.timedelta(days=(7 - TOMORROW.weekday()) % 7)
    for day in range(7):
        when = next_monday - dt.timedelta(days=6 - day)
        digest_run(when)
    [message] = mail.outbox
    assert SubscriptionDigest.objects.get().period_end == next_monday


def test_a_refused_digest_stays_queued_and_goes_out_on_retry(follower, monkeypatch):
    PartnershipFactory(city=follower.city)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    digest_run()
    assert OutboundEmail.objects.filter(sent_at=None).count() == 1
    monkeypatch.undo()
    send_due(now=timezone.now() + dt.timedelta(hours=1))
    assert len(mail.outbox) == 1


def test_needs_board_follower_hears_of_needs_opened_anywhere(client, milan, sofia):
    ask(client, kind="needs", slug="")
    confirm(client, mail.outbox[0])
    mail.outbox.clear()
    NeedFactory(priority=PriorityFactory(city=sofia), title_it="Coperte")
    digest_run()
    assert "Coperte" in mail.outbox[0].body


def test_need_follower_hears_it_was_met_and_of_its_deliveries_only(client, milan):
    need = NeedFactory(priority=PriorityFactory(city=milan), title_it="Coperte")
    other = NeedFactory(priority=PriorityFactory(city=milan), title_it="Libri")
    ask(client, kind="need", slug=need.slug)
    confirm(client, mail.outbox[0])
    mail.outbox.clear()
    PledgeFactory(need=need, quantity_delivered=7, delivered_on=timezone.localdate())
    PledgeFactory(need=other, quantity_delivered=9, delivered_on=timezone.localdate())
    need.status = Need.Status.MET
    need.save()
    digest_run()
    [message] = mail.outbox
    assert "Bisogni soddisfatti" in message.body and "7 volunteers" in message.body
    assert "Libri" not in message.body and "9 volunteers" not in message.body


def test_partnership_follower_hears_it_was_completed(client, milan):
    partnership = PartnershipFactory(city=milan, title_it="Orti")
    ask(client, kind="partnership", slug=partnership.slug)
    confirm(client, mail.outbox[0])
    mail.outbox.clear()
    partnership.status = "completed"
    partnership.save()
    digest_run()
    [message] = mail.outbox
    assert "Partenariati conclusi" in message.body and "Orti" in message.body


# --- unsubscribe --------------------------------------------------------------


def _digest_for(follower):
    PartnershipFactory(city=follower.city)
    digest_run()
    return mail.outbox[-1]


def test_one_click_unsubscribe_from_the_header(client, follower):
    header = _digest_for(follower).extra_headers["List-Unsubscribe"].strip("<>")
    client.handler.enforce_csrf_checks = True
    response = client.post(path_of(header), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_one_click_endpoint_needs_the_rfc_8058_body(client, follower):
    header = _digest_for(follower).extra_headers["List-Unsubscribe"].strip("<>")
    assert client.post(path_of(header), {}).status_code == 400
    assert Subscription.objects.exists()


def test_unsubscribe_page_asks_then_deletes_the_address(client, follower):
    url = path_of(link_in(_digest_for(follower), "unsubscribe"))
    assert client.get(url).status_code == 200
    assert Subscription.objects.exists()
    client.post(url)
    assert not Subscription.objects.exists()
    assert client.get(url).status_code == 200  # a second click: already done
    mail.outbox.clear()
    PartnershipFactory(city=follower.city)
    digest_run(TOMORROW + dt.timedelta(days=1))
    assert not mail.outbox


# --- personal data ------------------------------------------------------------


def test_unconfirmed_requests_are_deleted_after_30_days(client, milan, follower):
    ask(client, email="late@example.org")
    Subscription.objects.filter(email="late@example.org").update(
        requested_at=timezone.now() - dt.timedelta(days=31)
    )
    Subscription.objects.filter(email=ADDRESS).update(
        requested_at=timezone.now() - dt.timedelta(days=90)
    )
    call_command("purge_unconfirmed_subscriptions")
    assert list(Subscription.objects.values_list("email", flat=True)) == [ADDRESS]


def test_privacy_notice_states_the_30_days(client, db):
    html = client.get("/en/privacy/").content.decode()
    section = " ".join(html.split('id="email-updates"')[1].split("</p>")[0].split())
    assert "deleted after 30 days" in section


def test_export_and_erasure_of_an_address(follower, capsys):
    _digest_for(follower)
    capsys.readouterr()
    call_command("subscriber_data", ADDRESS)
    exported = json.loads(capsys.readouterr().out)
    [row] = exported["subscriptions"]
    assert row["email"] == ADDRESS and row["consent"]["confirmed"]
    call_command("subscriber_data", ADDRESS, "--erase")
    assert not Subscription.objects.exists()
    assert not OutboundEmail.objects.filter(to__contains=ADDRESS).exists()
    assert not OutboundEmail.objects.filter(body__contains=ADDRESS).exists()


def test_addresses_appear_on_no_public_page_or_api(client, follower):
    pages = [
        follower.city.get_absolute_url(),
        follow_url("city", "milano"),
        reverse("iap:need-list"),
        "/api/v1/cities/",
        "/sitemap.xml",
    ]
    for page in pages:
        assert ADDRESS not in client.get(page).content.decode(), page


def test_coordinator_sees_counts_of_own_city_never_addresses(client, follower, coordinator, sofia):
    PartnershipFactory(city=sofia)
    client.force_login(coordinator)
    html = client.get(reverse("admin:index")).content.decode()
    section = html.split('id="subscriber-counts"')[1].split("</div>")[0]
    assert "Milano" in section and "Sofia" not in section
    assert re.search(r"Milano</th><td>1</td>", section)
    assert ADDRESS not in html
