"""A session that proved only the password gets nothing more than an anonymous visitor,
on every channel: the API's session authentication included, and whatever SCRIPT_NAME
a client sends."""

import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from gunicorn.config import Config

from partnerships.models import Partnership
from tests.api_support import DRAFT, ENDPOINTS_BY_NAME

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]
PARTNERSHIPS = ENDPOINTS_BY_NAME["partnership"]


@pytest.fixture
def password_only(client, coordinator):
    """The coordinator signed in with the password; their authenticator is not yet asked."""
    TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    client.force_login(coordinator)
    return client


def verify(client, user) -> None:
    device = TOTPDevice.objects.get(user=user)
    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    response = client.post("/two-factor/verify/", {"token": code, "next": "/admin/"})
    assert response.status_code == 302


def test_api_treats_a_password_only_session_as_anonymous(password_only, milan):
    draft = PARTNERSHIPS.make(milan, DRAFT)

    assert password_only.get(PARTNERSHIPS.detail(draft)).status_code == 404
    listed = password_only.get(PARTNERSHIPS.path).json()["results"]
    assert draft.pk not in {row["id"] for row in listed}


def test_api_refuses_writes_from_a_password_only_session(password_only, milan):
    draft = PARTNERSHIPS.make(milan, DRAFT)

    patched = password_only.patch(
        PARTNERSHIPS.detail(draft), {"title": "Changed"}, content_type="application/json"
    )
    deleted = password_only.delete(PARTNERSHIPS.detail(draft))

    assert patched.status_code == 401
    assert deleted.status_code == 401
    assert Partnership.objects.get(pk=draft.pk).title != "Changed"


def test_api_session_reads_drafts_once_the_second_factor_is_proved(
    password_only, coordinator, milan
):
    draft = PARTNERSHIPS.make(milan, DRAFT)
    verify(password_only, coordinator)

    assert password_only.get(PARTNERSHIPS.detail(draft)).status_code == 200


def test_a_client_sent_script_name_does_not_open_the_admin(password_only):
    response = password_only.get("/admin/", SCRIPT_NAME="/x")

    assert response.status_code == 302
    assert "/two-factor/verify/" in response["Location"]


def test_gunicorn_takes_script_name_from_no_request_header():
    config = Config()
    for name, value in runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)

    assert config.forwarder_headers == []
    assert config.header_map == "drop"
