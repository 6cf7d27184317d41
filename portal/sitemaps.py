"""sitemap.xml: every public page, in Italian and English, with hreflang alternates."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from iap.models import IntegratedActionPlan, Need
from partnerships.models import City, Partnership
from ulg.models import SmallScaleAction, UrbactLocalGroup


class PublicSitemap(Sitemap):
    """Both languages, each entry listing its translation (hreflang) and an x-default."""

    i18n = True
    alternates = True
    x_default = True


class PagesSitemap(PublicSitemap):
    def items(self) -> list[str]:
        return [
            "home",
            "partnerships:list",
            "partnerships:city-list",
            "partnerships:stakeholder-list",
            "partnerships:network",
            "partnerships:numbers",
            "partnerships:open-data",
            "iap:toolbox",
            "iap:need-list",
            "accessibility",
            "cookies",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class PartnershipSitemap(PublicSitemap):
    def items(self):
        return Partnership.objects.public()

    def lastmod(self, partnership: Partnership):
        return partnership.updated_at


class CitySitemap(PublicSitemap):
    def items(self):
        return City.objects.public()


class UrbactLocalGroupSitemap(PublicSitemap):
    def items(self):
        return UrbactLocalGroup.objects.public().select_related("city")


class SmallScaleActionSitemap(PublicSitemap):
    def items(self):
        return SmallScaleAction.objects.public()

    def lastmod(self, small_scale_action: SmallScaleAction):
        return small_scale_action.updated_at


class IntegratedActionPlanSitemap(PublicSitemap):
    def items(self):
        return IntegratedActionPlan.objects.public().select_related("city")


class NeedSitemap(PublicSitemap):
    def items(self):
        return Need.objects.public()

    def lastmod(self, need: Need):
        return need.updated_at


SITEMAPS = {
    "pages": PagesSitemap,
    "partnerships": PartnershipSitemap,
    "cities": CitySitemap,
    "ulgs": UrbactLocalGroupSitemap,
    "small-scale-actions": SmallScaleActionSitemap,
    "plans": IntegratedActionPlanSitemap,
    "needs": NeedSitemap,
}
