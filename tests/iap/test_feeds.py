"""Atom feeds of new and updated partnerships, needs and SSAs, per city and per theme."""

import pytest

from partnerships.models import PublicationStatus
from portal.demo.factories import (
    ContactFactory,
    NeedFactory,
    PartnershipFactory,
    ProposalFactory,
    SmallScaleActionFactory,
    ThemeFactory,
)

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


@pytest.mark.parametrize(
    ("page", "feed_path"),
    [("/en/needs/", "/en/feeds/needs/"), ("/en/partnerships/", "/en/feeds/partnerships/")],
)
def test_pages_link_their_feed_as_an_alternate(client, milan, page, feed_path):
    html = client.get(page).content.decode()

    assert 'type="application/atom+xml"' in html
    assert feed_path in html


def test_the_city_page_links_its_three_feeds(client, milan):
    html = client.get("/en/cities/milano/").content.decode()

    for kind in ("partnerships", "needs", "small-scale-actions"):
        assert f"/en/feeds/{kind}/city/milano/" in html


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
