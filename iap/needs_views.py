"""The public needs board: list, detail and "offer help" (the contact point, pre-filled)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_ratelimit.decorators import ratelimit

from iap import numbers
from iap.filters import NeedFilter
from iap.models import Need, NeedQuerySet, Pledge
from iap.progress import need_progress
from iap.services import need_offer_submit
from partnerships.contact_point.forms import ProposalForm
from partnerships.contact_point.views import proposal_rate, visitor_address
from partnerships.feed_links import feed_links
from partnerships.models import Partnership
from partnerships.numbers import table_csv


def board_needs() -> NeedQuerySet:
    """Published needs with their progress, and what the cards and pages show of them."""
    return (
        Need.objects.public()
        .with_progress()
        .select_related("priority__city")
        .prefetch_related("priority__themes")
    )


class NeedListView(FilterView):
    filterset_class = NeedFilter
    template_name = "iap/need_list.html"
    paginate_by = 24
    strict = False

    def get_queryset(self):
        return board_needs().order_by("deadline", "title", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(feeds=feed_links("needs"), **kwargs)
        for need in context["object_list"]:
            need.progress = need_progress(need)
        return context


class NeedDetailView(DetailView):
    template_name = "iap/need_detail.html"
    context_object_name = "need"

    def get_queryset(self):
        return (
            board_needs()
            .select_related("action__plan__city", "small_scale_action__ulg__city")
            .prefetch_related(
                "priority__sdgs",
                Prefetch(
                    "pledges",
                    queryset=Pledge.objects.filter(
                        partnership__in=Partnership.objects.public()
                    ).select_related("partnership"),
                    to_attr="public_pledges",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        partnerships = {
            pledge.partnership.pk: pledge.partnership for pledge in self.object.public_pledges
        }
        return super().get_context_data(
            progress=need_progress(self.object),
            feeds=feed_links("needs", city=self.object.priority.city),
            partnerships=sorted(partnerships.values(), key=lambda p: p.title),
            **kwargs,
        )


def _offer_initial(need: Need) -> dict:
    return {
        "city": need.priority.city,
        "themes": list(need.priority.themes.all()),
        "resource_kinds": [need.resource_kind],
        "offer": _("We offer help for the need “%(title)s” (%(url)s).")
        % {"title": need.title, "url": need.get_absolute_url()},
    }


@csrf_protect
@ratelimit(key=visitor_address, rate=proposal_rate, method="POST", block=False, group="proposal")
def need_offer(request: HttpRequest, slug: str) -> HttpResponse:
    """The single contact point form for one need: the proposal arrives linked to it."""
    need = get_object_or_404(board_needs(), slug=slug)
    if getattr(request, "limited", False):
        return render(request, "partnerships/propose_rate_limited.html", status=429)
    if request.method == "POST":
        form = ProposalForm(request.POST)
        if form.is_valid():
            need_offer_submit(
                need=need, cleaned_data=form.cleaned_data, absolute_uri=request.build_absolute_uri
            )
            return redirect("partnerships:propose-thanks")
        status = 400
    else:
        form = ProposalForm(initial=_offer_initial(need))
        status = 200
    return render(
        request,
        "iap/need_offer.html",
        {"form": form, "need": need, "progress": need_progress(need)},
        status=status,
    )


def resources_csv(request: HttpRequest, table: str) -> HttpResponse:
    """One "resources mobilised" table of the numbers page as CSV (label, deliveries)."""
    build = numbers.TABLES.get(table)
    if build is None:
        raise Http404
    return table_csv(
        build(), count_heading=numbers.COUNT_HEADING, filename=f"cities4csr-{table}.csv"
    )
