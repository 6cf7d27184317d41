"""Site-wide promises of the public pages: no personal data, a sitemap, robots.txt."""

import re
from html import unescape
from html.parser import HTMLParser
from io import BytesIO, StringIO
from urllib.parse import urljoin, urlsplit

import pypdf
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.template.loader import render_to_string

from partnerships.models import Contact, Proposal
from portal.demo.factories import PartnershipFactory
from tests.iap.test_load_cities4csr import MILAN_PARTNERSHIPS
from tests.public_data import PAGE_KINDS, populate

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# The organisation's name in a row of a partnership's partners table.
PARTNER_CELL = re.compile(r'<th scope="row">(?:<a [^>]*>)?([^<]+)')


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def crawl(client, start_urls: list[str]) -> dict[str, str]:
    """Every public page reachable from `start_urls` by internal links, with its content."""
    seen: dict[str, str] = {}
    queue = list(start_urls)
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        # The open-data files (linked from every footer) stream; they are crawled too.
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response["Content-Type"] == "application/pdf":
            # The generated documents (a plan, a report) are checked by their text.
            pdf = pypdf.PdfReader(BytesIO(body))
            seen[url] = "\n".join(page.extract_text() for page in pdf.pages)
            continue
        content = body.decode("utf-8-sig")
        seen[url] = content
        if not response["Content-Type"].startswith("text/html"):
            continue
        collector = LinkCollector()
        collector.feed(content)
        for link in collector.links:
            parts = urlsplit(urljoin(url, link))
            if parts.netloc or not parts.path.startswith(("/it/", "/en/")):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


@pytest.fixture
def site(milan, sofia):
    return populate(milan, sofia, scale=2)


def test_crawl_of_every_public_page_finds_no_contact_details(client, site):
    pages = crawl(client, ["/it/", "/en/"])
    assert len(pages) > 30
    contacts = list(Contact.objects.all()) + list(Proposal.objects.all())
    assert len(contacts) >= 6
    secrets = set()
    for contact in Contact.objects.all():
        secrets |= {contact.name, contact.email, contact.phone}
    for proposal in Proposal.objects.all():
        secrets |= {proposal.contact_name, proposal.email}
    secrets.discard("")
    for url, content in pages.items():
        assert not EMAIL.findall(content), url
        leaked = [secret for secret in secrets if secret in content]
        assert not leaked, (url, leaked)


def test_crawl_reaches_every_kind_of_public_page_in_both_languages(client, site):
    pages = crawl(client, ["/it/", "/en/"])
    for language in ("it", "en"):
        for path in (
            "partnerships/",
            "partnerships/partenariato-0/",
            "cities/",
            "cities/milano/",
            "cities/milano/ulg/",
            "cities/milano/iap/",
            "small-scale-actions/azione-pilota-0/",
            "toolbox/",
            "needs/",
            "needs/bisogno-0/",
            "stakeholders/",
            "network/",
            "numbers/",
            "open-data/",
            "open-data/participations.csv",
            "accessibility/",
        ):
            assert f"/{language}/{path}" in pages


def test_sitemap_lists_published_pages_in_both_languages_with_hreflang(client, site):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/it/partnerships/partenariato-0/" in sitemap
    assert "http://testserver/en/partnerships/partenariato-0/" in sitemap
    assert (
        'hreflang="en" href="http://testserver/en/small-scale-actions/azione-pilota-0/"' in sitemap
    )
    assert "/cities/milano/iap/" in sitemap
    assert "bozza" not in sitemap


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_unprefixed_address_redirects_to_a_language(client, db):
    response = client.get("/partnerships/")
    assert response.status_code == 302
    assert response["Location"] == "/it/partnerships/"


def test_language_switcher_links_to_the_same_page_with_its_filters(client, site):
    page = client.get("/it/partnerships/?city=milano").content.decode()
    assert 'href="/en/partnerships/?city=milano" hreflang="en"' in page


def test_language_switcher_of_an_unknown_address_leads_to_the_other_home(client, db):
    page = client.get("/it/no-such-page/").content.decode()
    assert 'href="/en/" hreflang="en"' in page


def test_server_error_page_renders_without_a_request(db):
    page = render_to_string("500.html")
    assert "it-header-wrapper" in page
    assert 'href="/it/"' in page


@pytest.fixture
def real_data(db):
    call_command("load_cities4csr", stdout=StringIO())


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_seven_milan_partnerships_show_exactly_their_partners(client, real_data, language):
    listing = client.get(f"/{language}/partnerships/?city=milano")
    shown = {partnership.title: partnership.slug for partnership in listing.context["object_list"]}
    assert set(shown) == set(MILAN_PARTNERSHIPS)
    for title, slug in shown.items():
        page = client.get(f"/{language}/partnerships/{slug}/").content.decode()
        table = page.split('id="partners-title"')[1].split("</table>")[0]
        partners = {unescape(name).strip() for name in PARTNER_CELL.findall(table)}
        assert partners == MILAN_PARTNERSHIPS[title], title


def test_every_page_of_the_real_data_answers_and_has_no_email(client, real_data):
    pages = crawl(client, ["/it/", "/en/"])
    assert len(pages) > 80
    for url, content in pages.items():
        assert not EMAIL.findall(content), url


META = re.compile(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"')
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)">')


@pytest.fixture
def every_kind(milan, sofia):
    return populate(milan, sofia, scale=14)


@pytest.mark.parametrize("language", ["it", "en"])
def test_every_kind_of_page_has_a_link_preview(client, every_kind, language):
    missing = {}
    for kind, path in PAGE_KINDS.items():
        html = client.get(f"/{language}/{path}").content.decode()
        meta = dict(META.findall(html))
        image = meta.get("og:image", "")
        found = [
            name
            for name in ("og:title", "og:description", "og:url", "og:type", "description")
            if not meta.get(name, "").strip()
        ]
        if not image.startswith("http://testserver/"):
            found.append(f"og:image {image!r}")
        elif not finders.find(image.removeprefix(f"http://testserver{settings.STATIC_URL}")):
            found.append(f"og:image {image} does not load")
        if meta.get("og:description") != meta.get("description"):
            found.append("og:description differs from the description")
        if meta.get("og:url") != CANONICAL.search(html).group(1):
            found.append("og:url is not the canonical address")
        if found:
            missing[kind] = found
    assert missing == {}


def test_a_second_page_of_a_list_is_its_own_canonical_without_the_filters(client, every_kind):
    first = client.get("/it/partnerships/?sort=title&city=milano").content.decode()
    second = client.get("/it/partnerships/?sort=title&page=2&city=milano").content.decode()

    assert CANONICAL.search(first).group(1) == "http://testserver/it/partnerships/"
    assert CANONICAL.search(second).group(1) == "http://testserver/it/partnerships/?page=2"
    assert '<meta property="og:url" content="http://testserver/it/partnerships/?page=2">' in second


def test_a_description_with_markup_is_escaped_once_in_the_previews(client, milan):
    PartnershipFactory(
        city=milan, slug="ab", title="A & B", summary='Scuole "aperte" & <b>bene</b>'
    )

    html = client.get("/it/partnerships/ab/").content.decode()

    expected = "Scuole &quot;aperte&quot; &amp; &lt;b&gt;bene&lt;/b&gt;"
    assert f'<meta name="description" content="{expected}">' in html
    assert f'<meta property="og:description" content="{expected}">' in html
    assert '<meta property="og:title" content="A &amp; B">' in html
