"""The list filter forms and the numbers page's tables kept as shared fragments
(core/templatetags/shared_fragments.py): built once for the pages of a list (or the
query strings of a page), never stale, never another query's."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.demo.factories import CityFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def two_pages(milan):
    for number in range(13):  # the list shows 12 a page
        PartnershipFactory(city=milan, title=f"Partenariato {number:02}")


def city_choices(html: str) -> list[str]:
    select = re.search(r'<select name="city".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"', select)


def selected_city(html: str) -> str | None:  # "": "All cities"
    select = re.search(r'<select name="city".*?</select>', html, re.S).group(0)
    found = re.search(r'<option value="([^"]*)" selected>', select)
    return found.group(1) if found else None


def test_the_second_page_of_a_list_reuses_the_first_pages_filter_form(client, two_pages):
    with CaptureQueriesContext(connection) as first:
        client.get("/it/partnerships/")
    with CaptureQueriesContext(connection) as second:
        page_two = client.get("/it/partnerships/?page=2").content.decode()

    assert "milano" in city_choices(page_two)
    # The city, theme and year choices are not read again.
    assert len(second) <= len(first) - 3


def test_a_newly_published_city_is_offered_at_once(client, two_pages):
    client.get("/it/partnerships/")

    PartnershipFactory(city=CityFactory(name="Sofia", slug="sofia", country="BG"))

    assert "sofia" in city_choices(client.get("/it/partnerships/?page=2").content.decode())


def test_each_choice_of_filters_keeps_its_own_selection(client, two_pages, sofia):
    PartnershipFactory(city=sofia)

    milan_page = client.get("/it/partnerships/?city=milano").content.decode()
    sofia_page = client.get("/it/partnerships/?city=sofia").content.decode()

    assert selected_city(milan_page) == "milano"
    assert selected_city(sofia_page) == "sofia"
    assert selected_city(client.get("/it/partnerships/?page=2").content.decode()) == ""


def test_each_language_keeps_its_own_form(client, two_pages):
    client.get("/it/partnerships/")

    english = client.get("/en/partnerships/").content.decode()

    assert "Apply filters" in english


def test_with_the_page_cache_off_the_form_is_built_each_time(client, two_pages, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/it/partnerships/")

    with CaptureQueriesContext(connection) as again:
        client.get("/it/partnerships/")
    with CaptureQueriesContext(connection) as page_two:
        client.get("/it/partnerships/?page=2")

    assert len(page_two) == len(again)


def by_city_rows(html: str) -> list[tuple[str, str]]:
    table = re.search(r'id="by-city-title".*?</table>', html, re.S).group(0)
    return re.findall(r'<tr><th scope="row">([^<]*)</th><td class="text-end">(\d+)</td>', table)


def test_the_numbers_tables_are_counted_once_for_any_query_string(client, two_pages):
    with CaptureQueriesContext(connection) as first:
        client.get("/it/numbers/")
    # A link with a tracking parameter: another page entry, the same numbers.
    with CaptureQueriesContext(connection) as tagged:
        page = client.get("/it/numbers/?utm_source=newsletter").content.decode()

    assert ("Milano", "13") in by_city_rows(page)
    assert len(tagged) < len(first) - 5


def test_the_numbers_count_a_new_partnership_at_once(client, two_pages, milan):
    client.get("/it/numbers/")

    PartnershipFactory(city=milan)

    page = client.get("/it/numbers/?utm_source=newsletter").content.decode()
    assert ("Milano", "14") in by_city_rows(page)


def test_the_home_pages_map_is_drawn_once_for_any_query_string(client, two_pages, milan):
    with CaptureQueriesContext(connection) as first:
        client.get("/it/")
    with CaptureQueriesContext(connection) as tagged:
        page = client.get("/it/?utm_source=newsletter").content.decode()

    assert "13 partenariati" in page  # Milano's line in the map's list
    assert len(tagged) <= len(first) - 3  # the map's three counts

    PartnershipFactory(city=milan)

    assert "14 partenariati" in client.get("/it/?utm_source=newsletter").content.decode()
