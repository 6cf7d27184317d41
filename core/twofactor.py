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

Self-service, all under /two-factor/ (so open to a password-only session, each view
checks what it needs):
- new backup codes: asks for a code of the authenticator again (a fresh factor, not
  only the session's), then shows the codes once, to print or download;
- a lost authenticator: sign in with a backup code, then set up a new authenticator,
  which replaces the old one (`two_factor_replace`);
- a network administrator resets someone else's second factor (admin action or
  workspace): `second_factor_reset`, the one rule of who may, audit-logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
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
    return _enrol(request, template="twofactor/setup.html", event="two-factor set up")


def _enrol(request: HttpRequest, *, template: str, event: str) -> HttpResponse:
    """Show a new authenticator's QR code; once a code of it is typed, it is the user's
    only authenticator, and fresh backup codes are shown."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            codes = _confirm(device)
            otp_login(request, device)
            audit(event, user=request.user)
            return _show_backup_codes(request, codes)
        form.add_error("token", _("That code is not valid. Check your device's clock and retry."))
    return render(
        request,
        template,
        {
            "form": form,
            "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4),
            "secret": _base32(device),
            "next": _next_url(request),
        },
    )


def _show_backup_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    # Shown once, never stored in the clear elsewhere: the page offers them as a text
    # file (a data: link, so no second request serves them) and to print.
    return render(
        request,
        "twofactor/backup_codes.html",
        {
            "codes": codes,
            "codes_file": backup_codes_text(request.user, codes),
            "next": _next_url(request),
        },
    )


def backup_codes_text(user: AbstractBaseUser | AnonymousUser, codes: list[str]) -> str:
    """The downloadable file of backup codes: whose they are, and the codes, one a line."""
    heading = _("CITIES4CSR backup codes for %(user)s (each works once)") % {
        "user": user.get_username()
    }
    return "\r\n".join([str(heading), "", *codes, ""])


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
    next_url = _next_url(request)
    replace = reverse("two-factor-replace")
    # A lost phone: a backup code here, then a new authenticator, then where they went.
    lost_url = f"{replace}?{urlencode({'next': next_url})}"
    return render(
        request,
        "twofactor/verify.html",
        {
            "form": form,
            "next": next_url,
            # Sent on to set up a new authenticator: the page speaks of backup codes.
            "lost": next_url.startswith(replace),
            "lost_url": f"{reverse('two-factor-verify')}?{urlencode({'next': lost_url})}",
        },
    )


@transaction.atomic
def _confirm(device: TOTPDevice) -> list[str]:
    """Confirm the authenticator and issue fresh single-use backup codes."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # A replaced (lost) authenticator stops working with the new one's first code.
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return backup_codes_issue(device.user)


def _base32(device: TOTPDevice) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode()


def reset_devices(user: AbstractBaseUser) -> int:
    """Remove every second-factor device of a user (lost phone); they set one up again."""
    deleted: int = TOTPDevice.objects.filter(user=user).delete()[0]
    deleted += StaticDevice.objects.filter(user=user).delete()[0]
    return deleted


def verified_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For pages under /two-factor/ (open to a password-only session) that need a
    session with the second factor proved."""

    @never_cache
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_fully_authenticated(request):
            return RequireTwoFactorMiddleware._send_to_verify(request)
        return view(request, *args, **kwargs)

    return wrapper


class FreshCodeForm(TokenForm):
    token = forms.CharField(
        label=_("Code of your authenticator app"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("The 6-digit code it shows now: a backup code is not enough here."),
    )


@verified_required
@require_http_methods(["GET", "POST"])
def two_factor_backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes (the old ones stop working), against a fresh code of the
    authenticator: a session left open is not enough to take the codes away."""
    form = FreshCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip()
        devices = TOTPDevice.objects.filter(user=request.user, confirmed=True)
        if any(device.verify_token(token) for device in devices):
            codes = backup_codes_issue(request.user)
            audit("backup codes regenerated", user=request.user)
            return _show_backup_codes(request, codes)
        audit("two-factor code refused", user=request.user)
        form.add_error("token", _("That code is not valid."))
    return render(
        request, "twofactor/backup_codes_new.html", {"form": form, "next": _next_url(request)}
    )


@verified_required
@require_http_methods(["GET", "POST"])
def two_factor_replace(request: HttpRequest) -> HttpResponse:
    """A new authenticator (lost or changed phone), for a session that proved a factor,
    usually one of the backup codes: the old authenticator is removed once the new one
    works, and the backup codes are issued anew."""
    return _enrol(request, template="twofactor/replace.html", event="two-factor replaced")


@transaction.atomic
def backup_codes_issue(user: AbstractBaseUser | AnonymousUser) -> list[str]:
    """Fresh single-use backup codes for `user`; the previous ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name="backup codes")
    codes = [StaticToken.random_token() for _index in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    return codes


def may_reset_second_factor(
    actor: AbstractBaseUser | AnonymousUser, user: AbstractBaseUser
) -> bool:
    """Who may remove someone else's second factor: whoever may change users (network
    administrators, through their role's group, and superusers); a superuser's only
    by a superuser, as the user admin hides superusers from everyone else."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    model = get_user_model()._meta
    has_perm = getattr(actor, "has_perm", lambda _perm: False)
    if not has_perm(f"{model.app_label}.change_{model.model_name}"):
        return False
    return bool(getattr(actor, "is_superuser", False) or not getattr(user, "is_superuser", False))


def second_factor_reset(*, user: AbstractBaseUser, actor: AbstractBaseUser | AnonymousUser) -> int:
    """Remove `user`'s authenticator and backup codes (lost phone), for the admin and
    the workspace alike: they set up a new one at their next sign-in."""
    if not may_reset_second_factor(actor, user):
        audit("permission denied", level=logging.WARNING, user=actor, target=user.pk)
        raise PermissionDenied(_("Only a network administrator may reset a second factor."))
    removed = reset_devices(user)
    audit("two-factor reset", user=actor, target=user.pk, devices_removed=removed)
    return removed
