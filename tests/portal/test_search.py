"""Site-wide search (portal/search.py), on SQLite and, with DATABASE_URL=postgres://…,
on PostgreSQL: the same behaviour through both engines, plus PostgreSQL's stemming."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import PublicationStatus
from portal import search
from portal.demo import factories

DRAFT = PublicationStatus.DRAFT

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming is PostgreSQL's full-text search"
)


def found(text: str, **filters) -> list[str]:
    """The titles of every result, best first."""
    results = search.search(text, **filters)
    return [hit.title for hit in results.page(1, per_page=100).object_list]


@pytest.mark.django_db
def test_finds_every_kind_of_public_record(milan):
    partnership = factories.PartnershipFactory(city=milan, title="Zucchine condivise")
    factories.StakeholderFactory(city=milan, name="Fondazione Zucchine")
    ssa = factories.SmallScaleActionFactory(ulg__city=milan, title="Zucchine a scuola")
    plan = factories.IntegratedActionPlanFactory(city=milan, title="Piano zucchine")
    factories.ActionFactory(plan=plan, title="Zucchine nei quartieri", code="A1")
    factories.ToolboxResourceFactory(city=milan, title="Guida alle zucchine")
    factories.NeedFactory(priority__city=milan, title="Attrezzi per zucchine")
    factories.NetworkEventFactory(host_city=milan, title="Visita alle zucchine")
    results = search.search("zucchine")
    kinds = {facet.value: facet.count for facet in results.kind_facets}
    assert kinds == {
        "partnership": 1,
        "stakeholder": 1,
        "need": 1,
        "ssa": 1,
        "plan": 1,
        "action": 1,
        "toolbox": 1,
        "event": 1,
    }
    hits = {hit.title: hit.url for hit in results.page(1).object_list}
    assert hits["Zucchine condivise"] == partnership.get_absolute_url()
    assert hits["Zucchine a scuola"] == ssa.get_absolute_url()
    assert hits["Zucchine condivise"] == partnership.get_absolute_url()
    assert hits["Zucchine a scuola"] == ssa.get_absolute_url()


@pytest.mark.django_db
def test_finds_a_city_by_name_and_focus(milan):
    milan.csr_focus = "Povertà educativa e zucchine"
    milan.save()

    assert found("zucchine") == ["Milano"]
    assert found("milano") == ["Milano"]


@pytest.mark.django_db
def test_a_title_match_ranks_above_a_match_in_the_text(milan):
    factories.PartnershipFactory(
        city=milan, title="Biblioteca di quartiere", description="Con un orto di melanzane."
    )
    factories.PartnershipFactory(city=milan, title="Melanzane per tutti", summary="Cibo.")

    assert found("melanzane") == ["Melanzane per tutti", "Biblioteca di quartiere"]


@pytest.mark.django_db
def test_every_word_must_occur(milan):
    factories.PartnershipFactory(city=milan, title="Melanzane al forno", summary="Cibo.")
    factories.PartnershipFactory(city=milan, title="Melanzane crude", summary="Cibo.")

    assert found("melanzane forno") == ["Melanzane al forno"]


@pytest.mark.django_db
def test_accents_and_case_do_not_matter(milan):
    factories.PartnershipFactory(city=milan, title="Qubì: la ricetta contro la povertà")
    factories.StakeholderFactory(city=milan, name="Ķekava Līdzdalība")

    assert found("qubi") == ["Qubì: la ricetta contro la povertà"]
    assert found("QUBÌ POVERTA") == ["Qubì: la ricetta contro la povertà"]
    assert found("kekava") == ["Ķekava Līdzdalība"]


@postgresql_only
@pytest.mark.django_db
def test_italian_stemming_finds_other_forms_of_a_word(milan):
    factories.PartnershipFactory(city=milan, title="Le scuole del quartiere", summary="")
    factories.SmallScaleActionFactory(ulg__city=milan, title="Orto didattico", summary="")

    assert found("scuola") == ["Le scuole del quartiere"]
    assert found("didattica") == ["Orto didattico"]


@postgresql_only
@pytest.mark.django_db
def test_english_stemming_on_the_english_text(milan):
    factories.PartnershipFactory(
        city=milan, title="Mense scolastiche", title_en="School canteens", summary=""
    )

    assert found("canteen") == ["Mense scolastiche"]
    assert found("schools") == ["Mense scolastiche"]


@pytest.mark.django_db
def test_finds_nothing_unpublished_or_unlisted(milan):
    draft_city = factories.CityFactory(name="Bozza", publication_status=DRAFT)
    factories.PartnershipFactory(city=milan, title="Cocomeri pubblici")
    factories.PartnershipFactory(city=milan, title="Cocomeri in bozza", publication_status=DRAFT)
    factories.PartnershipFactory(city=draft_city, title="Cocomeri di una città in bozza")
    factories.StakeholderFactory(city=milan, name="Cocomeri srl", listing_consent=False)
    factories.SmallScaleActionFactory(
        ulg__city=milan, ulg__publication_status=DRAFT, title="Cocomeri di un ULG in bozza"
    )
    factories.NeedFactory(
        priority__city=milan, priority__publication_status=DRAFT, title="Cocomeri cercasi"
    )

    assert found("cocomeri") == ["Cocomeri pubblici"]


@pytest.mark.django_db
def test_a_change_is_found_at_once(milan):
    partnership = factories.PartnershipFactory(city=milan, title="Cavoli", summary="")
    assert found("cavoli") == ["Cavoli"]

    partnership.title = "Rape"
    partnership.save()
    assert found("cavoli") == []
    assert found("rape") == ["Rape"]

    partnership.publication_status = DRAFT
    partnership.save()
    assert found("rape") == []


@pytest.mark.django_db
def test_contacts_are_never_searched(milan):
    stakeholder = factories.StakeholderFactory(city=milan, name="Fondazione Carciofi")
    factories.ContactFactory(stakeholder=stakeholder, name="Zebedeo Pignatelli")
    factories.ProposalFactory(city=milan, contact_name="Zebedeo Pignatelli")

    assert found("zebedeo") == []
    assert found("pignatelli") == []


@pytest.mark.django_db
def test_facets_count_by_kind_and_city_and_narrow_the_results(milan, sofia):
    factories.PartnershipFactory(city=milan, title="Fagioli a Milano")
    factories.PartnershipFactory(city=sofia, title="Fagioli a Sofia")
    factories.NeedFactory(priority__city=sofia, title="Fagioli per la mensa")

    results = search.search("fagioli")
    assert [(f.value, f.count) for f in results.kind_facets] == [("partnership", 2), ("need", 1)]
    assert [(f.value, f.count) for f in results.city_facets] == [("milano", 1), ("sofia", 2)]
    assert sorted(found("fagioli", city="sofia")) == ["Fagioli a Sofia", "Fagioli per la mensa"]
    assert found("fagioli", kind="need") == ["Fagioli per la mensa"]
    in_sofia = search.search("fagioli", city="sofia")
    assert [(f.value, f.count) for f in in_sofia.kind_facets] == [("partnership", 1), ("need", 1)]
    assert found("fagioli", city="no-such-city") == []


@pytest.mark.django_db
def test_a_draft_city_is_no_facet(milan):
    draft_city = factories.CityFactory(name="Bozza", slug="bozza", publication_status=DRAFT)
    # An event's host city is not one of its publication parents.
    factories.NetworkEventFactory(host_city=draft_city, title="Incontro sui ceci")

    results = search.search("ceci")
    assert [hit.title for hit in results.page(1).object_list] == ["Incontro sui ceci"]
    assert results.city_facets == []
    assert results.page(1).object_list[0].city is None


@pytest.mark.django_db
def test_snippet_marks_the_words_found_and_escapes_the_text(milan):
    factories.PartnershipFactory(
        city=milan,
        title="Lenticchie",
        summary="",
        description="Pane & lenticchie <script>alert(1)</script> alle famiglie.",
    )

    (hit,) = search.search("lenticchie").page(1).object_list
    assert "Pane &amp; <mark>lenticchie</mark>" in hit.snippet
    assert "<script" not in hit.snippet


def test_sqlite_snippet_marks_accented_words_and_cuts_around_the_first():
    text = "Parole " * 60 + "della Città di Ķekava e della città vecchia."
    snippet = search.highlight(text, ["citta", "kekava"])
    assert snippet.startswith("… ")
    assert "<mark>Città</mark> di <mark>Ķekava</mark>" in snippet
    assert "<mark>città</mark>" in snippet


@pytest.mark.django_db
def test_results_come_in_pages_of_twenty(milan):
    for number in range(25):
        factories.PartnershipFactory(city=milan, title=f"Piselli {number}", summary="")

    results = search.search("piselli")
    assert len(results.page(1).object_list) == 20
    assert len(results.page(2).object_list) == 5


@pytest.mark.django_db
def test_an_empty_query_finds_nothing_and_runs_no_query(milan, django_assert_num_queries):
    factories.PartnershipFactory(city=milan, title="Anything")
    with django_assert_num_queries(0):
        assert search.search("  ").matches == []
        assert search.search("?!").matches == []


# The page


@pytest.mark.django_db
def test_every_page_has_the_search_box(client, milan):
    for path in ("/it/", "/en/partnerships/", milan.get_absolute_url()):
        page = client.get(path).content.decode()
        assert 'role="search"' in page
        assert f'action="{reverse("search")}"' in page


@pytest.mark.django_db
def test_results_page_lists_ranked_hits_with_facets(client, milan):
    factories.PartnershipFactory(city=milan, title="Rucola in città", summary="")
    factories.NeedFactory(priority__city=milan, title="Semi di rucola")

    response = client.get(reverse("search"), {"q": "rucola"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "2 risultati per “rucola”" in page
    assert "Rucola in città" in page
    assert "Semi di rucola" in page
    assert 'href="?q=rucola&amp;kind=need"' in page


@pytest.mark.django_db
def test_results_page_in_english_shows_english_titles(client, milan):
    factories.PartnershipFactory(
        city=milan, title="Mense di quartiere", title_en="Neighbourhood canteens", summary=""
    )

    page = client.get("/en/search/", {"q": "mense"}).content.decode()

    assert "1 result for “mense”" in page
    assert "Neighbourhood canteens" in page


@pytest.mark.django_db
def test_results_page_without_words_asks_for_them(client):
    page = client.get(reverse("search"), {"q": "  "}).content.decode()

    assert "Scrivi una o più parole" in page
    assert "risultat" not in page


@pytest.mark.django_db
def test_results_page_says_when_a_filter_value_is_unknown(client, milan):
    factories.PartnershipFactory(city=milan, title="Rucola", summary="")

    page = client.get(reverse("search"), {"q": "rucola", "kind": "recipe"}).content.decode()

    assert "Valore di filtro sconosciuto" in page
    assert "Rucola</a>" not in page


# The API


@pytest.mark.django_db
def test_api_finds_public_records_only(client, milan):
    factories.PartnershipFactory(city=milan, title="Radicchio pubblico", summary="")
    factories.PartnershipFactory(city=milan, title="Radicchio in bozza", publication_status=DRAFT)
    factories.StakeholderFactory(city=milan, name="Radicchio spa", listing_consent=False)

    response = client.get("/api/v1/search/", {"q": "radicchio"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (hit,) = body["results"]
    assert hit["title"] == "Radicchio pubblico"
    assert hit["kind"] == "partnership"
    assert hit["city"] == "Milano"
    assert hit["url"].startswith("http://testserver/it/partnerships/")
    partnerships = {"value": "partnership", "label": "Partenariati", "count": 1}
    assert body["facets"]["kinds"] == [partnerships]


@pytest.mark.django_db
def test_api_speaks_the_requested_language(client, milan):
    factories.PartnershipFactory(city=milan, title="Bietole", title_en="Chard", summary="")

    body = client.get("/api/v1/search/", {"q": "bietole", "lang": "en"}).json()

    assert body["results"][0]["title"] == "Chard"
    assert body["results"][0]["url"].startswith("http://testserver/en/")


@pytest.mark.django_db
def test_api_refuses_an_empty_query_or_an_unknown_kind(client):
    assert client.get("/api/v1/search/").status_code == 400
    assert client.get("/api/v1/search/", {"q": "x", "kind": "recipe"}).status_code == 400


@pytest.mark.django_db
def test_api_search_is_throttled(client, settings):
    settings.API_ANONYMOUS_THROTTLE_RATE = "2/minute"
    statuses = [client.get("/api/v1/search/", {"q": "x"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


@pytest.mark.django_db
def test_api_schema_documents_search(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/v1/search/"]["get"]
    assert {"q", "kind", "city", "page", "lang"} <= {p["name"] for p in operation["parameters"]}
    assert "200" in operation["responses"]


@pytest.mark.django_db
def test_an_event_links_to_its_row_on_the_network_page(client, milan):
    event = factories.NetworkEventFactory(
        network=milan.network, host_city=milan, title="Incontro sulle fave"
    )

    (hit,) = search.search("fave").page(1).object_list
    path, anchor = hit.url.split("#")
    assert path == reverse("partnerships:network")
    assert f'id="{anchor}"' in client.get(path).content.decode()
    assert anchor == f"event-{event.slug}"


@pytest.mark.django_db
def test_a_place_found_shows_in_the_snippet(milan):
    factories.NeedFactory(priority__city=milan, title="Banchi", place="Scuola Pascoli")

    (hit,) = search.search("pascoli").page(1).object_list
    assert "<mark>Pascoli</mark>" in hit.snippet


@pytest.mark.django_db
def test_themes_are_facets_and_narrow_the_results(milan):
    food = factories.ThemeFactory(name="Cibo", slug="cibo")
    school = factories.ThemeFactory(name="Scuola", slug="scuola")
    factories.PartnershipFactory(city=milan, title="Carote a mensa", themes=[food, school])
    factories.PartnershipFactory(city=milan, title="Carote in classe", themes=[school])
    factories.NeedFactory(priority__city=milan, title="Carote cercasi").priority.themes.add(food)
    factories.ToolboxResourceFactory(city=milan, title="Carote: una guida")

    results = search.search("carote")
    assert [(f.value, f.count) for f in results.theme_facets] == [("cibo", 2), ("scuola", 2)]
    assert sorted(found("carote", theme="cibo")) == ["Carote a mensa", "Carote cercasi"]
    assert found("carote", theme="scuola", kind="need") == []
    in_food = search.search("carote", theme="cibo")
    assert [(f.value, f.count) for f in in_food.kind_facets] == [("partnership", 1), ("need", 1)]
    assert found("carote", theme="no-such-theme") == []


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_results(client, milan):
    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("search"), {"q": "sedano"}).status_code == 200
        return len(captured)

    theme = factories.ThemeFactory()
    factories.PartnershipFactory(city=milan, title="Sedano 0", themes=[theme])
    factories.NeedFactory(priority__city=milan, title="Sedano cercasi")
    queries_for_page()  # the first request also fills per-process caches
    few = queries_for_page()
    for number in range(1, 30):
        factories.PartnershipFactory(city=milan, title=f"Sedano {number}", themes=[theme])
        factories.NeedFactory(priority__city=milan, title=f"Sedano {number} cercasi")

    # One query per kind on the page, not per result (page 1 now holds partnerships only).
    assert queries_for_page() <= few


@pytest.mark.django_db
def test_robots_stay_out_of_the_endless_result_pages(client):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /it/search/" in robots
    assert "Disallow: /en/search/" in robots
