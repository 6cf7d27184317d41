"""API tokens: issued only to a session with a proved second factor, revoked by their owner."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from portal.demo.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]
PAGE = "/workspace/api-token/"


@pytest.fixture
def verified(client, coordinator):
    device = TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    client.force_login(coordinator)
    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    client.post("/two-factor/verify/", {"token": code, "next": PAGE})
    return client


def test_a_password_only_session_is_sent_to_verify_and_gets_no_token(client, coordinator):
    TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    client.force_login(coordinator)

    response = client.post(PAGE, {"action": "issue"})

    assert response["Location"].startswith("/two-factor/verify/")
    assert not Token.objects.exists()


def test_a_verified_owner_sees_the_new_token_only_once(verified, coordinator):
    issued = verified.post(PAGE, {"action": "issue"})
    key = Token.objects.get(user=coordinator).key

    assert key in issued.content.decode()
    assert key not in verified.get(PAGE).content.decode()


def test_revoking_removes_only_ones_own_token(verified, coordinator):
    Token.objects.create(user=coordinator)
    other = Token.objects.create(user=UserFactory(username="other"))

    verified.post(PAGE, {"action": "revoke"})

    assert list(Token.objects.all()) == [other]


def test_an_unknown_action_is_a_clear_400(verified):
    assert verified.post(PAGE, {"action": "steal"}).status_code == 400
