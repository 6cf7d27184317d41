from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from iap.models import IntegratedActionPlan, Need, ToolboxResource


class IntegratedActionPlanDetailView(DetailView):
    def get_object(self, queryset=None):
        return get_object_or_404(
            IntegratedActionPlan.objects.published().select_related("city"),
            city__slug=self.kwargs["slug"],
            city__publication_status="published",
        )


class ToolboxView(ListView):
    queryset = ToolboxResource.objects.published()
    template_name = "iap/toolbox.html"


class NeedDetailView(DetailView):
    queryset = Need.objects.published().select_related("priority__city")
