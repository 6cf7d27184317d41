"""Login protection: lockout after repeated failures, client address behind a proxy, passwords."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from portal.demo.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def anna():
    return UserFactory(username="anna", password=PASSWORD, is_staff=True)


def sign_in(client, password, **headers):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "anna", "password": password},
        HTTP_ACCEPT_LANGUAGE="en",
        **headers,
    )


def fail_five_times(client, **headers) -> None:
    for _attempt in range(5):
        response = sign_in(client, "wrong-password", **headers)
    return response


def test_right_password_is_refused_during_the_cool_off(client, anna, caplog):
    fail_five_times(client)
    assert any(record.getMessage() == "lockout" for record in caplog.records)

    response = sign_in(client, PASSWORD)

    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_right_password_works_again_after_the_cool_off(client, anna):
    fail_five_times(client)
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(hours=1))

    response = sign_in(client, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(anna.pk)


def test_fewer_failures_than_the_limit_do_not_lock(client, anna):
    for _attempt in range(4):
        sign_in(client, "wrong-password")

    assert sign_in(client, PASSWORD).status_code == 302


def test_lockout_is_for_the_address_that_failed(client, anna):
    fail_five_times(client, REMOTE_ADDR="198.51.100.1")

    assert sign_in(client, PASSWORD, REMOTE_ADDR="198.51.100.2").status_code == 302


def test_client_address_is_read_from_the_trusted_proxy_header(client, anna, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

    sign_in(
        client,
        "wrong-password",
        HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.1",
        REMOTE_ADDR="10.0.0.1",
    )

    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"


def test_forged_forwarded_header_is_ignored_without_a_trusted_proxy(client, anna):
    sign_in(client, "wrong-password", HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert AccessAttempt.objects.get().ip_address == "127.0.0.1"


@translation.override("en")
def test_passwords_need_12_characters_and_must_not_be_common():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Xk3!vQ9#mZ2")
    with pytest.raises(ValidationError, match="too common"):
        validate_password("password1234")
    validate_password("a-long-and-unusual-phrase")
