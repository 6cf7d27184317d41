"""The bell's page: one's own notifications, each opening its record and marked read.

A notification is fetched among the reader's own (`user=request.user`), so another
person's is a 404; who is notified at all is the services' rule (core.notifications).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import notifications
from core.models import Notification
from portal.workspace.views import workspace_view


class PreferenceForm(forms.Form):
    also_mailed = forms.BooleanField(
        label=gettext_lazy("Also send me my notifications by e-mail"), required=False
    )


@workspace_view
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(Notification.objects.filter(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    form = PreferenceForm(initial={"also_mailed": notifications.wants_email(request.user)})
    return render(request, "workspace/notifications.html", {"page": page, "preference_form": form})


@workspace_view
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Marked read as it is opened; only addresses of this site are followed."""
    notification = get_object_or_404(Notification.objects.filter(user=request.user), pk=pk)
    notifications.mark_read(notification)
    if not url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect("workspace:notifications")
    return redirect(notification.url)


@workspace_view
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    notifications.mark_all_read(request.user)
    messages.success(request, _("All notifications marked as read."))
    return redirect("workspace:notifications")


@workspace_view
@require_POST
def notification_preference(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(request.POST)
    form.is_valid()  # a checkbox: absent is False, nothing can be invalid
    notifications.set_email_preference(
        user=request.user, also_mailed=form.cleaned_data.get("also_mailed", False)
    )
    messages.success(request, _("Your choice is saved."))
    return redirect("workspace:notifications")
