"""Public pages of the network, its cities and partnerships. Only published records."""

from __future__ import annotations

from django.db.models import Count
from django.views.generic import ListView, TemplateView
from django_filters.views import FilterView

from core.unaccent import reading_order, translated_order
from partnerships.feed_links import feed_links
from partnerships.filters import PartnershipFilter, StakeholderFilter
from partnerships.models import (
    City,
    Network,
    NetworkEvent,
    Partnership,
    Stakeholder,
)

# How many partnerships the home page shows.
HOME_PARTNERSHIPS = 9


class HomeView(TemplateView):
    template_name = "partnerships/home.html"

    def get_context_data(self, **kwargs):
        network = Network.objects.current()
        # Everything the home counts or shows is the presented network's: demo data
        # loaded beside the real network must not add its cities to "a network of 10".
        cities = City.objects.public().filter(network=network)
        published = Partnership.objects.public().filter(city__network=network)
        # Featured partnerships first; without any, the most recent ones.
        showcase = published.for_cards().order_by(
            "-featured", "-start_date", translated_order("title"), "pk"
        )
        return super().get_context_data(
            network=network,
            cities=cities,
            partnerships=showcase[:HOME_PARTNERSHIPS],
            feeds=feed_links("partnerships", "needs"),
            key_numbers=published.aggregate(
                partnerships=Count("pk", distinct=True),
                organisations=Count("participations__stakeholder", distinct=True),
            ),
            **kwargs,
        )


class PartnershipListView(FilterView):
    filterset_class = PartnershipFilter
    queryset = Partnership.objects.public().for_cards()
    template_name = "partnerships/partnership_list.html"
    paginate_by = 12
    # An unknown filter value is reported next to its field and empties the list with a
    # message (CountedFilterSet); an unknown sort is ignored rather than emptying it.
    strict = False

    def get_context_data(self, **kwargs):
        return super().get_context_data(feeds=feed_links("partnerships"), **kwargs)


class CityListView(ListView):
    template_name = "partnerships/city_list.html"

    def get_queryset(self):
        return City.objects.public().with_public_counts().order_by(reading_order("name"))


class StakeholderListView(FilterView):
    """The public directory: only organisations that agreed to be listed."""

    filterset_class = StakeholderFilter

    def get_queryset(self):
        return (
            Stakeholder.objects.public()
            .select_related("city")
            .with_public_counts()
            .order_by(reading_order("name"), "pk")
        )

    template_name = "partnerships/stakeholder_list.html"
    paginate_by = 30
    strict = False


class NetworkView(TemplateView):
    template_name = "partnerships/network.html"

    def get_context_data(self, **kwargs):
        network = Network.objects.current()
        return super().get_context_data(
            network=network,
            # The presented network's cities and events only, as on the home page (demo data
            # aside).
            cities=City.objects.public().filter(network=network),
            events=NetworkEvent.objects.public()
            .filter(network=network)
            .select_related("host_city")
            .order_by("start_date", "title"),
            **kwargs,
        )
