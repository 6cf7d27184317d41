"""Public pages of each city's URBACT Local Group and its pilots (SSAs)."""

from __future__ import annotations

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from partnerships.feed_links import feed_links
from partnerships.models import Partnership, Stakeholder
from partnerships.numbers import Table, make_table
from ulg.models import Meeting, Membership, SmallScaleAction, UrbactLocalGroup


def composition_by_sector(ulg: UrbactLocalGroup) -> Table:
    """Current members (not yet left) counted by sector, i.e. kind of organisation."""
    labels = dict(Stakeholder.Kind.choices)
    counts = (
        ulg.memberships.filter(left__isnull=True)
        .values("stakeholder__kind")
        .annotate(count=Count("pk"))
        .order_by("-count", "stakeholder__kind")
    )
    return make_table(
        "ulg-composition",
        _("Members by sector"),
        _("Sector"),
        # Members of unknown kind are left out, like every unknown on the public pages.
        (
            (labels[row["stakeholder__kind"]], row["count"])
            for row in counts
            if row["stakeholder__kind"] in labels
        ),
    )


class UrbactLocalGroupDetailView(DetailView):
    def get_object(self, queryset=None):
        return get_object_or_404(
            UrbactLocalGroup.objects.public().select_related("city"),
            city__slug=self.kwargs["slug"],
        )

    def get_context_data(self, **kwargs):
        ulg = self.object
        return super().get_context_data(
            composition=composition_by_sector(ulg),
            has_members=ulg.memberships.filter(left__isnull=True).exists(),
            # Names only of organisations that agreed to be listed publicly.
            listed_members=Membership.objects.filter(
                ulg=ulg, left__isnull=True, stakeholder__listing_consent=True
            ).select_related("stakeholder"),
            meetings=Meeting.objects.public()
            .filter(ulg=ulg)
            .annotate(organisations=Count("attendees")),
            small_scale_actions=ulg.small_scale_actions.public(),
            **kwargs,
        )


class SmallScaleActionDetailView(DetailView):
    queryset = (
        SmallScaleAction.objects.public()
        .with_partners()
        .prefetch_related(
            Prefetch("partnerships", queryset=Partnership.objects.public().select_related("city"))
        )
    )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            feeds=feed_links("small-scale-actions", city=self.object.ulg.city), **kwargs
        )
