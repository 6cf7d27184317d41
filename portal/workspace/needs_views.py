"""The workspace's needs actions: link a proposal to a need, record a delivery.

Mounted under /workspace/needs/ and guarded like the rest of the workspace; every
record comes through `.for_user(request.user)`, so another city's need, proposal or
pledge is a 404. The writes are iap's services; a refusal comes back as a message.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from iap.matching import plain_number
from iap.models import Need, Pledge
from iap.services import need_link_proposal, pledge_record_delivery
from partnerships.models import Proposal
from portal.workspace.views import form_refused, refused, workspace_view


class LinkForm(forms.Form):
    need = forms.IntegerField(widget=forms.HiddenInput)
    quantity = forms.DecimalField(
        label=gettext_lazy("Quantity pledged"), min_value=0, max_digits=12, decimal_places=2
    )


class DeliveryForm(forms.Form):
    quantity_delivered = forms.DecimalField(
        label=gettext_lazy("Quantity delivered"), min_value=0, max_digits=12, decimal_places=2
    )
    delivered_on = forms.DateField(label=gettext_lazy("Delivered on"))


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@workspace_view
@require_POST
def proposal_link_need(request: HttpRequest, pk: int) -> HttpResponse:
    """One action: this proposal will meet (part of) that need; a pledge is recorded."""
    proposal = get_object_or_404(Proposal.objects.for_user(request.user), pk=pk)
    back = _back(request, proposal_url(proposal))
    form = LinkForm(request.POST)
    if not form.is_valid():
        form_refused(request, form)
        return redirect(back)
    need = get_object_or_404(
        Need.objects.for_user(request.user).select_related("priority"),
        pk=form.cleaned_data["need"],
    )
    try:
        need_link_proposal(
            need=need, proposal=proposal, quantity=form.cleaned_data["quantity"], actor=request.user
        )
    except (ValidationError, PermissionDenied) as error:
        refused(request, error)
    else:
        messages.success(
            request,
            _("Linked to “%(need)s”: %(quantity)s pledged.")
            % {"need": need.title, "quantity": plain_number(form.cleaned_data["quantity"])},
        )
    return redirect(back)


@workspace_view
@require_POST
def pledge_delivery(request: HttpRequest, pk: int) -> HttpResponse:
    """Record what a pledge actually delivered; the need's status follows."""
    pledge = get_object_or_404(
        Pledge.objects.for_user(request.user).select_related("need__priority"), pk=pk
    )
    back = _back(request, _pledger_url(pledge))
    form = DeliveryForm(request.POST)
    if not form.is_valid():
        form_refused(request, form)
        return redirect(back)
    try:
        pledge_record_delivery(
            pledge=pledge,
            quantity_delivered=form.cleaned_data["quantity_delivered"],
            delivered_on=form.cleaned_data["delivered_on"],
            actor=request.user,
        )
    except (ValidationError, PermissionDenied) as error:
        refused(request, error)
    else:
        pledge.need.refresh_from_db(fields=["status"])
        messages.success(
            request,
            _("Delivery recorded: “%(need)s” is now %(status)s.")
            % {"need": pledge.need.title, "status": pledge.need.get_status_display().lower()},
        )
    return redirect(back)


def _pledger_url(pledge: Pledge) -> str:
    """The workspace page the pledge is shown on: its proposal's, or its organisation's."""
    if pledge.proposal_id:
        return reverse("workspace:proposal-detail", kwargs={"pk": pledge.proposal_id})
    return reverse("workspace:stakeholder-detail", kwargs={"pk": pledge.stakeholder_id})


def proposal_url(proposal: Proposal) -> str:
    return reverse("workspace:proposal-detail", kwargs={"pk": proposal.pk})
