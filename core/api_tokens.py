"""The API token of the signed-in user: issued, shown once, revoked, by its owner only.

It lives under /workspace/, so `core.twofactor` lets only a session with a proved
second factor reach it: a token is never issued on the strength of a password alone.
The admin lists tokens too (each user's own only, see `core.admin`), but issuing one
there would let a superuser mint credentials for someone else.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from core.audit import audit


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    if not request.user.is_staff:
        raise PermissionDenied(_("API tokens are for the network's staff."))
    new_key = None
    action = request.POST.get("action")
    if action == "issue":
        new_key = token_issue(user=request.user).key
    elif action == "revoke":
        token_revoke(user=request.user)
    elif request.method == "POST":
        return HttpResponseBadRequest(_("Choose to issue or to revoke the token."))
    token = Token.objects.filter(user=request.user).first()
    return render(request, "twofactor/api_token.html", {"token": token, "new_key": new_key})


@transaction.atomic
def token_issue(*, user: User) -> Token:
    """A fresh token for `user`; the previous one, if any, stops working."""
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    audit("api token issued", user=user)
    return token


def token_revoke(*, user: User) -> None:
    if Token.objects.filter(user=user).delete()[0]:
        audit("api token revoked", user=user)
