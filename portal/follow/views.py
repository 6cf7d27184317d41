"""Follow by e-mail: the form, the confirmation and the unsubscribe pages.

The pages never show an address, nor whether one follows anything: a stranger typing
someone's address learns nothing and can cause them at most one message.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from iap.models import Need
from partnerships.contact_point.views import visitor_address
from partnerships.models import City, Partnership, Theme
from portal.follow import services
from portal.follow.forms import CONSENT_TEXT, FollowForm
from portal.models import Subscription

# Follow requests a visitor (IP address) may send an hour: beyond the one message per
# address, this keeps the form from being a way to mail many strangers once.
FOLLOW_RATE = "10/h"

# What can be followed, by the same publication rule as every public page.
FOLLOWABLE = {
    Subscription.Kind.CITY: City,
    Subscription.Kind.THEME: Theme,
    Subscription.Kind.PARTNERSHIP: Partnership,
    Subscription.Kind.NEED: Need,
}


def _followed(request: HttpRequest) -> tuple[str, object | None]:
    kind = request.GET.get("kind", "")
    if kind == Subscription.Kind.NEEDS_BOARD:
        return kind, None
    if kind not in FOLLOWABLE:
        raise Http404
    model = FOLLOWABLE[Subscription.Kind(kind)]
    return kind, get_object_or_404(model.objects.public(), slug=request.GET.get("slug", ""))


@csrf_protect
@ratelimit(key=visitor_address, rate=FOLLOW_RATE, method="POST", block=False, group="follow")
def follow(request: HttpRequest) -> HttpResponse:
    kind, record = _followed(request)
    context = {"kind": kind, "record": record}
    if getattr(request, "limited", False):
        return render(request, "portal/follow/rate_limited.html", context, status=429)
    if request.method == "POST":
        form = FollowForm(request.POST)
        if form.is_valid():
            services.subscription_request(
                email=form.cleaned_data["email"],
                kind=kind,
                record=record,
                frequency=form.cleaned_data["frequency"],
                language=get_language(),
                consent_text=str(CONSENT_TEXT),
                source_page=form.cleaned_data["source"] or request.get_full_path(),
            )
            # The same page whether a message went or not (see subscription_request).
            return render(request, "portal/follow/requested.html", context)
        status = 400
    else:
        # The consent's "from which page": this site's path only, never another site's.
        referer = request.headers.get("referer", "")
        same_site = url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()})
        form = FollowForm(initial={"source": urlsplit(referer).path if same_site else ""})
        status = 200
    return render(request, "portal/follow/follow.html", {**context, "form": form}, status=status)


@csrf_protect
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    # A GET only shows the button: mail scanners open links, people press buttons.
    subscription = services.subscription_by_confirm_token(token)
    if subscription is None:
        return render(request, "portal/follow/link_expired.html", status=404)
    if request.method == "POST":
        services.subscription_confirm(subscription=subscription)
        return render(request, "portal/follow/confirmed.html", {"subscription": subscription})
    return render(request, "portal/follow/confirm.html", {"subscription": subscription})


@csrf_protect
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscription = services.subscription_by_unsubscribe_token(token)
    if request.method == "POST":
        if subscription is not None:
            services.subscription_unsubscribe(subscription=subscription)
        return render(request, "portal/follow/unsubscribed.html")
    if subscription is None:
        # Already unsubscribed (or a broken link): nothing is sent to it any more.
        return render(request, "portal/follow/unsubscribed.html")
    return render(request, "portal/follow/unsubscribe.html", {"subscription": subscription})


# RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the header's link,
# with no page and no cookie, so no CSRF token can exist. Exempt here only: the signed
# token in the address is the proof, and the body must say one-click.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def one_click(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "GET":
        # The header's link opened in a browser: the page with its button.
        return redirect("follow:unsubscribe", token=token)
    if request.POST.get("List-Unsubscribe") != "One-Click":
        return HttpResponse(status=400)
    subscription = services.subscription_by_unsubscribe_token(token)
    if subscription is not None:
        services.subscription_unsubscribe(subscription=subscription)
    return HttpResponse(status=200)
