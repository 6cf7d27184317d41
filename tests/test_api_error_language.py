"""API errors speak one language per request: `?lang=` if given, else Accept-Language.

Each error is asked for in Italian and in English: every message must differ between
the two (so none stayed in the other language), and `?lang=it` must answer exactly
as an Italian Accept-Language does, whatever the header says.
"""

import pytest
from rest_framework.test import APIClient

from portal.demo.factories import PartnershipFactory, UserFactory


def messages(body: dict) -> list[str]:
    """The body's messages: `detail`, then each field's, in order."""
    found = [body["detail"]]
    for field_messages in body.get("errors", {}).values():
        found += field_messages if isinstance(field_messages, list) else [str(field_messages)]
    return found


def call(client: APIClient, request: tuple, language: str, lang_parameter: str = ""):
    method, path, data = request
    if lang_parameter:
        path += ("&" if "?" in path else "?") + f"lang={lang_parameter}"
    response = getattr(client, method)(path, data, format="json", HTTP_ACCEPT_LANGUAGE=language)
    return response.status_code, messages(response.json())


ANONYMOUS = [
    ("get", "/api/v1/partnerships/?page_size=abc", None),  # ours: 400 with a field
    ("get", "/api/v1/partnerships/no-such-slug/", None),  # Django's untranslated 404
    ("get", "/api/v1/partnerships/?page=99", None),  # DRF's pagination 404
    ("get", "/api/v1/partnerships/?status=zzz", None),  # django-filter's 400
    ("get", "/api/v1/no-such-endpoint/", None),  # no view: Django's 404 handler
    ("post", "/api/v1/partnerships/", {"title": "x"}),  # 401
]


@pytest.fixture
def published(milan):
    return PartnershipFactory(city=milan)


@pytest.mark.parametrize("request_", ANONYMOUS, ids=lambda request: request[1])
def test_anonymous_errors_are_wholly_in_the_requested_language(published, request_):
    client = APIClient()

    status, italian = call(client, request_, "it")
    english_status, english = call(client, request_, "en")

    assert status == english_status >= 400
    assert all(it != en for it, en in zip(italian, english, strict=True)), (italian, english)
    assert call(client, request_, "en", lang_parameter="it") == (status, italian)
    assert call(client, request_, "it", lang_parameter="en") == (status, english)


def test_a_writers_errors_are_wholly_in_the_requested_language(published, milan):
    client = APIClient()
    client.force_authenticate(UserFactory(is_superuser=True))
    write = ("post", "/api/v1/partnerships/", {"city": "nowhere", "status": "bad"})

    status, italian = call(client, write, "it")
    _, english = call(client, write, "en", lang_parameter="en")

    assert status == 400
    assert all(it != en for it, en in zip(italian, english, strict=True)), (italian, english)
    assert call(client, write, "en", lang_parameter="it") == (status, italian)


def test_a_refused_writer_is_told_in_the_requested_language(published):
    client = APIClient()
    client.force_authenticate(UserFactory())  # signed in, no role in any city
    write = ("post", "/api/v1/partnerships/", {"title": "x"})

    status, italian = call(client, write, "it")
    _, english = call(client, write, "en")

    assert status == 403
    assert italian != english
    assert call(client, write, "en", lang_parameter="it") == (status, italian)
