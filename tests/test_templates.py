"""Template hygiene that a visitor would otherwise see on the page."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.paginator import Paginator
from django.template.loader import render_to_string

TEMPLATES = sorted(
    path
    for folder in [settings.BASE_DIR / "templates", *settings.BASE_DIR.glob("*/templates")]
    for path in Path(folder).rglob("*.html")
)


@pytest.mark.parametrize(
    "template", TEMPLATES, ids=lambda path: str(path.relative_to(settings.BASE_DIR))
)
def test_comments_close_on_the_line_they_open(template):
    # Django's {# #} comments are single-line: an unclosed one prints as text.
    for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), start=1):
        if "{#" in line:
            assert "#}" in line[line.index("{#") :], (
                f"{template.name}:{number} opens a multi-line {{#"
            )


@pytest.mark.django_db
def test_propose_form_shows_no_template_source(client):
    page = client.get("/it/propose/").content.decode()

    assert "{#" not in page and "{%" not in page


@pytest.mark.django_db
def test_the_shared_proposal_form_posts_where_it_was_opened(client):
    from portal.demo.factories import NeedFactory

    NeedFactory(slug="tutor")

    assert 'action="/it/propose/"' in client.get("/it/propose/").content.decode()
    assert (
        'action="/it/needs/tutor/offer/"' in client.get("/it/needs/tutor/offer/").content.decode()
    )


def test_compact_pagination_shows_the_position_and_keeps_the_filters(rf):
    page = Paginator(range(500), 50).get_page(2)
    html = render_to_string(
        "includes/pagination.html",
        {"page_obj": page, "compact": True},
        request=rf.get("/workspace/?city=3&page=2"),
    )

    assert "2 / 10" in html
    assert "?city=3&amp;page=3" in html
    assert "page=7" not in html  # no link to each of the pages


def test_a_long_public_list_links_its_ends_and_the_pages_around_this_one(rf):
    page = Paginator(range(2000), 12).get_page(50)
    html = render_to_string(
        "includes/pagination.html",
        {"page_obj": page},
        request=rf.get("/it/partnerships/?city=milano&page=50"),
    )

    linked = {int(number) for number in re.findall(r"page=(\d+)", html)}
    assert linked == {1, 49, 50, 51, 167}
    assert html.count('<span class="page-link" aria-hidden="true">') == 2  # the ellipses
    assert "?city=milano&amp;page=51" in html
