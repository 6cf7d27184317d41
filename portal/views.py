"""Public pages that combine apps: a partnership (with the needs it pledged to), a city
(its ULG, SSAs, IAP and partnerships), the numbers (partnerships and resources
mobilised for the needs), the home and network pages with the map of the network (each
city's partnerships, needs and SSAs), a city's or the network's CSR report of a year
(`portal/report.py`, as a page and as a PDF) and the site-wide search (`portal/search.py`).
Only published records."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, TemplateView

from core.pdf import pdf_download
from core.unaccent import translated_order
from partnerships import numbers
from partnerships import views as partnerships_views
from partnerships.feed_links import feed_links
from partnerships.models import City, Participation, Partnership, Theme
from portal import report, search
from portal.network_map import network_map
from ulg.models import SmallScaleAction

# How many partnerships a detail page's "see also" shows.
RELATED_PARTNERSHIPS = 6
# How many pilots and partnerships a city page shows before "see all": a city of the
# demo data has hundreds, which made a page 19,000 pixels tall.
CITY_PAGE_LIST = 9


class PartnershipDetailView(DetailView):
    template_name = "portal/partnership_detail.html"
    queryset = Partnership.objects.public().with_partners().with_related_work()

    def get_context_data(self, **kwargs):
        related = (
            Partnership.objects.public()
            .sharing_partners_with(self.object)
            .for_cards()
            .order_by("-start_date", translated_order("title"), "pk")
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
            feeds=feed_links("partnerships", city=self.object.city),
            **kwargs,
        )


class CityDetailView(DetailView):
    template_name = "portal/city_detail.html"
    queryset = City.objects.public().select_related("network", "ulg", "iap")

    def get_context_data(self, **kwargs):
        city = self.object
        ulg = getattr(city, "ulg", None)
        plan = getattr(city, "iap", None)
        ulg = ulg if ulg is not None and ulg.is_published else None
        small_scale_actions = (
            ulg.small_scale_actions.public().order_by(
                "-start_date", translated_order("title"), "pk"
            )
            if ulg is not None
            else SmallScaleAction.objects.none()
        )
        partnerships = (
            city.partnerships.public()
            .for_cards()
            .order_by("-start_date", translated_order("title"), "pk")
        )
        return super().get_context_data(
            ulg=ulg,
            plan=plan if plan is not None and plan.is_published else None,
            small_scale_actions=small_scale_actions[:CITY_PAGE_LIST],
            small_scale_actions_count=small_scale_actions.count(),
            partnerships=partnerships[:CITY_PAGE_LIST],
            partnerships_count=partnerships.count(),
            feeds=feed_links("partnerships", "needs", "small-scale-actions", city=city),
            network_map=network_map(
                City.objects.public().filter(network=city.network), current=city
            ),
            **kwargs,
        )


class NetworkMapMixin:
    """Draws the page's `cities` on the map of the network: when the template reads it,
    not at all when the map's shared fragment is kept (templates/portal/home.html)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["network_map"] = SimpleLazyObject(lambda: network_map(context["cities"]))
        return context


class HomeView(NetworkMapMixin, partnerships_views.HomeView):
    template_name = "portal/home.html"


class NetworkView(NetworkMapMixin, partnerships_views.NetworkView):
    template_name = "portal/network.html"


class NumbersView(TemplateView):
    template_name = "portal/numbers.html"

    def get_context_data(self, **kwargs):
        # Callables, counted when the template reads them: not at all when the numbers'
        # shared fragment is kept (templates/portal/numbers.html).
        return super().get_context_data(
            tables=numbers.all_tables,
            organisations=Participation.objects.public().values("stakeholder").distinct().count,
            **kwargs,
        )


def numbers_csv(request, table: str) -> HttpResponse:
    """One table of the numbers page as CSV (label, count), for spreadsheets."""
    build = numbers.TABLES.get(table)
    if build is None:
        raise Http404
    return numbers.table_csv(
        build(),
        count_heading=numbers.COUNT_HEADING,
        filename=f"cities4csr-partnerships-{table}.csv",
    )


def city_report(request: HttpRequest, slug: str) -> HttpResponse:
    return _report(request, _report_city(slug), pdf=False)


def city_report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    return _report(request, _report_city(slug), pdf=True)


def network_report(request: HttpRequest) -> HttpResponse:
    return _report(request, None, pdf=False)


def network_report_pdf(request: HttpRequest) -> HttpResponse:
    return _report(request, None, pdf=True)


def _report_city(slug: str) -> City:
    return get_object_or_404(City.objects.public().select_related("network"), slug=slug)


def _report(request: HttpRequest, city: City | None, *, pdf: bool) -> HttpResponse:
    """The CSR report of `city` (None: the network) for `?year=`, as a page or a PDF."""
    if city is not None:
        page_url = reverse("partnerships:city-report", kwargs={"slug": city.slug})
        pdf_url = reverse("partnerships:city-report-pdf", kwargs={"slug": city.slug})
    else:
        page_url = reverse("partnerships:numbers-report")
        pdf_url = reverse("partnerships:numbers-report-pdf")
    context: dict[str, object] = {"city": city, "page_url": page_url, "pdf_url": pdf_url}
    try:
        year = report.report_year(request.GET.get("year"), today=timezone.localdate())
    except report.BadYear as error:
        context["error"] = str(error)
        return render(request, "portal/report.html", context, status=400)
    built = report.city_report(city, year)
    context["report"] = built
    if not pdf:
        return render(request, "portal/report.html", context)
    network_name = built.network.name if built.network is not None else built.place
    html = render_to_string(
        "portal/report_document.html",
        {
            **context,
            "document_header": network_name if city is None else f"{network_name} · {city.name}",
            "generated_on": timezone.localdate(),
            "page_address": request.build_absolute_uri(f"{page_url}?year={year}"),
        },
        request=request,
    )
    place = city.slug if city is not None else "network"
    return pdf_download(html, filename=f"csr-report-{place}-{year}.pdf")


class SearchView(TemplateView):
    """Every public record matching `?q=`, ranked, narrowed by `?kind=`, `?city=`, `?theme=`."""

    template_name = "portal/search.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()
        kind = self.request.GET.get("kind", "")
        city = self.request.GET.get("city", "")
        theme = self.request.GET.get("theme", "")
        results = search.search(query, kind=kind, city=city, theme=theme)
        # A filter value nothing could have offered (a changed link, a typo) says so
        # rather than silently showing everything.
        unknown_kind = bool(kind) and kind not in search.KINDS_BY_KEY
        unknown_city = bool(city) and not City.objects.public().filter(slug=city).exists()
        unknown_theme = bool(theme) and not Theme.objects.public().filter(slug=theme).exists()
        return super().get_context_data(
            query=results.query,
            results=results,
            page_obj=results.page(self.request.GET.get("page")) if results.matches else None,
            kind=kind,
            city=city,
            theme=theme,
            unknown_filter=unknown_kind or unknown_city or unknown_theme,
            **kwargs,
        )
