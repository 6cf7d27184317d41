"""The public pages with the real CITIES4CSR data say what is known and nothing else."""

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from partnerships.models import City
from partnerships.templatetags.public_site import date_range
from portal.demo.factories import (
    CityFactory,
    NetworkFactory,
    PartnershipFactory,
    StakeholderFactory,
    UrbactLocalGroupFactory,
)

pytestmark = pytest.mark.django_db

FILLER = ("non indicato", "not stated", "non ancora", "not yet", "ancora nessun")


@pytest.fixture
def real_data():
    call_command("load_cities4csr", stdout=StringIO())


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def main_text(html: str) -> str:
    main = re.search(r"<main.*?</main>", html, re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def real_pages() -> list[str]:
    pages = ["/it/", "/it/partnerships/", "/it/network/", "/it/cities/", "/it/stakeholders/"]
    pages.append("/it/numbers/")
    for city in City.objects.all():
        pages += [f"/it/cities/{city.slug}/", f"/it/cities/{city.slug}/ulg/"]
        pages.append(f"/it/cities/{city.slug}/iap/")
    pages += [f"/it/partnerships/{slug}/" for slug in ("cresco-award", "plogging-in-darsena")]
    return pages


def test_real_data_pages_carry_no_filler_for_unknown_facts(client, real_data):
    for path in real_pages():
        text = main_text(page(client, path)).lower()
        for filler in FILLER:
            assert filler not in text, (path, filler)


def test_plan_without_a_document_says_it_is_not_on_the_site(client, real_data):
    text = main_text(page(client, "/it/cities/rijeka/iap/"))

    assert "Il documento del piano non è disponibile su questo sito." in text


def test_milan_plan_shows_its_actions_without_codes_or_empty_columns(client, real_data):
    html = page(client, "/it/cities/milano/iap/")

    assert "Account manager a supporto degli stakeholder" in html
    assert '<th scope="col">Codice</th>' not in html
    assert "Budget</th>" not in html


def test_every_partnership_shows_the_slides_as_its_source(client, real_data):
    html = page(client, "/it/partnerships/plogging-in-darsena/")

    assert "presentazione del Comune di Milano sul progetto CITIES4CSR" in html


def test_cresco_award_names_no_prize_as_a_partner(client, real_data):
    text = main_text(page(client, "/it/partnerships/cresco-award/"))

    assert "Premio Lexmark" not in text
    assert "Comune di Milano" in text


@pytest.mark.parametrize(
    ("start", "end", "month_only", "expected"),
    [
        (dt.date(2020, 2, 4), None, False, "4 febbraio 2020"),
        (dt.date(2019, 9, 23), dt.date(2019, 9, 25), False, "23–25 settembre 2019"),
        (dt.date(2020, 2, 4), dt.date(2020, 3, 6), False, "4 febbraio – 6 marzo 2020"),
        (dt.date(2019, 9, 1), None, True, "settembre 2019"),
        (dt.date(2021, 6, 1), dt.date(2021, 7, 31), True, "giugno–luglio 2021"),
        (dt.date(2019, 9, 1), dt.date(2022, 8, 31), True, "settembre 2019 – agosto 2022"),
    ],
)
def test_dates_are_written_as_italian_writes_them(start, end, month_only, expected):
    with translation.override("it"):
        assert date_range(start, end, month_only=month_only) == expected


def test_english_dates_keep_capitalised_months():
    with translation.override("en"):
        assert date_range(dt.date(2019, 9, 23), dt.date(2019, 9, 25)) == "23–25 September 2019"


def test_network_page_dates_events_in_italian_and_sorts_the_final_event_by_its_month(
    client, real_data
):
    text = main_text(page(client, "/it/network/"))

    assert "settembre 2019 – agosto 2022" in text
    assert "4–6 febbraio 2020" in text
    # The undated-by-day final event comes after May 2022, dated by its month.
    assert "giugno 2022 Evento finale del progetto a Bruxelles" in text
    assert text.index("24–26 maggio 2022") < text.index("Evento finale del progetto")


def test_english_passages_on_italian_pages_are_marked(client, real_data):
    home = page(client, "/it/")
    network = page(client, "/it/network/")
    sofia = page(client, "/it/cities/sofia/")

    assert '<p class="lead text-white" lang="en">Comprehensive municipal strategies' in home
    assert '<em lang="en">Unlocking opportunities, improving cities</em>' in network
    assert 'lang="en">Foresting is investing for a better city</a>' in sofia


def test_italian_titles_shown_on_english_pages_are_marked(client, real_data):
    html = page(client, "/en/partnerships/plogging-in-darsena/")

    assert '<h1 lang="it">Plogging in Darsena</h1>' in html


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/it/cities/milano/iap/", "Piano d&#x27;azione integrato di Milano · CITIES4CSR"),
        ("/it/cities/budaors/ulg/", "URBACT Local Group – Budaörs · CITIES4CSR"),
        ("/it/privacy/", "Informativa sulla privacy · CITIES4CSR"),
    ],
)
def test_page_titles_name_the_site_and_the_city_once(client, real_data, path, title):
    html = page(client, path)

    assert f"<title>{title}</title>" in html


def test_home_counts_only_the_presented_networks_cities(client, real_data):
    demo_city = CityFactory(network=NetworkFactory())
    PartnershipFactory(city=demo_city)

    html = page(client, "/it/")

    assert re.search(r'<span class="key-number">10</span>\s*città', html)
    assert re.search(r'<span class="key-number">7</span>', html)
    assert demo_city.name not in html


def test_empty_directory_says_no_consent_is_recorded(client, real_data):
    text = main_text(page(client, "/it/stakeholders/"))

    assert "non è registrato il consenso" in text
    assert "corrisponde a questi filtri" not in text


def test_empty_directory_blames_the_filters_only_when_one_is_set(client, real_data):
    StakeholderFactory(listing_consent=True, city=City.objects.get(slug="milano"), kind="company")
    StakeholderFactory(listing_consent=True, city=City.objects.get(slug="rijeka"), kind="school")

    text = main_text(page(client, "/it/stakeholders/?city=rijeka&kind=company"))

    assert "corrisponde a questi filtri" in text


def test_filters_offer_only_values_with_results_and_count_them(client, real_data):
    html = page(client, "/it/partnerships/")
    cities = re.search(r'<select name="city".*?</select>', html, re.S).group(0)
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', cities)

    # The seven shipped partnerships are Milan's: no other city is offered to lead to none.
    assert options == [("", "Tutte le città"), ("milano", "Milano (7)")]
    years = re.search(r'<select name="year".*?</select>', html, re.S).group(0)
    for value, label in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', years):
        count = int(label.rsplit("(", 1)[1].rstrip(")"))
        assert count == len(client.get(f"/it/partnerships/?year={value}").context["object_list"])


@pytest.mark.parametrize(
    "query", ["city=atlantis", "city=rijeka", "theme=nothing", "status=lost", "year=1066"]
)
def test_an_unknown_filter_value_says_so_and_shows_nothing(client, real_data, query):
    response = client.get(f"/it/partnerships/?{query}")

    assert response.status_code == 200
    assert list(response.context["object_list"]) == []
    text = main_text(response.content.decode())
    assert "Valore di filtro sconosciuto" in text
    assert "0 partenariati trovati" in text


def test_an_unknown_sort_is_no_filter_and_keeps_the_list(client, real_data):
    response = client.get("/it/partnerships/?sort=sideways")

    assert len(response.context["object_list"]) == 7
    assert "Valore di filtro sconosciuto" not in response.content.decode()


def test_partnership_list_without_filters_does_not_suggest_removing_one(client):
    text = main_text(page(client, "/it/partnerships/"))

    assert "Prova a togliere un filtro" not in text


def test_local_group_without_membership_data_does_not_claim_refusals(client):
    ulg = UrbactLocalGroupFactory()

    text = main_text(page(client, f"/it/cities/{ulg.city.slug}/ulg/"))

    assert "accettato di comparire" not in text


def test_directory_names_the_city_an_organisation_works_with_not_its_seat(client, real_data):
    StakeholderFactory(listing_consent=True, city=City.objects.get(slug="milano"))

    html = page(client, "/it/stakeholders/")

    assert '<th scope="col">Collabora con</th>' in html
