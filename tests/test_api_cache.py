"""The anonymous API cache (core/page_cache.py): served, invalidated on every write
path, answered 304, and never shared with a signed-in user or a token."""

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.personal_data import scrub
from iap import services as iap_services
from iap.models import Pledge
from partnerships.models import Partnership, PublicationStatus
from portal.demo.factories import NeedFactory, PartnershipFactory, StakeholderFactory
from tests.admin_support import admin_url

pytestmark = pytest.mark.django_db

LIST = "/api/v1/partnerships/"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def partnership(milan):
    return PartnershipFactory(city=milan, title="Orti condivisi", slug="orti-condivisi")


@pytest.fixture
def draft(milan):
    return PartnershipFactory(
        city=milan, title="Biblioteca in bozza", publication_status=PublicationStatus.DRAFT
    )


def cached(response) -> bool:
    return response.get("X-Page-Cache") == "hit"


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def test_a_second_anonymous_read_of_a_list_and_a_record_is_served_from_the_cache(api, partnership):
    detail = f"{LIST}{partnership.slug}/"
    first_list, first_detail = api.get(LIST), api.get(detail)

    second_list, second_detail = api.get(LIST), api.get(detail)

    assert not cached(first_list) and not cached(first_detail)
    assert cached(second_list) and cached(second_detail)
    assert second_list.content == first_list.content
    assert second_detail.json()["title"] == "Orti condivisi"
    assert second_list["ETag"] == first_list["ETag"]


def test_each_language_and_query_has_its_own_entry(api, partnership):
    partnership.title_en = "Shared gardens"
    partnership.save()
    api.get(LIST)

    english = api.get(LIST, HTTP_ACCEPT_LANGUAGE="en")
    by_parameter = api.get(LIST, {"lang": "en"})

    assert titles(english) == titles(by_parameter) == ["Shared gardens"]
    assert not cached(english) and not cached(by_parameter)
    assert cached(api.get(LIST, HTTP_ACCEPT_LANGUAGE="en"))
    assert titles(api.get(LIST)) == ["Orti condivisi"]


def test_a_matching_etag_is_answered_304_without_a_body(api, partnership):
    etag = api.get(LIST)["ETag"]

    response = api.get(LIST, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""


def test_an_etag_from_before_a_change_gets_the_new_body(api, partnership):
    etag = api.get(LIST)["ETag"]
    partnership.title = "Orti condivisi in Darsena"
    partnership.save()

    response = api.get(LIST, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert titles(response) == ["Orti condivisi in Darsena"]


# --- every write path empties it ------------------------------------------------------


def test_publishing_in_the_admin_shows_at_once(api, client, coordinator, draft):
    assert titles(api.get(LIST)) == []
    client.force_login(coordinator)

    client.post(
        admin_url(Partnership, "changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )

    assert titles(api.get(LIST)) == ["Biblioteca in bozza"]


def test_a_pledge_made_through_the_service_shows_at_once(api, coordinator, milan):
    need = NeedFactory(priority__city=milan)
    stakeholder = StakeholderFactory(city=milan, listing_consent=True)
    assert api.get("/api/v1/pledges/").json()["count"] == 0

    iap_services.pledge_create(
        pledge=Pledge(need=need, stakeholder=stakeholder, quantity_pledged=2), actor=coordinator
    )

    pledges = api.get("/api/v1/pledges/").json()["results"]
    assert [row["need"] for row in pledges] == [need.slug]


def test_a_write_through_the_api_shows_at_once(api, coordinator, partnership):
    detail = f"{LIST}{partnership.slug}/"
    api.get(detail)
    writer = APIClient()
    writer.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=coordinator).key}")

    assert writer.patch(detail, {"title": "Orti in Darsena"}, format="json").status_code == 200

    assert api.get(detail).json()["title"] == "Orti in Darsena"


def test_demo_data_written_with_bulk_create_shows_once_committed(
    api, django_capture_on_commit_callbacks
):
    assert api.get(LIST).json()["count"] == 0

    with django_capture_on_commit_callbacks(execute=True):
        call_command("generate_demo_data", "--scale", "0.01", "--no-progress", stdout=None)

    assert api.get(LIST).json()["count"] > 0


def test_an_erasure_rewriting_texts_with_update_shows_at_once(api, partnership):
    partnership.summary = "Con Lucia Ferri, la referente del quartiere"
    partnership.save()
    api.get(f"{LIST}{partnership.slug}/")

    scrub(["Lucia Ferri"])

    summary = api.get(f"{LIST}{partnership.slug}/").json()["summary"]
    assert "Lucia Ferri" not in summary


# --- never across users -----------------------------------------------------------------


def test_a_signed_in_member_never_gets_the_anonymous_body(api, client, coordinator, draft):
    assert titles(api.get(LIST)) == []
    client.force_login(coordinator)

    response = client.get(LIST)

    assert not cached(response)
    assert titles(response) == ["Biblioteca in bozza"]


def test_a_signed_in_members_body_is_never_served_to_anyone_else(api, client, coordinator, draft):
    client.force_login(coordinator)
    assert titles(client.get(LIST)) == ["Biblioteca in bozza"]
    assert titles(client.get(LIST)) == ["Biblioteca in bozza"]

    response = api.get(LIST)

    assert not cached(response)
    assert titles(response) == []


def test_a_token_is_never_answered_from_the_cache(api, coordinator, draft):
    api.get(LIST)
    api.get(LIST)
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=coordinator).key}")

    response = api.get(LIST)

    assert not cached(response)
    assert titles(response) == ["Biblioteca in bozza"]


def test_a_wrong_token_is_refused_even_when_the_list_is_cached(api, partnership):
    api.get(LIST)
    api.get(LIST)
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    assert api.get(LIST).status_code == 401


def test_cached_answers_still_count_against_the_anonymous_throttle(api, partnership, settings):
    settings.API_ANONYMOUS_THROTTLE_RATE = "3/minute"
    answers = [api.get(LIST) for _request in range(4)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert cached(answers[2])
