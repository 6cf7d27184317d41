"""Two-factor authentication (django-otp) for everyone who signs in to work.

A signed-in user counts as signed in only once they have proved a second factor
in this session: a TOTP code from an authenticator app, or one of their single-use
backup codes. `is_fully_authenticated` is that rule, and one middleware applies it
to every request, so every channel that reads `request.user` (admin, workspace,
the API's session authentication, any view added later) gets the same answer:

- on the admin and the workspace, such a user is sent to verify (or to set up a
  device first);
- everywhere else (the API, public pages) they are an anonymous visitor: a session
  that proved only the password reads and writes nothing more than the public does.

Only the pages that prove the factor, and signing in and out, see the real user.
API tokens are a separate credential, issued only from a verified session
(`core.api_tokens`).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit import audit

PROTECTED_PREFIXES = ("/admin/", "/workspace/")
# Signing in and out, and proving the second factor, happen before it is proved.
OPEN_PATHS = ("/admin/login/", "/admin/logout/", "/admin/jsi18n/", "/two-factor/")
BACKUP_CODES = 10


def is_fully_authenticated(request: HttpRequest) -> bool:
    """Signed in, and (where it is required) with the second factor proved in this session."""
    user = request.user
    if not user.is_authenticated:
        return False
    if not getattr(settings, "TWO_FACTOR_REQUIRED", True):
        return True
    # `is_verified` is set by django_otp's middleware on the session's user.
    verified: bool = getattr(user, "is_verified", lambda: False)()
    return verified


class RequireTwoFactorMiddleware:
    """Without a proved second factor: sent to verify on staff pages, anonymous elsewhere."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            # No session, nobody signed in; and reading request.user would mark the
            # session as accessed (Vary: Cookie), so no public page could be cached.
            return self.get_response(request)
        # path_info, not path: path starts with SCRIPT_NAME, which a client could choose.
        path = request.path_info
        if (
            request.user.is_authenticated
            and not path.startswith(OPEN_PATHS)
            and not is_fully_authenticated(request)
        ):
            if path.startswith(PROTECTED_PREFIXES):
                return self._send_to_verify(request)
            request.user = AnonymousUser()
            request.auser = _anonymous
        return self.get_response(request)

    @staticmethod
    def _send_to_verify(request: HttpRequest) -> HttpResponse:
        has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
        target = reverse("two-factor-verify" if has_device else "two-factor-setup")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


async def _anonymous() -> AnonymousUser:
    return AnonymousUser()


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("The 6-digit code of your authenticator app, or one of your backup codes."),
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/admin/"
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else "/admin/"


@never_cache
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(f"{reverse('two-factor-verify')}?{urlencode({'next': _next_url(request)})}")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            codes = _confirm(device)
            otp_login(request, device)
            audit("two-factor set up", user=request.user)
            return render(
                request,
                "twofactor/backup_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error("token", _("That code is not valid. Check your device's clock and retry."))
    return render(
        request,
        "twofactor/setup.html",
        {
            "form": form,
            "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4),
            "secret": _base32(device),
            "next": _next_url(request),
        },
    )


@never_cache
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        audit("two-factor code refused", user=request.user)
        form.add_error("token", _("That code is not valid."))
    return render(request, "twofactor/verify.html", {"form": form, "next": _next_url(request)})


@transaction.atomic
def _confirm(device: TOTPDevice) -> list[str]:
    """Confirm the authenticator and issue fresh single-use backup codes."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=device.user).delete()
    backup = StaticDevice.objects.create(user=device.user, name="backup codes")
    codes = [StaticToken.random_token() for _index in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    return codes


def _base32(device: TOTPDevice) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode()


def reset_devices(user: AbstractBaseUser) -> int:
    """Remove every second-factor device of a user (lost phone); they set one up again."""
    deleted: int = TOTPDevice.objects.filter(user=user).delete()[0]
    deleted += StaticDevice.objects.filter(user=user).delete()[0]
    return deleted
