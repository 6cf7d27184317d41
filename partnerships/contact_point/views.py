"""The single contact point: the public proposal form and the privacy notice it links to."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.views.decorators.csrf import csrf_protect
from django.views.generic import TemplateView
from django_ratelimit.decorators import ratelimit

from partnerships.contact_point.forms import ProposalForm
from partnerships.models import City
from partnerships.services import proposal_submit


def proposal_rate(group: str, request: HttpRequest) -> str:
    # Read at request time, so the limit follows the settings (and tests can change it).
    return settings.PROPOSAL_RATE_LIMIT


def visitor_address(group: str, request: HttpRequest) -> str:
    # The same proxy-aware address the login protection counts (TRUSTED_PROXY_COUNT):
    # behind a load balancer REMOTE_ADDR would put every visitor in one bucket.
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "unknown")


@csrf_protect
@ratelimit(key=visitor_address, rate=proposal_rate, method="POST", block=False, group="proposal")
def propose(request: HttpRequest) -> HttpResponse:
    if getattr(request, "limited", False):
        return render(request, "partnerships/propose_rate_limited.html", status=429)
    if request.method == "POST":
        form = ProposalForm(request.POST)
        if form.is_valid():
            proposal_submit(cleaned_data=form.cleaned_data, absolute_uri=request.build_absolute_uri)
            return redirect("partnerships:propose-thanks")
        status = 400
    else:
        city = City.objects.public().filter(slug=request.GET.get("city", "")).first()
        form = ProposalForm(initial={"city": city})
        status = 200
    return render(request, "partnerships/propose.html", {"form": form}, status=status)


class ProposeThanksView(TemplateView):
    template_name = "partnerships/propose_thanks.html"


class PrivacyView(TemplateView):
    template_name = "privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            retention_days=settings.PROPOSAL_RETENTION_DAYS,
            controller=settings.PRIVACY_CONTROLLER,
            controller_contact=settings.PRIVACY_CONTROLLER_CONTACT,
            dpo=settings.PRIVACY_DPO,
            dpo_contact=settings.PRIVACY_DPO_CONTACT,
            **kwargs,
        )


class AccessibilityView(TemplateView):
    template_name = "accessibility.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            controller=settings.PRIVACY_CONTROLLER,
            feedback_url=settings.ACCESSIBILITY_FEEDBACK_URL,
            statement_date=parse_date(settings.ACCESSIBILITY_STATEMENT_DATE or ""),
            **kwargs,
        )
