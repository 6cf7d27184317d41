"""Public pages of the network, its cities and partnerships. Only published records."""

from __future__ import annotations

import csv

from django.db.models import Count
from django.http import Http404, HttpResponse
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from partnerships import numbers
from partnerships.filters import PartnershipFilter, StakeholderFilter
from partnerships.models import (
    City,
    Network,
    NetworkEvent,
    Participation,
    Partnership,
    PublicationStatus,
    Stakeholder,
)

# How many partnerships the home page and a detail page's "see also" show.
HOME_PARTNERSHIPS = 9
RELATED_PARTNERSHIPS = 6


class HomeView(TemplateView):
    template_name = "partnerships/home.html"

    def get_context_data(self, **kwargs):
        network = Network.objects.current()
        # Everything the home counts or shows is the presented network's: demo data
        # loaded beside the real network must not add its cities to "a network of 10".
        cities = City.objects.published().filter(network=network)
        published = Partnership.objects.published().filter(city__network=network)
        # Featured partnerships first; without any, the most recent ones.
        showcase = published.with_partners().order_by("-featured", "-start_date", "title")
        return super().get_context_data(
            network=network,
            cities=cities,
            partnerships=showcase[:HOME_PARTNERSHIPS],
            key_numbers=published.aggregate(
                partnerships=Count("pk", distinct=True),
                organisations=Count("participations__stakeholder", distinct=True),
            ),
            **kwargs,
        )


class PartnershipListView(FilterView):
    filterset_class = PartnershipFilter
    queryset = Partnership.objects.published().with_partners()
    template_name = "partnerships/partnership_list.html"
    paginate_by = 12
    # An unknown filter value is reported next to its field and otherwise ignored,
    # rather than emptying the list.
    strict = False


class PartnershipDetailView(DetailView):
    queryset = Partnership.objects.published().with_partners().with_related_work()

    def get_context_data(self, **kwargs):
        related = (
            Partnership.objects.published()
            .sharing_partners_with(self.object)
            .with_partners()
            .order_by("-start_date", "title")
        )
        participations = list(self.object.participations.all())
        # Only the columns something is known for: the real data names partners but
        # gives no roles or contributions, and a column of "unknown" says nothing.
        partner_columns = {
            "kind": any(p.stakeholder.kind for p in participations),
            "role": any(p.role for p in participations),
            "contribution": any(p.contribution or p.amount_eur for p in participations),
        }
        return super().get_context_data(
            related_partnerships=related[:RELATED_PARTNERSHIPS],
            partner_columns=partner_columns,
            **kwargs,
        )


class CityListView(ListView):
    queryset = City.objects.published().with_public_counts()
    template_name = "partnerships/city_list.html"


class CityDetailView(DetailView):
    queryset = City.objects.published().select_related("network", "ulg", "iap")

    def get_context_data(self, **kwargs):
        city = self.object
        ulg = getattr(city, "ulg", None)
        plan = getattr(city, "iap", None)
        small_scale_actions = (
            ulg.small_scale_actions.published().with_partners()
            if ulg is not None and ulg.is_published
            else []
        )
        return super().get_context_data(
            ulg=ulg if ulg is not None and ulg.is_published else None,
            plan=plan if plan is not None and plan.is_published else None,
            small_scale_actions=small_scale_actions,
            partnerships=city.partnerships.published().with_partners(),
            **kwargs,
        )


class StakeholderListView(FilterView):
    """The public directory: only organisations that agreed to be listed."""

    filterset_class = StakeholderFilter
    queryset = (
        Stakeholder.objects.published()
        .filter(city__publication_status=PublicationStatus.PUBLISHED)
        .select_related("city")
        .with_public_counts()
    )
    template_name = "partnerships/stakeholder_list.html"
    paginate_by = 30
    strict = False


class NetworkView(TemplateView):
    template_name = "partnerships/network.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            network=Network.objects.current(),
            cities=City.objects.published(),
            events=NetworkEvent.objects.published()
            .select_related("host_city")
            .order_by("start_date", "title"),
            **kwargs,
        )


class NumbersView(TemplateView):
    template_name = "partnerships/numbers.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            tables=numbers.all_tables(),
            organisations=Participation.objects.filter(
                partnership__publication_status=PublicationStatus.PUBLISHED
            )
            .values("stakeholder")
            .distinct()
            .count(),
            **kwargs,
        )


def numbers_csv(request, table: str) -> HttpResponse:
    """One table of the numbers page as CSV (label, count), for spreadsheets."""
    build = numbers.TABLES.get(table)
    if build is None:
        raise Http404
    data = build()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cities4csr-partnerships-{table}.csv"'
    writer = csv.writer(response)
    writer.writerow([str(data.label_heading), str(numbers.COUNT_HEADING)])
    for row in data.rows:
        writer.writerow([str(row.label), row.count])
    return response
