"""The anonymous page cache (core/page_cache.py) and conditional GET."""

import pytest
from django.urls import reverse

from partnerships.models import PublicationStatus
from portal.demo.factories import (
    InteractionFactory,
    ParticipationFactory,
    PartnershipFactory,
    ProposalFactory,
    StakeholderFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def partnership(milan):
    return PartnershipFactory(city=milan, title="Orti condivisi", slug="orti-condivisi")


def cached(response) -> bool:
    return response.get("X-Page-Cache") == "hit"


def test_second_anonymous_visit_is_served_from_the_cache(client, partnership):
    first = client.get(reverse("partnerships:list"))
    second = client.get(reverse("partnerships:list"))

    assert not cached(first)
    assert cached(second)
    assert second.content == first.content


def test_each_query_string_and_language_has_its_own_entry(client, partnership):
    client.get("/it/partnerships/")

    assert not cached(client.get("/it/partnerships/?status=active"))
    assert not cached(client.get("/en/partnerships/"))
    assert b'lang="en"' in client.get("/en/partnerships/").content


def test_a_coordinators_edit_shows_at_once(client, partnership):
    url = partnership.get_absolute_url()
    client.get(url)

    partnership.title = "Orti condivisi in Darsena"
    partnership.save()

    assert "Orti condivisi in Darsena" in client.get(url).content.decode()


def test_unpublishing_removes_the_page_and_the_list_entry_at_once(client, partnership):
    client.get(partnership.get_absolute_url())
    client.get(reverse("partnerships:list"))

    partnership.publication_status = PublicationStatus.DRAFT
    partnership.save()

    assert client.get(partnership.get_absolute_url()).status_code == 404
    assert "Orti condivisi" not in client.get(reverse("partnerships:list")).content.decode()


def test_publishing_adds_the_page_at_once(client, milan):
    draft = PartnershipFactory(
        city=milan, title="Biblioteca di quartiere", publication_status=PublicationStatus.DRAFT
    )
    assert client.get(draft.get_absolute_url()).status_code == 404

    draft.publication_status = PublicationStatus.PUBLISHED
    draft.save()

    assert client.get(draft.get_absolute_url()).status_code == 200


def test_a_new_partner_or_theme_shows_at_once(client, partnership, milan):
    url = partnership.get_absolute_url()
    client.get(url)

    ParticipationFactory(partnership=partnership, stakeholder__name="Fondazione Esempio")
    assert "Fondazione Esempio" in client.get(url).content.decode()

    partnership.themes.add(ThemeFactory(name="Rigenerazione urbana"))
    assert "Rigenerazione urbana" in client.get(url).content.decode()


def test_deleting_a_shown_record_shows_at_once(client, partnership):
    participation = ParticipationFactory(
        partnership=partnership, stakeholder__name="Fondazione Esempio"
    )
    url = partnership.get_absolute_url()
    client.get(url)

    participation.delete()

    assert "Fondazione Esempio" not in client.get(url).content.decode()


def test_logging_an_interaction_keeps_public_pages_cached(client, partnership, milan):
    stakeholder = StakeholderFactory(city=milan)
    client.get(reverse("partnerships:list"))

    InteractionFactory(stakeholder=stakeholder)

    assert cached(client.get(reverse("partnerships:list")))


def test_a_proposal_with_themes_keeps_public_pages_cached(client, partnership, milan):
    proposal, theme = ProposalFactory(city=milan), ThemeFactory()
    client.get(reverse("partnerships:list"))

    proposal.themes.add(theme)

    assert cached(client.get(reverse("partnerships:list")))


def test_a_signed_in_user_is_never_served_a_cached_page(client, partnership, coordinator):
    client.get(reverse("partnerships:list"))
    client.force_login(coordinator)

    response = client.get(reverse("partnerships:list"))

    assert response.status_code == 200
    assert not cached(response)


def test_a_signed_in_users_page_is_never_stored(client, partnership, coordinator):
    client.force_login(coordinator)
    client.get(reverse("partnerships:list"))
    client.logout()

    assert not cached(client.get(reverse("partnerships:list")))


def test_a_form_with_a_csrf_token_is_never_shared(client, milan):
    first = client.get(reverse("partnerships:propose"))
    client.cookies.clear()
    second = client.get(reverse("partnerships:propose"))

    assert not cached(second)
    assert first.context["csrf_token"] != second.context["csrf_token"]


def test_an_unchanged_page_answers_304_to_a_conditional_get(client, partnership):
    etag = client.get(partnership.get_absolute_url())["ETag"]

    response = client.get(partnership.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""


def test_a_changed_page_answers_200_to_an_old_etag(client, partnership):
    etag = client.get(partnership.get_absolute_url())["ETag"]
    partnership.title = "Orti condivisi in Darsena"
    partnership.save()

    response = client.get(partnership.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200


def test_a_page_built_before_the_edit_commits_is_not_served_after_it(
    client, partnership, django_capture_on_commit_callbacks
):
    url = partnership.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        partnership.title = "Orti condivisi in Darsena"
        partnership.save()
        # Another visitor, between the save and the commit, caches what it reads.
        client.get(url)
        # (In this one connection it reads the new title; what matters is that the
        # entry it stored is never served once the transaction commits.)
        assert cached(client.get(url))

    assert not cached(client.get(url))


def test_pages_work_with_a_cache_that_keeps_nothing(client, partnership, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

    first = client.get(reverse("partnerships:list"))
    second = client.get(reverse("partnerships:list"))

    assert first.status_code == second.status_code == 200
    assert not cached(second)
