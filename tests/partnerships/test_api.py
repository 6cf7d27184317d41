"""Contract of the partnerships endpoints: fields, filters, pagination, language, errors."""

import datetime as dt

import pytest
from django.utils.http import http_date
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from partnerships.models import Partnership, SustainableDevelopmentGoal
from portal.demo.factories import (
    ContactFactory,
    NetworkEventFactory,
    ParticipationFactory,
    PartnershipFactory,
    StakeholderFactory,
    ThemeFactory,
)
from tests.api_support import one_of_each

FIELDS = {
    "/api/v1/cities/": {
        "id", "slug", "name", "network", "country", "role", "csr_focus", "description",
        "latitude", "longitude", "publication_status", "sources", "url",
    },
    "/api/v1/themes/": {"id", "slug", "name", "description"},
    "/api/v1/stakeholders/": {
        "id", "slug", "name", "kind", "city", "website", "description", "listing_consent",
    },
    "/api/v1/partnerships/": {
        "id", "slug", "title", "city", "themes", "sdgs", "neighbourhood", "summary", "description",
        "outcomes", "start_date", "end_date", "status", "featured", "publication_status",
        "participations", "sources", "url", "updated_at",
    },
    "/api/v1/participations/": {
        "id", "partnership", "partnership_title", "city", "stakeholder", "stakeholder_name",
        "stakeholder_kind", "role", "contribution", "amount_eur",
    },
    "/api/v1/network-events/": {
        "id", "slug", "network", "kind", "title", "start_date", "end_date", "host_city", "place",
        "online", "participating_cities", "topic", "summary", "publication_status", "sources",
    },
}  # fmt: skip


@pytest.fixture
def api():
    return APIClient()


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [row["slug"] for row in response.json()["results"]]


@pytest.mark.parametrize("path", FIELDS)
def test_endpoint_lists_exactly_its_documented_fields(api, milan, path):
    one_of_each(milan)

    rows = api.get(path).json()["results"]

    assert rows
    assert set(rows[0]) == FIELDS[path]


def test_partnership_shows_partners_names_and_roles(api, milan):
    participation = ParticipationFactory(
        partnership__city=milan, stakeholder__name="Fondazione Cariplo [demo]", role="funder"
    )

    data = api.get(f"/api/v1/partnerships/{participation.partnership.slug}/").json()

    assert data["participations"] == [
        {
            "stakeholder": participation.stakeholder.slug,
            "stakeholder_name": "Fondazione Cariplo [demo]",
            "stakeholder_kind": participation.stakeholder.kind,
            "role": "funder",
            "contribution": "",
            "amount_eur": None,
        }
    ]


def test_sources_are_a_list_of_addresses(api, milan):
    partnership = PartnershipFactory(
        city=milan, sources="https://urbact.eu/cities4csr\nhttps://www.comune.milano.it/"
    )

    data = api.get(f"/api/v1/partnerships/{partnership.slug}/").json()

    assert data["sources"] == ["https://urbact.eu/cities4csr", "https://www.comune.milano.it/"]


def test_partnership_lists_its_sdgs_by_number(api, milan):
    partnership = PartnershipFactory(city=milan)
    partnership.sdgs.add(*SustainableDevelopmentGoal.objects.filter(number__in=[11, 4]))

    data = api.get(f"/api/v1/partnerships/{partnership.slug}/").json()

    assert data["sdgs"] == [4, 11]


def test_partnership_sdgs_are_read_only_in_the_api(coordinator, milan):
    partnership = PartnershipFactory(city=milan)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=coordinator).key}")

    response = client.patch(
        f"/api/v1/partnerships/{partnership.slug}/", {"sdgs": [4]}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["sdgs"] == []
    assert not partnership.sdgs.exists()


def test_drafts_are_not_public(api, milan):
    published = PartnershipFactory(city=milan)
    draft = PartnershipFactory(city=milan, publication_status="draft")

    assert slugs(api.get("/api/v1/partnerships/")) == [published.slug]
    assert api.get(f"/api/v1/partnerships/{draft.slug}/").status_code == 404


def test_participations_of_draft_partnerships_are_not_public(api, milan):
    ParticipationFactory(partnership__city=milan, partnership__publication_status="draft")

    assert api.get("/api/v1/participations/").json()["count"] == 0


def test_stakeholder_directory_lists_only_consenting_organisations_without_contacts(api, milan):
    listed = StakeholderFactory(city=milan, listing_consent=True)
    unlisted = StakeholderFactory(city=milan, listing_consent=False)
    ContactFactory(stakeholder=listed, email="persona@private.example")

    response = api.get("/api/v1/stakeholders/")

    assert slugs(response) == [listed.slug]
    assert "persona@private.example" not in response.content.decode()
    assert api.get(f"/api/v1/stakeholders/{unlisted.slug}/").status_code == 404


class TestPartnershipFilters:
    @pytest.fixture
    def school(self, milan):
        theme = ThemeFactory(slug="school-poverty")
        return PartnershipFactory(
            city=milan,
            themes=[theme],
            status="completed",
            start_date=dt.date(2020, 1, 1),
            end_date=dt.date(2021, 6, 30),
            title_it="Scuole aperte",
        )

    @pytest.fixture
    def food(self, sofia):
        partnership = PartnershipFactory(
            city=sofia,
            status="active",
            start_date=dt.date(2022, 3, 1),
            end_date=None,
            title_it="Banco alimentare",
        )
        ParticipationFactory(partnership=partnership, stakeholder__kind="foundation")
        return partnership

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({"city": "milano"}, ["school"]),
            ({"city": "sofia"}, ["food"]),
            ({"city": "nowhere"}, []),
            ({"theme": "school-poverty"}, ["school"]),
            ({"status": "active"}, ["food"]),
            ({"year": 2021}, ["school"]),
            ({"year": 2024}, ["food"]),
            ({"kind": "foundation"}, ["food"]),
            ({"search": "alimentare"}, ["food"]),
            ({"city": "milano", "status": "active"}, []),
        ],
    )
    def test_filters_narrow_the_list(self, api, school, food, query, expected):
        by_name = {"school": school.slug, "food": food.slug}

        assert slugs(api.get("/api/v1/partnerships/", query)) == [by_name[n] for n in expected]

    def test_ordering(self, api, school, food):
        assert slugs(api.get("/api/v1/partnerships/", {"ordering": "start_date"})) == [
            school.slug,
            food.slug,
        ]
        assert slugs(api.get("/api/v1/partnerships/", {"ordering": "-start_date"})) == [
            food.slug,
            school.slug,
        ]

    @pytest.mark.parametrize(
        ("query", "field"),
        [
            ({"status": "unknown"}, "status"),
            ({"year": "duemila"}, "year"),
            ({"kind": "person"}, "kind"),
            ({"page_size": 101}, "page_size"),
            ({"page_size": 0}, "page_size"),
            ({"lang": "fr"}, "lang"),
            ({"search": "a\x00b"}, None),
        ],
    )
    def test_bad_filter_value_is_a_json_400_naming_the_field(self, api, school, query, field):
        response = api.get("/api/v1/partnerships/", query)

        assert response.status_code == 400
        body = response.json()
        assert body["status"] == 400
        if field:
            assert field in body["errors"]


def test_pagination_has_a_default_and_a_maximum_page_size(api, milan):
    Partnership.objects.bulk_create(
        [
            Partnership(title=f"P {n}", slug=f"p-{n}", city=milan, publication_status="published")
            for n in range(25)
        ]
    )

    first = api.get("/api/v1/partnerships/").json()
    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert "page=2" in first["next"]
    assert len(api.get(first["next"]).json()["results"]) == 5
    assert len(api.get("/api/v1/partnerships/", {"page_size": 100}).json()["results"]) == 25
    assert api.get("/api/v1/partnerships/", {"page": 9}).status_code == 404


class TestLanguage:
    @pytest.fixture
    def partnership(self, milan):
        return PartnershipFactory(
            city=milan,
            title_it="Scuole aperte",
            title_en="Open schools",
            summary_it="Laboratori pomeridiani",
            summary_en=None,
        )

    def test_lang_parameter_selects_english(self, api, partnership):
        data = api.get(f"/api/v1/partnerships/{partnership.slug}/", {"lang": "en"}).json()

        assert data["title"] == "Open schools"
        assert data["url"].startswith("http://testserver/en/")

    def test_accept_language_selects_english(self, api, partnership):
        response = api.get(
            f"/api/v1/partnerships/{partnership.slug}/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8"
        )

        assert response.json()["title"] == "Open schools"
        assert response["Content-Language"] == "en"

    def test_italian_is_the_default_and_the_fallback(self, api, partnership):
        italian = api.get(f"/api/v1/partnerships/{partnership.slug}/", {"lang": "it"}).json()
        english = api.get(f"/api/v1/partnerships/{partnership.slug}/", {"lang": "en"}).json()

        assert italian["title"] == "Scuole aperte"
        assert english["summary"] == "Laboratori pomeridiani"  # no English summary yet

    def test_write_in_english_keeps_the_italian_text(self, partnership, coordinator):
        client = APIClient()
        client.force_authenticate(coordinator)

        response = client.patch(
            f"/api/v1/partnerships/{partnership.slug}/?lang=en",
            {"title": "Open schools for all"},
            format="json",
        )

        assert response.status_code == 200
        partnership.refresh_from_db()
        assert partnership.title_en == "Open schools for all"
        assert partnership.title_it == "Scuole aperte"


class TestConditionalRequests:
    def test_unchanged_list_answers_304_to_its_etag(self, api, milan):
        PartnershipFactory(city=milan)
        first = api.get("/api/v1/partnerships/")

        again = api.get("/api/v1/partnerships/", HTTP_IF_NONE_MATCH=first["ETag"])

        assert again.status_code == 304
        assert again.content == b""

    def test_etag_changes_when_a_record_changes(self, api, milan):
        partnership = PartnershipFactory(city=milan)
        first = api.get(f"/api/v1/partnerships/{partnership.slug}/")
        partnership.title_it = "Nuovo titolo"
        partnership.save()

        again = api.get(
            f"/api/v1/partnerships/{partnership.slug}/", HTTP_IF_NONE_MATCH=first["ETag"]
        )

        assert again.status_code == 200
        assert again["ETag"] != first["ETag"]

    def test_last_modified_is_sent_and_honoured(self, api, milan):
        partnership = PartnershipFactory(city=milan)
        first = api.get(f"/api/v1/partnerships/{partnership.slug}/")
        assert first["Last-Modified"]

        unchanged = api.get(
            f"/api/v1/partnerships/{partnership.slug}/",
            HTTP_IF_MODIFIED_SINCE=first["Last-Modified"],
        )
        stale = api.get(
            f"/api/v1/partnerships/{partnership.slug}/",
            HTTP_IF_MODIFIED_SINCE=http_date(dt.datetime(2020, 1, 1, tzinfo=dt.UTC).timestamp()),
        )

        assert unchanged.status_code == 304
        assert stale.status_code == 200

    def test_partner_change_moves_last_modified_of_the_partnership(self, api, milan):
        partnership = PartnershipFactory(city=milan)
        first = api.get(f"/api/v1/partnerships/{partnership.slug}/")
        earlier = http_date(dt.datetime(2020, 1, 1, tzinfo=dt.UTC).timestamp())
        ParticipationFactory(partnership=partnership)

        again = api.get(f"/api/v1/partnerships/{partnership.slug}/", HTTP_IF_MODIFIED_SINCE=earlier)

        assert again.status_code == 200
        assert again["ETag"] != first["ETag"]


class TestErrors:
    def test_unknown_address_is_a_json_404(self, api, db):
        response = api.get("/api/v1/no-such-thing/")

        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["status"] == 404

    def test_unknown_record_is_a_json_404(self, api, db):
        response = api.get("/api/v1/partnerships/nowhere/")

        assert response.status_code == 404
        assert response.json()["detail"]

    def test_method_not_allowed_is_a_json_405(self, network_admin):
        client = APIClient()
        client.force_authenticate(network_admin)

        response = client.post("/api/v1/partnerships/some-slug/", {}, format="json")

        assert response.status_code == 405
        assert response.json()["status"] == 405

    def test_anonymous_write_is_a_json_401(self, api, db):
        response = api.post("/api/v1/partnerships/", {}, format="json")

        assert response.status_code == 401
        assert response.json()["status"] == 401
        assert response["WWW-Authenticate"]

    def test_invalid_record_is_a_400_naming_each_field(self, coordinator, milan):
        client = APIClient()
        client.force_authenticate(coordinator)

        response = client.post(
            "/api/v1/partnerships/",
            {"slug": "not a slug", "city": "milano", "status": "maybe", "sources": ["nope"]},
            format="json",
        )

        assert response.status_code == 400
        assert {"title", "slug", "status", "sources"} <= set(response.json()["errors"])

    def test_end_before_start_is_a_400_not_a_server_error(self, coordinator, milan):
        client = APIClient()
        client.force_authenticate(coordinator)

        response = client.post(
            "/api/v1/partnerships/",
            {
                "title": "Date al contrario",
                "slug": "date-al-contrario",
                "city": "milano",
                "start_date": "2022-01-01",
                "end_date": "2021-01-01",
            },
            format="json",
            HTTP_ACCEPT_LANGUAGE="en",
        )

        assert response.status_code == 400
        assert "end date cannot be before" in str(response.json()["errors"]).lower()

    def test_deleting_a_partner_still_in_a_partnership_is_a_409(self, network_admin, milan):
        participation = ParticipationFactory(partnership__city=milan)
        client = APIClient()
        client.force_authenticate(network_admin)

        response = client.delete(f"/api/v1/stakeholders/{participation.stakeholder.slug}/")

        assert response.status_code == 409
        assert response.json()["status"] == 409

    def test_anonymous_clients_are_throttled_with_a_json_429(self, api, settings, db):
        settings.API_ANONYMOUS_THROTTLE_RATE = "3/minute"

        statuses = [api.get("/api/v1/themes/").status_code for _ in range(4)]

        assert statuses == [200, 200, 200, 429]
        response = api.get("/api/v1/themes/")
        assert response.json()["status"] == 429
        assert int(response["Retry-After"]) > 0


def test_token_authentication_lets_a_coordinator_write(coordinator, milan):
    partnership = PartnershipFactory(city=milan, publication_status="draft")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=coordinator).key}")

    response = client.patch(
        f"/api/v1/partnerships/{partnership.slug}/",
        {"publication_status": "published"},
        format="json",
    )

    assert response.status_code == 200
    assert APIClient().get(f"/api/v1/partnerships/{partnership.slug}/").status_code == 200


def test_network_event_may_list_cities_of_the_whole_network(coordinator, milan, sofia):
    client = APIClient()
    client.force_authenticate(coordinator)

    response = client.post(
        "/api/v1/network-events/",
        {
            "network": milan.network_id,
            "kind": "csr_academy",
            "slug": "csr-academy-milano",
            "title": "CSR Academy",
            "host_city": "milano",
            "participating_cities": ["milano", "sofia"],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["participating_cities"] == ["milano", "sofia"]


def test_network_events_filter_by_kind_and_host_city(api, milan, sofia):
    academy = NetworkEventFactory(host_city=milan, network=milan.network, kind="csr_academy")
    NetworkEventFactory(host_city=sofia, network=milan.network)

    rows = api.get("/api/v1/network-events/", {"kind": "csr_academy", "host_city": "milano"})

    assert [row["id"] for row in rows.json()["results"]] == [academy.pk]
