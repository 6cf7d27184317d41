"""Fixtures shared by the whole suite."""

import pytest
from django.conf import settings as django_settings
from django.test import override_settings
from django.utils import translation

from partnerships.models import CityRole
from portal.demo.factories import CityFactory, CityRoleFactory, UserFactory


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher():
    """PBKDF2 costs ~0.45 s per user the suite creates; tests check behaviour, not hash cost."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request to /en/ leaves English active."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _two_factor_only_where_tested(request, settings):
    """Admin and workspace tests sign in with force_login; the second factor is
    enforced in the tests marked `two_factor`, which prove it guards every page."""
    settings.TWO_FACTOR_REQUIRED = request.node.get_closest_marker("two_factor") is not None


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Page tests look at the view's context, which a cached page does not have;
    tests/test_page_cache.py turns the cache back on."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _outbox_sends_when_queued(monkeypatch):
    """A test's transaction never commits, so the outbox's send-after-commit would
    never run: send when queued, as a committed request does (tests/test_outbox.py
    overrides this to test the commit itself)."""
    monkeypatch.setattr("core.outbox.after_commit", lambda callback: callback())


@pytest.fixture
def english():
    """For tests that read a refusal's words in English: the messages are translated,
    and Italian is the site's language."""
    with translation.override("en"):
        yield


@pytest.fixture
def milan(db):
    return CityFactory(name="Milano", slug="milano")


@pytest.fixture
def sofia(db):
    return CityFactory(name="Sofia", slug="sofia", country="BG")


@pytest.fixture
def coordinator(milan):
    """A city coordinator of Milan, and of Milan only."""
    return CityRoleFactory(city=milan, role=CityRole.Role.COORDINATOR, user__username="coord").user


@pytest.fixture
def account_manager(milan):
    return CityRoleFactory(
        city=milan, role=CityRole.Role.ACCOUNT_MANAGER, user__username="manager"
    ).user


@pytest.fixture
def network_admin(db):
    return CityRoleFactory(
        city=None, role=CityRole.Role.NETWORK_ADMIN, user__username="netadmin"
    ).user


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, so API throttling counts never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
