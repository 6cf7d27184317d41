"""Public pages of each city's Integrated Action Plan and of the shared toolbox."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView
from django_filters.views import FilterView

from iap import plan_page
from iap.filters import ToolboxResourceFilter
from iap.models import Action, Indicator, IntegratedActionPlan, Need, ToolboxResource
from iap.progress import need_progress
from partnerships.models import Partnership
from ulg.models import SmallScaleAction


class IntegratedActionPlanDetailView(DetailView):
    def get_object(self, queryset=None):
        plans = (
            IntegratedActionPlan.objects.public()
            .select_related("city", "policy_theme")
            .prefetch_related(
                Prefetch(
                    "actions",
                    queryset=Action.objects.order_by("start_date", "code", "pk").prefetch_related(
                        Prefetch("related_ssas", queryset=SmallScaleAction.objects.public()),
                        Prefetch("partnerships", queryset=Partnership.objects.public()),
                        Prefetch(
                            "needs",
                            queryset=Need.objects.public().with_progress(),
                            to_attr="public_needs",
                        ),
                    ),
                ),
                Prefetch(
                    "indicators",
                    queryset=Indicator.objects.select_related("action").prefetch_related(
                        "measurements"
                    ),
                ),
                "risks",
            )
        )
        return get_object_or_404(
            plans,
            city__slug=self.kwargs["slug"],
        )

    def get_context_data(self, **kwargs):
        plan = self.object
        actions = list(plan.actions.all())
        for action in actions:
            for need in action.public_needs:
                need.progress = need_progress(need)
            action.needs_met = sum(need.status == Need.Status.MET for need in action.public_needs)
        risks = list(plan.risks.all())
        return super().get_context_data(
            actions=actions,
            columns=plan_page.action_columns(actions),
            timeline=plan_page.build_timeline(actions),
            indicators=plan_page.indicator_progress(plan.indicators.all()),
            risks=risks,
            risk_matrix=plan_page.build_risk_matrix(risks) if risks else None,
            **kwargs,
        )


class ToolboxView(FilterView):
    filterset_class = ToolboxResourceFilter
    queryset = ToolboxResource.objects.public().select_related("city")
    template_name = "iap/toolbox.html"
    paginate_by = 30
    strict = False
