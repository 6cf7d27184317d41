"""Each user's follow-ups as a private iCalendar feed (`core.calendar_feed`), and the
workspace page part that issues or revokes its address."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.calendar_feed import (
    AllDayEvent,
    calendar_token_issue,
    calendar_token_revoke,
    calendar_token_user,
    ical_calendar,
)
from core.models import CalendarToken
from partnerships.models import Interaction
from portal.workspace.views import may_manage_second_factors, workspace_view


@never_cache
def follow_up_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The follow-ups the token's owner must work, as the workspace lists them to them."""
    user = calendar_token_user(token)
    if user is None:
        raise Http404(_("No such calendar."))
    follow_ups = (
        Interaction.objects.for_user(user)
        .open_follow_ups()
        .followed_by(user)
        .select_related("stakeholder")
        .order_by("follow_up_date", "pk")
    )
    host = request.get_host().split(":")[0]
    events = [
        AllDayEvent(
            uid=f"follow-up-{interaction.pk}@{host}",
            date=interaction.follow_up_date,
            # The organisation and the task only: the address may leak, a contact's
            # e-mail or phone must not leak with it.
            summary=f"{interaction.stakeholder.name}: "
            f"{interaction.follow_up_action or interaction.get_kind_display()}",
            url=request.build_absolute_uri(
                reverse("workspace:stakeholder-detail", args=[interaction.stakeholder_id])
            ),
        )
        for interaction in follow_ups
    ]
    body = ical_calendar(
        name=_("CITIES4CSR follow-ups"), events=events, now=timezone.now(), product="CITIES4CSR"
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="follow-ups.ics"'
    return response


@workspace_view
def account(request: HttpRequest) -> HttpResponse:
    """One's own sign-in settings: backup codes, a new authenticator, calendar, API token."""
    return _account_page(request)


def _account_page(request: HttpRequest, calendar_url: str | None = None) -> HttpResponse:
    return render(
        request,
        "workspace/account.html",
        {
            "may_manage_people": may_manage_second_factors(request.user),
            "calendar_token": CalendarToken.objects.filter(user=request.user).first(),
            # Shown once, in the answer to issuing it: only its hash is kept.
            "calendar_url": calendar_url,
        },
    )


@workspace_view
@require_POST
def calendar_address(request: HttpRequest) -> HttpResponse:
    if request.POST.get("action") == "revoke":
        calendar_token_revoke(user=request.user)
        messages.success(request, _("The calendar address no longer works."))
        return redirect("workspace:account")
    token = calendar_token_issue(user=request.user)
    url = request.build_absolute_uri(reverse("follow-up-calendar", args=[token]))
    return _account_page(request, calendar_url=url)
