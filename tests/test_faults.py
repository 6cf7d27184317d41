"""Faults degrade, never lose: Redis down, database down, NUL bytes, huge bodies."""

import json

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client

from partnerships.models import Partnership, Proposal
from portal.demo.factories import PartnershipFactory, UserFactory

# Nothing listens on port 1 of loopback: every connection is refused at once.
DEAD_REDIS = {
    "default": {
        "BACKEND": "core.cache.FailOpenRedisCache",
        "LOCATION": "redis://127.0.0.1:1/3",
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
    }
}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = DEAD_REDIS
    settings.PAGE_CACHE_SECONDS = 600
    settings.API_ANONYMOUS_THROTTLE_RATE = "2/minute"
    settings.PROPOSAL_RATE_LIMIT = "1/h"


# --- Redis down: the cache, throttles and rate limits fail open -------------------


def test_with_redis_down_public_pages_and_api_reads_are_served_uncached(redis_down, milan):
    PartnershipFactory(city=milan, title="Doposcuola Corvetto")

    page = Client().get("/it/partnerships/")
    assert page.status_code == 200
    assert "Doposcuola Corvetto" in page.text
    # Nothing could be stored: the next visitor gets the page built again.
    assert Client().get("/it/partnerships/")["X-Page-Cache"] == "miss"
    # The throttle (2/minute) cannot count either: it lets every read through.
    assert [Client().get("/api/v1/partnerships/").status_code for _ in range(4)] == [200] * 4


def test_with_redis_down_a_write_of_a_public_record_is_saved(redis_down, milan):
    # The page-cache version bump on save raised, and rolled the save back.
    partnership = PartnershipFactory(city=milan)
    partnership.title = "Orti urbani"
    partnership.save()

    assert Partnership.objects.get(pk=partnership.pk).title == "Orti urbani"


def test_with_redis_down_proposals_are_not_refused_by_the_rate_limit(redis_down, milan):
    form = {
        "organisation_name": "Acme",
        "organisation_kind": "company",
        "contact_name": "Giulia Rossi",
        "email": "giulia@acme.example.org",
        "city": milan.pk,
        "resource_kinds": ["skills"],
        "offer": "Consulenza",
        "privacy_consent": "on",
    }

    statuses = [Client().post("/it/propose/", form).status_code for _ in range(3)]

    assert statuses == [302, 302, 302]
    assert Proposal.objects.count() == 3


def test_with_redis_down_healthz_answers_503_naming_the_cache(redis_down, db):
    response = Client().get("/healthz")

    assert response.status_code == 503
    assert set(response.json()["problems"]) == {"cache"}


def test_redis_outage_is_logged_once_not_for_every_call(redis_down, caplog):
    from core.cache import FailOpenRedisCache

    FailOpenRedisCache._last_warning = 0.0
    for _ in range(5):
        assert cache.get("anything", "default") == "default"

    warnings = [r for r in caplog.records if r.name == "cities4csr.availability"]
    assert len(warnings) == 1
    assert "cache unavailable" in warnings[0].getMessage()


# --- database down: 503 for everyone ----------------------------------------------


@pytest.fixture
def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    return lambda: monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)


@pytest.mark.django_db
@pytest.mark.two_factor  # as in production: its middleware loads the user, hence the session
def test_signed_in_user_gets_the_503_page_when_the_database_is_down(database_down):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(is_staff=True))
    database_down()

    for path in ("/it/partnerships/", "/workspace/", "/api/v1/partnerships/"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert response["Retry-After"] == "30"
        assert "Traceback" not in response.text


@pytest.mark.django_db
def test_signed_in_api_client_gets_a_json_503_when_the_database_is_down(database_down):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    database_down()

    response = client.get("/api/v1/partnerships/")

    assert response.status_code == 503
    assert response.json()["status"] == 503


# --- NUL bytes: 400 everywhere, before the database ----------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/it/partnerships/%00/",
        "/it/partnerships/?q=%00",
        "/it/partnerships/?city=milano%00",
        "/it/stakeholders/?q=a%00b",
        "/api/v1/partnerships/?search=%00",
        "/api/v1/partnerships/%00/",
    ],
)
def test_a_nul_byte_in_the_path_or_query_is_a_400(client, milan, path):
    response = client.get(path)

    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response.json()["status"] == 400


def test_a_nul_byte_in_a_form_field_is_a_400_and_nothing_is_saved(client, milan):
    response = client.post("/it/propose/", {"organisation_name": "Acme\x00", "city": milan.pk})

    assert response.status_code == 400
    assert "contiene un carattere NUL" in response.text
    assert not Proposal.objects.exists()


def test_a_nul_byte_in_a_json_body_is_a_json_400(client, db):
    response = client.post(
        "/api/v1/partnerships/",
        data=json.dumps({"title": "a\u0000b"}),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["status"] == 400


def test_a_nul_byte_in_an_uploaded_file_is_not_refused(client, milan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/it/propose/",
        {"organisation_name": "Acme", "file": SimpleUploadedFile("a.bin", b"\x00\x01")},
    )

    assert response.status_code != 400 or "NUL" not in response.text


# --- request bodies: capped before they are read ----------------------------------------


def test_a_body_larger_than_the_largest_upload_is_refused_unread(client, db, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    settings.REQUEST_BODY_MARGIN_BYTES = 100

    response = client.generic(
        "POST",
        "/it/propose/",
        b"x" * 10,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(300 * 1024 * 1024),
    )
    api = client.generic(
        "POST",
        "/api/v1/partnerships/",
        b"{}",
        content_type="application/json",
        CONTENT_LENGTH="1101",
    )

    assert response.status_code == 413
    assert api.status_code == 413
    assert api.json()["status"] == 413
