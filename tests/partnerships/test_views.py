"""The public pages of the partnerships app: what a visitor sees, in both languages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.models import (
    Partnership,
    PublicationStatus,
    Stakeholder,
    SustainableDevelopmentGoal,
)
from portal.demo import factories
from tests.public_data import populate


@pytest.fixture
def site(milan, sofia):
    return populate(milan, sofia, scale=3)


def test_home_shows_network_partnerships_numbers_and_cities(client, site):
    page = client.get("/it/").content.decode()
    assert "CITIES4CSR [demo]" in page
    assert "Partenariato 0" in page
    assert "Milano" in page and "Sofia" in page
    assert '<html lang="it">' in page


def test_home_in_english_is_marked_english(client, site):
    page = client.get("/en/").content.decode()
    assert '<html lang="en">' in page
    assert "Key numbers" in page


def test_partnership_detail_lists_partners_with_roles(client, site):
    partnership = site["partnerships"][0]
    page = client.get(f"/it/partnerships/{partnership.slug}/").content.decode()
    for participation in partnership.participations.all():
        assert participation.stakeholder.name in page
    assert "Finanziatore" in page or "Funder" in page
    assert "https://urbact.eu/cities4csr" in page


def test_partnership_detail_links_related_ssa_and_iap_action(client, site):
    partnership = site["partnerships"][1]
    page = client.get(f"/en/partnerships/{partnership.slug}/").content.decode()
    assert "Azione pilota 1" in page
    assert "/cities/milano/iap/#action-A2" in page


def test_partnership_detail_shows_its_sdgs_in_the_visitors_language(client, site):
    partnership = site["partnerships"][0]
    partnership.sdgs.add(SustainableDevelopmentGoal.objects.get(number=4))

    italian = client.get(f"/it/partnerships/{partnership.slug}/").content.decode()
    english = client.get(f"/en/partnerships/{partnership.slug}/").content.decode()

    assert "Obiettivi di sviluppo sostenibile ONU" in italian
    assert "4. Istruzione di qualità" in italian
    assert "4. Quality education" in english


def test_partnership_detail_without_sdgs_has_no_sdg_heading(client, site):
    page = client.get(f"/en/partnerships/{site['partnerships'][0].slug}/").content.decode()

    assert "UN Sustainable Development Goals" not in page


def test_partnership_detail_has_open_graph_tags(client, site):
    page = client.get("/it/partnerships/partenariato-0/").content.decode()
    assert '<meta property="og:title" content="Partenariato 0">' in page
    assert 'property="og:type" content="article"' in page


def test_partnership_detail_shows_other_partnerships_of_the_same_partners(client, site):
    first, second = site["partnerships"][:2]
    shared = first.participations.first().stakeholder
    factories.ParticipationFactory(partnership=second, stakeholder=shared)
    page = client.get(f"/it/partnerships/{first.slug}/").content.decode()
    assert second.title in page.split("see-also-title")[-1]


def test_english_page_falls_back_to_italian_text(client, site):
    page = client.get("/en/partnerships/partenariato-0/").content.decode()
    assert "Partenariato 0" in page


def test_english_page_shows_english_text_when_there_is_one(client, site):
    Partnership.objects.filter(slug="partenariato-0").update(title_en="Partnership zero")
    assert "Partnership zero" in client.get("/en/partnerships/partenariato-0/").content.decode()
    assert "Partnership zero" not in client.get("/it/partnerships/partenariato-0/").content.decode()


def test_draft_partnership_is_not_found(client, site):
    assert client.get("/it/partnerships/bozza-segreta/").status_code == 404
    assert "Bozza segreta" not in client.get("/it/partnerships/").content.decode()


def test_draft_city_is_not_found(client, site):
    assert client.get("/it/cities/citta-in-bozza/").status_code == 404
    assert "Città in bozza" not in client.get("/it/cities/").content.decode()


def test_not_found_page_uses_the_site_design(client, site):
    response = client.get("/en/partnerships/no-such-thing/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "it-header-wrapper" in response.content.decode()


class TestPartnershipList:
    def titles(self, client, query: str) -> set[str]:
        response = client.get(f"/it/partnerships/?{query}")
        assert response.status_code == 200
        return {partnership.title for partnership in response.context["object_list"]}

    def test_lists_only_published_partnerships(self, client, site):
        assert self.titles(client, "") == {
            "Partenariato 0",
            "Partenariato 1",
            "Partenariato 2",
            "Sofia partnership",
        }

    def test_filters_by_city(self, client, site):
        assert self.titles(client, "city=sofia") == {"Sofia partnership"}

    def test_filters_by_theme(self, client, site):
        assert self.titles(client, "theme=food") == {"Partenariato 1"}

    def test_filters_by_status(self, client, site):
        Partnership.objects.filter(slug="partenariato-2").update(
            status=Partnership.Status.COMPLETED
        )
        assert self.titles(client, "status=completed") == {"Partenariato 2"}

    def test_filters_by_year_running(self, client, site):
        # Partenariato 2 starts in 2022, the others earlier; all run until mid-2022.
        assert "Partenariato 2" not in self.titles(client, "year=2021")
        assert "Partenariato 0" in self.titles(client, "year=2021")

    def test_filters_by_kind_of_partner(self, client, site):
        sofia_partner = site["sofia_partnership"].participations.get().stakeholder
        Stakeholder.objects.filter(pk=sofia_partner.pk).update(kind=Stakeholder.Kind.SCHOOL)
        Stakeholder.objects.filter(city__slug="milano").update(kind=Stakeholder.Kind.COMPANY)
        assert self.titles(client, "kind=school") == {"Sofia partnership"}

    def test_searches_title_in_both_languages_and_partner_names(self, client, site):
        Partnership.objects.filter(slug="partenariato-1").update(title_en="Plogging on the canal")
        assert self.titles(client, "q=plogging") == {"Partenariato 1"}
        partner = site["partnerships"][2].participations.first().stakeholder
        assert self.titles(client, f"q={partner.name}") == {"Partenariato 2"}

    def test_sorts_by_title(self, client, site):
        response = client.get("/it/partnerships/?sort=-title")
        titles = [partnership.title for partnership in response.context["object_list"]]
        assert titles == sorted(titles, reverse=True)

    def test_unknown_filter_values_give_a_normal_page_with_the_error(self, client, site):
        response = client.get("/it/partnerships/?city=atlantis&year=1066&status=lost&sort=x")
        assert response.status_code == 200
        assert "text-danger" in response.content.decode()

    def test_malformed_query_string_gives_a_normal_page(self, client, site):
        response = client.get("/it/partnerships/?city=%ZZ&&=&theme[]=1&year=abc")
        assert response.status_code == 200

    def test_page_past_the_end_is_not_found(self, client, site):
        assert client.get("/it/partnerships/?page=99").status_code == 404
        assert client.get("/it/partnerships/?page=abc").status_code == 404

    def test_pagination_keeps_the_filters(self, client, milan, sofia):
        populate(milan, sofia, scale=14)
        page = client.get("/it/partnerships/?city=milano&sort=title").content.decode()
        assert "?city=milano&amp;sort=title&amp;page=2" in page

    def test_empty_result_explains_itself(self, client, site):
        page = client.get("/en/partnerships/?q=nothing-matches-this").content.decode()
        assert "No partnership matches these filters" in page


def test_city_detail_shows_its_ulg_plan_pilots_and_partnerships(client, site):
    page = client.get("/it/cities/milano/").content.decode()
    assert "ULG Milano" in page
    assert "Piano d&#x27;azione Milano" in page
    assert "Azione pilota 0" in page
    assert "Partenariato 2" in page


def test_city_detail_does_not_show_another_city_partnerships(client, site):
    milan_page = client.get("/it/cities/milano/").content.decode()
    sofia_page = client.get("/it/cities/sofia/").content.decode()
    assert "Sofia partnership" not in milan_page
    assert "Partenariato 0" not in sofia_page


def test_empty_city_leaves_out_the_pilots_and_partnerships_it_has_none_of(client, sofia):
    page = client.get("/en/cities/sofia/").content.decode()
    assert "The local group of this city has not been published yet." in page
    assert 'id="ssa-title"' not in page
    assert 'id="city-partnerships-title"' not in page


def test_stakeholder_directory_lists_only_consenting_organisations(client, site):
    hidden = site["partnerships"][0].participations.first().stakeholder
    Stakeholder.objects.filter(pk=hidden.pk).update(listing_consent=False)
    response = client.get("/it/stakeholders/")
    listed = set(response.context["object_list"])
    assert hidden not in listed
    assert site["partnerships"][1].participations.first().stakeholder in listed


def test_stakeholder_directory_filters_by_city(client, site):
    response = client.get("/it/stakeholders/?city=sofia")
    assert {stakeholder.city.slug for stakeholder in response.context["object_list"]} == {"sofia"}


def test_network_page_shows_meetings_and_counts(client, site):
    page = client.get("/en/network/").content.decode()
    assert "Transnational activities" in page
    assert "[demo] Meeting" in page
    assert ">11<" in page


def test_network_page_shows_an_event_without_host_city_or_place(client, site):
    factories.NetworkEventFactory(
        network=site["network"], title="Online meeting", host_city=None, online=True
    )
    factories.NetworkEventFactory(network=site["network"], title="Somewhere", host_city=None)
    page = client.get("/en/network/").content.decode()
    assert "Online meeting" in page and "Somewhere" in page


def test_numbers_page_shows_each_table_with_a_csv_link(client, site):
    page = client.get("/en/numbers/").content.decode()
    for slug in ("by-city", "by-theme", "by-status", "by-year", "by-stakeholder-kind"):
        assert f"/en/numbers/{slug}.csv" in page
    assert "<table" in page


def test_numbers_csv_counts_partnerships_by_city(client, site):
    response = client.get("/it/numbers/by-city.csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "Città,Partenariati"
    assert "Milano,3" in lines
    assert "Sofia,1" in lines


def test_unknown_numbers_table_is_not_found(client, site):
    assert client.get("/it/numbers/by-moon.csv").status_code == 404


def test_accessibility_statement_is_published(client, db):
    assert client.get("/it/accessibility/").status_code == 200
    page = client.get("/en/accessibility/").content.decode()
    assert "Web Content Accessibility Guidelines (WCAG) 2.1" in page


PAGES = [
    "/it/",
    "/it/partnerships/",
    "/it/partnerships/?theme=school-poverty&sort=title",
    "/it/partnerships/partenariato-0/",
    "/it/cities/",
    "/it/cities/milano/",
    "/it/stakeholders/",
    "/it/network/",
    "/it/numbers/",
    "/it/cities/milano/ulg/",
    "/it/small-scale-actions/azione-pilota-0/",
    "/it/cities/milano/iap/",
    "/it/toolbox/",
    "/sitemap.xml",
]


@pytest.mark.parametrize("url", PAGES)
def test_page_queries_are_the_same_at_two_data_sizes(
    client, milan, sofia, url, django_assert_max_num_queries
):
    populate(milan, sofia, scale=2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    populate(milan, sofia, scale=8, start=2)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_published_status_is_what_makes_a_partnership_public(client, site):
    Partnership.objects.filter(slug="partenariato-0").update(
        publication_status=PublicationStatus.DRAFT
    )
    assert client.get("/it/partnerships/partenariato-0/").status_code == 404


class TestReadingOrder:
    """Titles and names sort as the page shows them (on SQLite and PostgreSQL)."""

    @pytest.fixture
    def titled(self, milan):
        for slug, italian, english in [
            ("a", "Zaino sospeso", "Backpack in waiting"),
            ("b", "Àncora", ""),  # no English title: its Italian one shows and sorts
            ("c", "Bosco in città", "Urban forest"),
            ("d", "mensa aperta", "Canteen for all"),
        ]:
            factories.PartnershipFactory(city=milan, slug=slug, title_it=italian, title_en=english)

    def slugs(self, client, url: str) -> list[str]:
        return [p.slug for p in client.get(url).context["object_list"]]

    def test_english_sort_by_title_uses_english_titles_with_the_italian_fallback(
        self, client, titled
    ):
        # Àncora (fallback), Backpack, Canteen, Urban forest
        assert self.slugs(client, "/en/partnerships/?sort=title") == ["b", "a", "d", "c"]
        assert self.slugs(client, "/en/partnerships/?sort=-title") == ["c", "d", "a", "b"]

    def test_italian_sort_ignores_accents_and_case(self, client, titled):
        # Àncora, Bosco, mensa, Zaino
        assert self.slugs(client, "/it/partnerships/?sort=title") == ["b", "c", "d", "a"]

    def test_the_english_home_orders_cards_by_the_english_titles(self, client, titled):
        Partnership.objects.update(start_date=None, featured=False)
        cards = [p.slug for p in client.get("/en/").context["partnerships"]]
        assert cards == ["b", "a", "d", "c"]

    def test_cities_with_accented_initials_sort_under_their_letter(self, client, milan):
        for name in ("Ķekava", "Zagreb", "Łódź", "Jelgava", "Lisboa"):
            factories.CityFactory(network=milan.network, name=name)
        names = [city.name for city in client.get("/en/cities/").context["object_list"]]
        assert names == ["Jelgava", "Ķekava", "Lisboa", "Łódź", "Milano", "Zagreb"]


def test_city_page_shows_some_pilots_and_partnerships_and_links_to_all(client, milan, sofia):
    populate(milan, sofia, scale=14)

    response = client.get("/en/cities/milano/")

    assert len(response.context["partnerships"]) == 9
    assert len(response.context["small_scale_actions"]) == 9
    page = response.content.decode()
    assert 'href="/en/partnerships/?city=milano">See all 14 partnerships of Milano</a>' in page
    assert 'href="/en/cities/milano/ulg/">See all 14 Small-Scale Actions of the local group' in page


def test_city_page_with_few_records_needs_no_see_all_link(client, site):
    page = client.get("/en/cities/milano/").content.decode()

    assert "Partenariato 2" in page
    assert "See all" not in page


def page_numbers(html: str) -> list[str]:
    bar = html.split('class="pagination"')[1].split("</ul>")[0]
    return re.findall(r"</span>(\d+)</a>|>(…)<", bar)


def test_pagination_links_the_ends_and_the_neighbours_of_the_page(client, milan, sofia):
    populate(milan, sofia, scale=12 * 9)  # 110 partnerships, 10 pages of 12

    middle = client.get("/it/partnerships/?page=5").content.decode()
    first = client.get("/it/partnerships/").content.decode()

    shown = ["".join(match) for match in page_numbers(middle)]
    assert shown == ["1", "…", "4", "5", "6", "…", "10"]
    assert ["".join(match) for match in page_numbers(first)] == ["1", "2", "…", "10"]
