"""Password reset by e-mail, for everyone who signs in to work (the admin's
"Forgotten your login credentials?" link).

Django's own views and signed, single-use links (valid PASSWORD_RESET_TIMEOUT), with:
- no user enumeration: the same page whether the address is known or not, and the
  e-mail is queued in the outbox (`core.outbox`), so no SMTP delay tells them apart;
- a rate limit per visitor address and per e-mail address (the shared cache, as the
  contact point's), so the form sends no flood of e-mails to someone;
- the e-mail in the language the page was asked in (the person's browser language:
  users have no stored language), rendered by Django's translated templates;
- a new password opens nothing on its own: nobody is signed in by the reset, and the
  second factor is still asked at the next sign-in; the login protection (axes) counts
  failed sign-ins as before.
"""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_ip_address
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django_ratelimit.decorators import ratelimit

from core.audit import audit
from core.outbox import queue_email

# Requests a visitor (or for an address) may make: a forgotten password needs one or two.
RESET_RATE = "5/h"


def _visitor(group: str, request: HttpRequest) -> str:
    # The proxy-aware address the login protection counts (TRUSTED_PROXY_COUNT).
    address: str | None = get_client_ip_address(request)
    return address or str(request.META.get("REMOTE_ADDR", "unknown"))


def _address(group: str, request: HttpRequest) -> str:
    return request.POST.get("email", "").strip().lower()


class BackOfficeNames:
    """The back-office's own name on the pages (not "Django administration") and in the
    e-mail (not the host name): the admin site's header and title, set by the apps."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(site_header=admin.site.site_header, site_title=admin.site.site_title)
        return context


class OutboxPasswordResetForm(PasswordResetForm):
    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = render_to_string(subject_template_name, context)
        queue_email(
            to=[to_email], subject=subject, body=render_to_string(email_template_name, context)
        )
        audit("password reset e-mailed", user=context["user"])


@method_decorator(
    [
        ratelimit(key=_visitor, rate=RESET_RATE, method="POST", block=False, group="reset"),
        ratelimit(key=_address, rate=RESET_RATE, method="POST", block=False, group="reset"),
    ],
    name="dispatch",
)
class PasswordResetView(BackOfficeNames, auth_views.PasswordResetView):
    form_class = OutboxPasswordResetForm
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        self.extra_email_context = {"site_name": admin.site.site_title}
        return super().form_valid(form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "limited", False):
            return render(request, "twofactor/password_reset_limited.html", status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(BackOfficeNames, auth_views.PasswordResetDoneView):
    pass


class PasswordResetCompleteView(BackOfficeNames, auth_views.PasswordResetCompleteView):
    pass


class PasswordResetConfirmView(BackOfficeNames, auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form: SetPasswordForm[Any]) -> HttpResponse:
        response = super().form_valid(form)
        audit("password reset", user=form.user)
        return response
