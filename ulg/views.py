from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from ulg.models import SmallScaleAction, UrbactLocalGroup


class UrbactLocalGroupDetailView(DetailView):
    def get_object(self, queryset=None):
        return get_object_or_404(
            UrbactLocalGroup.objects.published().select_related("city"),
            city__slug=self.kwargs["slug"],
            city__publication_status="published",
        )


class SmallScaleActionDetailView(DetailView):
    queryset = SmallScaleAction.objects.published().with_partners()
