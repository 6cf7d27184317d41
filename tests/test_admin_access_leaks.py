"""Who may grant what in the user admin, second-factor secrets, API tokens, and the
admin views that used to confirm another city's records exist."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token, TokenProxy

from partnerships.models import Partnership
from portal.demo.factories import PartnershipFactory, UserFactory
from tests.admin_support import admin_url, change_form_data

pytestmark = pytest.mark.django_db
User = get_user_model()
DRAFT = Partnership._meta.get_field("publication_status").default


@pytest.fixture
def as_network_admin(client, network_admin):
    client.force_login(network_admin)
    return client


def test_network_admin_cannot_make_themselves_superuser(as_network_admin, network_admin):
    data = change_form_data(admin.site._registry[User], network_admin, network_admin)
    # The dates are split into a date and a time box on the page.
    for name in ("date_joined", "last_login"):
        day, time = data.pop(name).split(" ")
        data.update({f"{name}_0": day, f"{name}_1": time[:8]})
    data.update(is_superuser="on", user_permissions=[str(Permission.objects.first().pk)])

    response = as_network_admin.post(admin_url(network_admin, "change"), data)

    assert response.status_code == 302
    network_admin.refresh_from_db()
    assert not network_admin.is_superuser
    assert not network_admin.user_permissions.exists()


def test_network_admin_cannot_edit_or_reset_the_password_of_a_superuser(
    as_network_admin, superuser
):
    assert as_network_admin.get(admin_url(superuser, "password_change")).status_code == 404
    assert as_network_admin.get(admin_url(superuser, "delete")).status_code in (403, 404)
    # Django's change and history views say "does not exist" by going back to the index.
    for view in ("change", "history"):
        assert as_network_admin.get(admin_url(superuser, view))["Location"] == "/admin/", view


def test_network_admin_is_offered_only_groups_within_their_own_permissions(
    as_network_admin, network_admin
):
    everything = Group.objects.create(name="Everything")
    everything.permissions.set(Permission.objects.all())
    other = UserFactory(username="other")

    form = as_network_admin.get(admin_url(other, "change")).context["adminform"].form

    offered = set(form.fields["groups"].queryset)
    assert everything not in offered
    assert set(network_admin.groups.all()) <= offered


def test_no_admin_shows_second_factor_devices(client, superuser):
    client.force_login(superuser)

    assert TOTPDevice not in admin.site._registry
    assert StaticDevice not in admin.site._registry
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404


def test_network_admin_resets_a_users_second_factor(as_network_admin):
    other = UserFactory(username="lost-phone")
    TOTPDevice.objects.create(user=other, name="phone", confirmed=True)

    as_network_admin.post(
        admin_url(User, "changelist"),
        {"action": "reset_second_factor", "_selected_action": [other.pk]},
    )

    assert not TOTPDevice.objects.filter(user=other).exists()


def test_token_admin_lists_only_ones_own_tokens_and_neither_issues_nor_moves_them(rf, coordinator):
    mine, theirs = Token.objects.create(user=coordinator), Token.objects.create(user=UserFactory())
    token_admin = admin.site._registry[TokenProxy]
    request = rf.get("/admin/")
    request.user = coordinator

    assert set(token_admin.get_queryset(request).values_list("key", flat=True)) == {mine.key}
    assert theirs.key != mine.key
    assert not token_admin.has_add_permission(request)
    assert not token_admin.has_change_permission(request, mine)


def test_view_on_site_of_another_citys_draft_is_not_found(client, coordinator, milan, sofia):
    client.force_login(coordinator)
    content_type = ContentType.objects.get_for_model(Partnership)
    own = PartnershipFactory(city=milan, publication_status=DRAFT)
    other = PartnershipFactory(city=sofia, publication_status=DRAFT)

    refused = client.get(f"/admin/r/{content_type.pk}/{other.pk}/")

    assert refused.status_code == 404
    assert other.slug not in refused.content.decode()
    assert client.get(f"/admin/r/{content_type.pk}/{own.pk}/").status_code == 302
    assert client.get(f"/admin/r/{content_type.pk}/not-a-number/").status_code == 404


def test_another_citys_past_version_is_not_found(client, coordinator, sofia):
    client.force_login(coordinator)
    other = PartnershipFactory(city=sofia)
    version = other.history.latest()

    response = client.get(admin_url(other, "simple_history", other.pk, version.history_id))

    assert response.status_code == 404
