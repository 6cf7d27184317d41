"""Atom feeds of new and updated partnerships, needs and SSAs, per city and per theme."""

import datetime as dt
import re
import time
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from partnerships.models import City, PublicationStatus, Theme
from portal.demo.factories import (
    ContactFactory,
    NeedFactory,
    PartnershipFactory,
    ProposalFactory,
    SmallScaleActionFactory,
    ThemeFactory,
)
from portal.feeds import KINDS
from tests.public_data import populate

pytestmark = pytest.mark.django_db


def feed(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return response.content.decode()


def test_the_needs_feed_lists_published_needs_only(client, milan):
    NeedFactory(title="Tutors wanted", priority__city=milan)
    NeedFactory(title="Draft need", priority__city=milan, publication_status="draft")

    body = feed(client, "/en/feeds/needs/")

    assert "Tutors wanted" in body
    assert "Draft need" not in body
    assert "/en/needs/" in body


def test_a_city_feed_holds_only_that_citys_records(client, milan, sofia):
    PartnershipFactory(title="Milan partnership", city=milan, publication_status="published")
    PartnershipFactory(title="Sofia partnership", city=sofia, publication_status="published")

    body = feed(client, "/en/feeds/partnerships/city/milano/")

    assert "Milan partnership" in body
    assert "Sofia partnership" not in body
    assert "Partnerships in Milano" in body


def test_a_theme_feed_holds_only_that_themes_records(client, milan):
    poverty = ThemeFactory(name="School poverty", slug="school-poverty")
    about = SmallScaleActionFactory(title="Pilot on poverty", ulg__city=milan)
    about.themes.add(poverty)
    SmallScaleActionFactory(title="Other pilot", ulg=about.ulg)

    body = feed(client, "/en/feeds/small-scale-actions/theme/school-poverty/")

    assert "Pilot on poverty" in body
    assert "Other pilot" not in body


def test_an_unknown_feed_city_or_kind_is_not_found(client, milan):
    assert client.get("/en/feeds/contacts/").status_code == 404
    assert client.get("/en/feeds/needs/city/atlantis/").status_code == 404


def test_feeds_carry_no_personal_data(client, milan):
    partnership = PartnershipFactory(city=milan, publication_status=PublicationStatus.PUBLISHED)
    contact = ContactFactory(stakeholder__city=milan, email="private@example.org")
    proposal = ProposalFactory(city=milan, contact_name="Paola Privata", email="paola@example.org")
    need = NeedFactory(priority__city=milan)
    need.offered_by.add(proposal)

    bodies = "".join(
        feed(client, path)
        for path in (
            "/en/feeds/needs/",
            "/en/feeds/partnerships/",
            "/en/feeds/small-scale-actions/",
            "/en/feeds/needs/city/milano/",
        )
    )

    assert partnership.title in bodies
    for personal in (contact.email, contact.name, "Paola Privata", "paola@example.org"):
        assert personal not in bodies


ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def every_feed() -> list[str]:
    """Each kind's network feed, and its feed of every public city and theme."""
    paths = []
    for kind in KINDS:
        paths.append(reverse("iap:feed", args=[kind]))
        paths += [reverse("iap:feed-city", args=[kind, c.slug]) for c in City.objects.public()]
        paths += [reverse("iap:feed-theme", args=[kind, t.slug]) for t in Theme.objects.public()]
    return paths


def rfc4287_problems(body: str) -> list[str]:
    """What RFC 4287 requires of a feed and its entries that this feed lacks."""
    root = ElementTree.fromstring(body)  # noqa: S314 - our own feed
    problems = []
    for name in ("id", "title", "updated"):
        if len(root.findall(ATOM + name)) != 1:
            problems.append(f"feed needs exactly one {name}")
    entries = root.findall(ATOM + "entry")
    author = root.find(f"{ATOM}author/{ATOM}name")
    if (author is None or not author.text) and not all(
        entry.find(f"{ATOM}author/{ATOM}name") is not None for entry in entries
    ):
        problems.append("no author of the feed nor of every entry")
    for entry in entries:
        for name in ("id", "title", "updated"):
            if len(entry.findall(ATOM + name)) != 1:
                problems.append(f"entry needs exactly one {name}")
        if entry.find(ATOM + "content") is None and not any(
            link.get("rel", "alternate") == "alternate" for link in entry.findall(ATOM + "link")
        ):
            problems.append("entry with neither content nor an alternate link")
    for updated in root.iter(ATOM + "updated"):
        if not RFC3339.match(updated.text or ""):
            problems.append(f"updated {updated.text!r} is not an RFC 3339 date")
    return problems


def test_every_feed_has_the_elements_rfc_4287_requires(client, milan, sofia):
    populate(milan, sofia, scale=2)
    paths = every_feed()
    assert len(paths) >= 3 * 4
    problems = {path: rfc4287_problems(feed(client, path)) for path in paths}
    assert {path: found for path, found in problems.items() if found} == {}


def test_feeds_do_not_change_while_nothing_changes(client, milan, sofia):
    populate(milan, sofia, scale=1)
    empty = "/en/feeds/small-scale-actions/city/sofia/"
    assert "<entry>" not in feed(client, empty)
    first = {path: feed(client, path) for path in every_feed()}
    time.sleep(1.1)  # Django's fallback, "now", would move by a second.
    assert {path: feed(client, path) for path in every_feed()} == first


def test_a_feed_is_updated_when_a_record_leaves_it(client, milan):
    partnership = PartnershipFactory(city=milan, publication_status="published")
    partnership.updated_at = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    type(partnership).objects.filter(pk=partnership.pk).update(updated_at=partnership.updated_at)
    before = feed(client, "/en/feeds/partnerships/")
    assert "<updated>2024-01-01T00:00:00+00:00</updated>" in before

    partnership.publication_status = "draft"
    partnership.save()

    after = feed(client, "/en/feeds/partnerships/")
    assert "<entry>" not in after
    assert f"<updated>{partnership.updated_at.isoformat()}</updated>" in after


@pytest.mark.parametrize(
    ("page", "feed_path"),
    [("/en/needs/", "/en/feeds/needs/"), ("/en/partnerships/", "/en/feeds/partnerships/")],
)
def test_pages_link_their_feed_as_an_alternate_and_visibly(client, milan, page, feed_path):
    html = client.get(page).content.decode()

    assert '<link rel="alternate" type="application/atom+xml" title="' in html
    assert f'href="{feed_path}">' in html
    main = html.split('<main id="main"')[1].split("</main>")[0]
    assert f'<a href="{feed_path}" type="application/atom+xml">' in main


def test_the_city_page_links_its_three_feeds(client, milan):
    html = client.get("/en/cities/milano/").content.decode()

    main = html.split('<main id="main"')[1].split("</main>")[0]
    for kind in ("partnerships", "needs", "small-scale-actions"):
        assert f'<a href="/en/feeds/{kind}/city/milano/" type="application/atom+xml">' in main
    assert "Follow the updates (Atom feeds)" in main


def test_a_page_without_feeds_offers_none(client, milan):
    html = client.get("/en/toolbox/").content.decode()

    assert "application/atom+xml" not in html
    assert "Atom feeds" not in html


def test_a_summary_with_markup_is_plain_text_in_the_feed(client, milan):
    PartnershipFactory(
        title="Markup",
        summary="<script>alert(1)</script> <b>bold</b>",
        city=milan,
        publication_status="published",
    )

    body = feed(client, "/en/feeds/partnerships/")

    assert '<summary type="text">&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold' in body
    assert 'type="html"' not in body
    assert "<script>" not in body
