"""Public pages of each city's Integrated Action Plan and of the shared toolbox."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.pdf import pdf_download
from iap import plan_page
from iap.filters import ToolboxResourceFilter
from iap.models import ToolboxResource


class IntegratedActionPlanDetailView(DetailView):
    def get_object(self, queryset=None):
        return get_object_or_404(plan_page.public_plans(), city__slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(**plan_page.plan_context(self.object), **kwargs)


def plan_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The published plan as a PDF: its page laid out for print, in the page's language."""
    plan = get_object_or_404(plan_page.public_plans(), city__slug=slug)
    html = render_to_string(
        "iap/integratedactionplan_document.html",
        {
            "plan": plan,
            **plan_page.plan_context(plan),
            "document_header": f"{plan.city.network.name} · {plan.city.name}",
            "generated_on": timezone.localdate(),
            "page_url": request.build_absolute_uri(plan.get_absolute_url()),
        },
        request=request,
    )
    return pdf_download(html, filename=f"iap-{plan.city.slug}.pdf")


class ToolboxView(FilterView):
    filterset_class = ToolboxResourceFilter
    queryset = ToolboxResource.objects.public().select_related("city")
    template_name = "iap/toolbox.html"
    paginate_by = 30
    strict = False
