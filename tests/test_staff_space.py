"""One staff space: every staff page says who is signed in, in which city and role, links
the admin and the workspace to each other, and offers a sign-out (a POST form)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import path

from cities4csr import urls as site_urls
from portal.demo.factories import UserFactory


def _refuse(request):
    raise PermissionDenied


# The site's own URLs (the 403 page links to them) and one view that refuses everyone.
urlpatterns = [path("refuse/", _refuse), *site_urls.urlpatterns]


@pytest.fixture
def lucia(coordinator):
    coordinator.first_name, coordinator.last_name = "Lucia", "Ferri"
    coordinator.save()
    return coordinator


STAFF_PAGES = ["/workspace/", "/workspace/pipeline/", "/workspace/follow-ups/", "/admin/"]


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_page_names_the_person_their_city_and_role_and_signs_out(client, lucia, url):
    client.force_login(lucia)

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="it").text

    assert "Lucia Ferri" in page
    assert "Coordinatore cittadino – Milano" in page
    assert 'action="/admin/logout/"' in page
    assert 'method="post"' in page


def test_workspace_links_to_the_admin_and_the_admin_to_the_workspace(client, lucia):
    client.force_login(lucia)

    assert 'href="/admin/"' in client.get("/workspace/").text
    assert 'href="/workspace/"' in client.get("/admin/").text


@pytest.mark.two_factor
def test_two_factor_set_up_uses_the_staff_layout_with_a_sign_out(client, lucia):
    client.force_login(lucia)

    page = client.get("/two-factor/setup/", HTTP_ACCEPT_LANGUAGE="it").text

    assert "Area riservata" in page
    assert "Lucia Ferri" in page
    assert 'action="/admin/logout/"' in page
    # Not the public site's navigation.
    assert "Proponi" not in page


def test_a_user_without_a_name_is_shown_by_username(client, milan):
    user = UserFactory(username="mrossi", is_superuser=True, is_staff=True)
    client.force_login(user)

    page = client.get("/workspace/", HTTP_ACCEPT_LANGUAGE="it").text

    assert "<strong>mrossi</strong>" in page
    assert "Superutente (tutte le città)" in page


@override_settings(ROOT_URLCONF=__name__)
def test_the_403_page_is_italian_for_a_visitor(client, db):
    response = client.get("/refuse/", HTTP_ACCEPT_LANGUAGE="it")

    assert response.status_code == 403
    assert "Accesso negato" in response.text


def test_the_403_page_is_in_the_staff_layout_for_staff(client, milan):
    # Signed in, with no role in any city: the workspace refuses.
    client.force_login(UserFactory(username="nobody", first_name="Nino", last_name="Nessuno"))

    response = client.get("/workspace/", HTTP_ACCEPT_LANGUAGE="it")

    assert response.status_code == 403
    assert "Accesso negato" in response.text
    assert "Nino Nessuno" in response.text
    assert 'action="/admin/logout/"' in response.text


def test_the_admin_two_list_picker_speaks_italian(client, lucia):
    """The themes picker's "Choose … by selecting them" comes from the JavaScript catalog,
    which Django's Italian translation leaves empty: ours fills it in."""
    client.force_login(lucia)
    client.cookies["django_language"] = "it"

    catalog = client.get("/admin/jsi18n/").text

    assert "Per scegliere %s selezionali" in catalog
    assert "Scegli tutti (%s)" in catalog
