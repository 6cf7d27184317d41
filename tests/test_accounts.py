"""Self-service accounts: password reset by e-mail, new backup codes, a lost
authenticator replaced with a backup code, and a network administrator resetting
someone's second factor — each still behind the second factor where it should be."""

import logging
from urllib.parse import unquote

import pytest
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.outbox import OutboundEmail
from portal.demo.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]


def code_of(device: TOTPDevice) -> str:
    # django-otp refuses a code twice in the same time step, and any code for a
    # few seconds after a wrong one: each test's next code comes from a device whose
    # last used step and failures are forgotten.
    device.refresh_from_db()
    device.last_t = -1
    device.throttle_reset(commit=False)
    device.save()
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def set_up(client, user) -> list[str]:
    client.force_login(user)
    client.get("/two-factor/setup/")
    device = TOTPDevice.objects.get(user=user)
    response = client.post("/two-factor/setup/", {"token": code_of(device), "next": "/workspace/"})
    return response.context["codes"]


@pytest.fixture
def anna(account_manager):
    account_manager.first_name, account_manager.last_name = "Anna", "Neri"
    account_manager.email = "anna@comune.example"
    account_manager.set_password("a long old password")
    account_manager.save()
    return account_manager


# --- backup codes ---------------------------------------------------------------


def test_backup_codes_can_be_downloaded_as_a_text_file_and_printed(client, anna):
    client.force_login(anna)
    client.get("/two-factor/setup/")
    device = TOTPDevice.objects.get(user=anna)

    response = client.post("/two-factor/setup/", {"token": code_of(device)})

    page = response.content.decode()
    link = page.split('href="data:text/plain;charset=utf-8,')[1]
    downloaded = unquote(link.split('"')[0])
    assert all(code in downloaded.split("\r\n") for code in response.context["codes"])
    assert "data-print" in page and "js/print-page.js" in page


def test_new_backup_codes_need_a_fresh_authenticator_code_and_replace_the_old(client, anna):
    old_codes = set_up(client, anna)

    refused = client.post("/two-factor/backup-codes/", {"token": old_codes[0]})
    assert refused.context["form"].errors["token"]
    assert StaticToken.objects.filter(token=old_codes[1]).exists()

    response = client.post(
        "/two-factor/backup-codes/", {"token": code_of(TOTPDevice.objects.get(user=anna))}
    )

    new_codes = response.context["codes"]
    assert len(new_codes) == 10
    assert not StaticToken.objects.filter(token__in=old_codes).exists()
    assert StaticToken.objects.filter(token__in=new_codes).count() == 10


def test_new_backup_codes_are_not_given_to_a_password_only_session(client, anna):
    set_up(client, anna)
    client.logout()
    client.force_login(anna)

    response = client.get("/two-factor/backup-codes/")

    assert response["Location"].startswith("/two-factor/verify/")


# --- a lost authenticator ---------------------------------------------------------


def test_a_lost_authenticator_is_replaced_after_signing_in_with_a_backup_code(client, anna):
    codes = set_up(client, anna)
    old = TOTPDevice.objects.get(user=anna)
    client.logout()
    client.force_login(anna)

    verify = client.get("/two-factor/verify/?next=/two-factor/replace/")
    assert "Hai perso il telefono? Scrivi uno dei tuoi codici di riserva" in verify.content.decode()
    signed_in = client.post(
        "/two-factor/verify/", {"token": codes[0], "next": "/two-factor/replace/"}
    )
    assert signed_in["Location"] == "/two-factor/replace/"
    page = client.get("/two-factor/replace/")
    assert "<svg" in page.content.decode()
    new = TOTPDevice.objects.get(user=anna, confirmed=False)

    done = client.post("/two-factor/replace/", {"token": code_of(new)})

    assert len(done.context["codes"]) == 10
    assert list(TOTPDevice.objects.filter(user=anna)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert not StaticToken.objects.filter(token__in=codes).exists()
    assert client.get("/workspace/").status_code == 200


def test_the_replace_page_needs_a_proved_factor(client, anna):
    set_up(client, anna)
    client.logout()
    client.force_login(anna)

    response = client.get("/two-factor/replace/")

    assert response["Location"].startswith("/two-factor/verify/")
    assert TOTPDevice.objects.filter(user=anna).count() == 1


def test_verify_page_links_to_the_lost_phone_path(client, anna):
    set_up(client, anna)
    client.logout()
    client.force_login(anna)

    page = client.get("/two-factor/verify/?next=/workspace/").content.decode()

    # Verify a backup code, then a new authenticator, then on to the workspace.
    lost = "/two-factor/verify/?next=%2Ftwo-factor%2Freplace%2F%3Fnext%3D%252Fworkspace%252F"
    assert f'href="{lost}"' in page


# --- a network administrator resets someone's second factor ----------------------


@pytest.fixture
def verified(client):
    def sign_in(user):
        set_up(client, user)
        return client

    return sign_in


def test_network_administrator_resets_a_second_factor_from_the_workspace(
    verified, network_admin, anna, caplog
):
    TOTPDevice.objects.create(user=anna, name="phone", confirmed=True)
    client = verified(network_admin)

    people = client.get("/workspace/people/")
    assert "Anna Neri" in people.content.decode()
    with caplog.at_level(logging.INFO, logger="core.audit"):
        client.post(f"/workspace/people/{anna.pk}/reset-second-factor/")

    assert not TOTPDevice.objects.filter(user=anna).exists()
    reset = [record for record in caplog.records if record.getMessage() == "two-factor reset"]
    assert reset and reset[0].audit["user_id"] == network_admin.pk
    assert reset[0].audit["details"]["target"] == anna.pk


def test_network_administrator_resets_a_second_factor_from_the_admin(verified, network_admin, anna):
    TOTPDevice.objects.create(user=anna, name="phone", confirmed=True)
    client = verified(network_admin)

    client.post(
        "/admin/auth/user/",
        {"action": "reset_second_factor", "_selected_action": [anna.pk]},
    )

    assert not TOTPDevice.objects.filter(user=anna).exists()


def test_coordinator_cannot_reset_another_users_second_factor(verified, coordinator, anna):
    device = TOTPDevice.objects.create(user=anna, name="phone", confirmed=True)
    client = verified(coordinator)

    assert client.get("/workspace/people/").status_code == 403
    client.post(f"/workspace/people/{anna.pk}/reset-second-factor/")
    admin = client.post(
        "/admin/auth/user/",
        {"action": "reset_second_factor", "_selected_action": [anna.pk]},
    )

    assert admin.status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_network_administrator_cannot_reset_a_superusers_second_factor(verified, network_admin):
    root = UserFactory(username="root", is_superuser=True)
    device = TOTPDevice.objects.create(user=root, name="phone", confirmed=True)
    client = verified(network_admin)

    response = client.post(f"/workspace/people/{root.pk}/reset-second-factor/")

    assert response.status_code == 404
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/workspace/people/"),
        ("post", "/workspace/people/{pk}/reset-second-factor/"),
        ("post", "/admin/auth/user/"),
        ("get", "/workspace/account/"),
    ],
)
def test_resetting_needs_the_administrators_own_second_factor(
    client, network_admin, anna, method, path
):
    device = TOTPDevice.objects.create(user=anna, name="phone", confirmed=True)
    TOTPDevice.objects.create(user=network_admin, name="phone", confirmed=True)
    client.force_login(network_admin)

    response = getattr(client, method)(
        path.format(pk=anna.pk),
        {"action": "reset_second_factor", "_selected_action": [anna.pk]},
    )

    assert response["Location"].startswith("/two-factor/verify/")
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


# --- password reset -------------------------------------------------------------------


def reset_link() -> str:
    body = OutboundEmail.objects.get().body
    return next(line for line in body.splitlines() if "/admin/password-reset/" in line).strip()


def test_password_reset_also_mailed_in_the_pages_language(client, anna):
    response = client.post(
        "/admin/password-reset/", {"email": "anna@comune.example"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response["Location"] == "/admin/password-reset/sent/"
    assert mail.outbox[0].to == ["anna@comune.example"]
    assert "Please go to the following page" in mail.outbox[0].body
    assert reset_link().startswith("http://testserver/admin/password-reset/")


def test_password_reset_email_is_italian_by_default(client, anna):
    page = client.get("/admin/password-reset/")
    client.post("/admin/password-reset/", {"email": "anna@comune.example"})

    assert "Django" not in page.text  # the back-office's own name
    assert "Vai alla pagina seguente" in mail.outbox[0].body
    assert "testserver" not in mail.outbox[0].subject


def test_password_reset_sets_a_new_password_and_still_asks_the_second_factor(client, anna):
    TOTPDevice.objects.create(user=anna, name="phone", confirmed=True)
    client.post("/admin/password-reset/", {"email": "anna@comune.example"})
    form = client.get(reset_link(), follow=True)
    assert form.status_code == 200

    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Un-nuova-parola-lunga-42", "new_password2": "Un-nuova-parola-lunga-42"},
    )

    assert done["Location"] == "/admin/password-reset/done/"
    anna.refresh_from_db()
    assert anna.check_password("Un-nuova-parola-lunga-42")
    client.force_login(anna)
    assert client.get("/workspace/")["Location"].startswith("/two-factor/verify/")


def test_password_reset_does_not_tell_whether_an_address_is_known(client, anna):
    known = client.post("/admin/password-reset/", {"email": "anna@comune.example"})
    unknown = client.post("/admin/password-reset/", {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1


def test_password_reset_is_rate_limited_per_address(client, anna):
    for _attempt in range(5):
        client.post(
            "/admin/password-reset/", {"email": "anna@comune.example"}, REMOTE_ADDR="10.0.0.1"
        )

    response = client.post(
        "/admin/password-reset/", {"email": "anna@comune.example"}, REMOTE_ADDR="10.0.0.2"
    )

    assert response.status_code == 429
    assert len(mail.outbox) == 5


def test_the_admin_login_page_links_to_password_reset(client):
    page = client.get("/admin/login/").content.decode()

    assert 'href="/admin/password-reset/"' in page
