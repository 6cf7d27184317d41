from django.views.generic import DetailView, ListView, TemplateView

from partnerships.models import City, Network, Partnership


class HomeView(TemplateView):
    template_name = "partnerships/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            network=Network.objects.filter(is_synthetic=False).first(),
            cities=City.objects.published(),
            partnerships=Partnership.objects.published().with_partners(),
            **kwargs,
        )


class PartnershipDetailView(DetailView):
    queryset = Partnership.objects.published().with_partners()


class CityDetailView(DetailView):
    queryset = City.objects.published()


class PartnershipListView(ListView):
    queryset = Partnership.objects.published().with_partners()
    paginate_by = 20


class NetworkView(TemplateView):
    template_name = "partnerships/network.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            network=Network.objects.filter(is_synthetic=False).first(), **kwargs
        )
