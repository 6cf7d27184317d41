"""Two-factor authentication guards the admin and the workspace."""

import pytest
from django.core.management import CommandError, call_command
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.demo.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]


@pytest.fixture
def staff(client):
    user = UserFactory(username="anna", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def set_up(client) -> list[str]:
    client.get("/two-factor/setup/")
    device = TOTPDevice.objects.get()
    response = client.post("/two-factor/setup/", {"token": current_code(device), "next": "/admin/"})
    return response.context["codes"]


@pytest.mark.parametrize("path", ["/admin/", "/admin/partnerships/partnership/", "/workspace/"])
def test_signed_in_user_without_a_device_must_set_one_up(client, staff, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/two-factor/setup/?next=")


def test_setup_shows_a_qr_code_and_the_key(client, staff):
    response = client.get("/two-factor/setup/")

    assert response.status_code == 200
    assert "<svg" in response.content.decode()
    assert response.context["secret"]


def test_confirming_the_device_opens_the_admin_and_gives_ten_backup_codes(client, staff):
    codes = set_up(client)

    assert len(codes) == 10
    assert TOTPDevice.objects.get().confirmed
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_with_a_message(client, staff):
    client.get("/two-factor/setup/")

    response = client.post("/two-factor/setup/", {"token": "000000"})

    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    assert not TOTPDevice.objects.get().confirmed


def test_next_sign_in_asks_for_the_code(client, staff):
    set_up(client)
    client.logout()
    client.force_login(staff)

    response = client.get("/admin/")

    assert response["Location"].startswith("/two-factor/verify/")


def test_a_backup_code_works_once(client, staff):
    codes = set_up(client)
    client.logout()
    client.force_login(staff)

    response = client.post("/two-factor/verify/", {"token": codes[0], "next": "/admin/"})

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()


def test_verify_refuses_a_wrong_code_and_stays_locked(client, staff):
    set_up(client)
    client.logout()
    client.force_login(staff)

    response = client.post("/two-factor/verify/", {"token": "12345678"})

    assert response.context["form"].errors["token"]
    assert client.get("/admin/").status_code == 302


def test_next_cannot_send_the_user_to_another_site(client, staff):
    codes = set_up(client)
    client.logout()
    client.force_login(staff)

    response = client.post(
        "/two-factor/verify/", {"token": codes[1], "next": "https://evil.example/"}
    )

    assert response["Location"] == "/admin/"


def test_public_pages_and_the_login_page_need_no_second_factor(client, staff):
    assert client.get("/admin/login/").status_code in (200, 302)
    assert client.get("/it/").status_code == 200


def test_reset_command_removes_the_devices(client, staff):
    set_up(client)

    call_command("reset_two_factor", "anna", stdout=None)

    assert not TOTPDevice.objects.exists()


def test_reset_command_names_an_unknown_user():
    with pytest.raises(CommandError, match="No user called 'nobody'"):
        call_command("reset_two_factor", "nobody")


def test_setup_speaks_italian_by_default(client, staff):
    page = client.get("/two-factor/setup/").content.decode()

    assert "<h1>Attiva l'autenticazione a due fattori</h1>" in page
