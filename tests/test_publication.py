"""What is public is the same on every public surface.

One rule (`QuerySet.public()`, read from each model's `publication_parents`):
a record is absent from every page, API endpoint, open-data file, feed and sitemap
when it, its parent or its grand-parent is unpublished.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db.models import Model
from django.urls import reverse

from partnerships.models import PublicationStatus, Stakeholder
from portal.demo import factories

UNMISTAKABLE = "unmistakable-record"


@dataclass(frozen=True)
class Case:
    """A public model: how to make one record, and the records it hangs from."""

    build: Callable[[], Model]
    # From the record: the attribute paths of the records its publication depends on,
    # "" for the record itself, nearest first.
    chain: tuple[str, ...]
    page_list: str = ""  # URL name of the public list showing it
    page_detail: bool = False  # get_absolute_url() is its own public page
    api: str = ""  # the API route
    api_lookup: str = "pk"
    open_data: str = ""  # the open-data dataset slug
    feed: str = ""  # the Atom feed kind
    sitemap: bool = False


CASES = {
    "partnership": Case(
        build=lambda: factories.PartnershipFactory(slug=UNMISTAKABLE),
        chain=("", "city"),
        page_list="partnerships:list",
        page_detail=True,
        api="partnership",
        api_lookup="slug",
        open_data="partnerships",
        feed="partnerships",
        sitemap=True,
    ),
    "participation": Case(
        build=factories.ParticipationFactory,
        chain=("partnership", "partnership.city"),
        api="participation",
        open_data="participations",
    ),
    "stakeholder": Case(
        build=factories.StakeholderFactory,
        chain=("", "city"),
        page_list="partnerships:stakeholder-list",
        api="stakeholder",
        api_lookup="slug",
        open_data="stakeholders",
    ),
    "ulg": Case(
        build=factories.UrbactLocalGroupFactory,
        chain=("", "city"),
        page_detail=True,
        api="ulg",
        sitemap=True,
    ),
    "ulg membership": Case(
        build=factories.MembershipFactory, chain=("ulg", "ulg.city"), api="ulg-membership"
    ),
    "small-scale action": Case(
        build=lambda: factories.SmallScaleActionFactory(slug=UNMISTAKABLE),
        chain=("", "ulg", "ulg.city"),
        page_detail=True,
        api="small-scale-action",
        api_lookup="slug",
        open_data="small-scale-actions",
        feed="small-scale-actions",
        sitemap=True,
    ),
    "iap": Case(
        build=factories.IntegratedActionPlanFactory,
        chain=("", "city"),
        page_detail=True,
        api="iap",
        sitemap=True,
    ),
    "iap action": Case(
        build=factories.ActionFactory,
        chain=("plan", "plan.city"),
        api="iap-action",
        open_data="iap-actions",
    ),
    "indicator": Case(
        build=factories.IndicatorFactory,
        chain=("plan", "plan.city"),
        api="indicator",
        open_data="indicators",
    ),
    "measurement": Case(
        build=factories.MeasurementFactory,
        chain=("indicator.plan", "indicator.plan.city"),
        api="measurement",
        open_data="measurements",
    ),
    "toolbox resource": Case(
        build=factories.ToolboxResourceFactory,
        chain=("", "city"),
        page_list="iap:toolbox",
        api="toolbox-resource",
        api_lookup="slug",
    ),
    "need": Case(
        build=lambda: factories.NeedFactory(slug=UNMISTAKABLE),
        chain=("", "priority", "priority.city"),
        page_list="iap:need-list",
        page_detail=True,
        api="need",
        api_lookup="slug",
        feed="needs",
        sitemap=True,
    ),
    "pledge": Case(
        build=factories.PledgeFactory,
        chain=("need", "need.priority", "need.priority.city"),
        api="pledge",
    ),
}


def shown_on_page_list(client, case: Case, record: Model) -> bool:
    response = client.get(reverse(case.page_list))
    assert response.status_code == 200
    return record in response.context["object_list"]


def shown_on_page_detail(client, case: Case, record: Model) -> bool:
    response = client.get(record.get_absolute_url())
    assert response.status_code in (200, 404)
    return response.status_code == 200


def shown_in_api_list(client, case: Case, record: Model) -> bool:
    response = client.get(reverse(f"api:{case.api}-list"), {"page_size": 100})
    assert response.status_code == 200
    return record.pk in [item["id"] for item in response.json()["results"]]


def shown_in_api_detail(client, case: Case, record: Model) -> bool:
    lookup = getattr(record, case.api_lookup)
    response = client.get(reverse(f"api:{case.api}-detail", args=[lookup]))
    assert response.status_code in (200, 404)
    return response.status_code == 200


def shown_in_open_data(client, case: Case, record: Model) -> bool:
    url = reverse(
        "partnerships:open-data-file", kwargs={"dataset": case.open_data, "file_format": "csv"}
    )
    response = client.get(url)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return str(record.pk) in [row["id"] for row in csv.DictReader(io.StringIO(text))]


def shown_in_feed(client, case: Case, record: Model) -> bool:
    response = client.get(reverse("iap:feed", kwargs={"kind": case.feed}))
    assert response.status_code == 200
    return record.get_absolute_url() in response.content.decode()


def shown_in_sitemap(client, case: Case, record: Model) -> bool:
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    return record.get_absolute_url() in response.content.decode()


SURFACES: dict[str, tuple[Callable[[Case], bool], Callable]] = {
    "page list": (lambda case: bool(case.page_list), shown_on_page_list),
    "page detail": (lambda case: case.page_detail, shown_on_page_detail),
    "api list": (lambda case: bool(case.api), shown_in_api_list),
    "api detail": (lambda case: bool(case.api), shown_in_api_detail),
    "open data": (lambda case: bool(case.open_data), shown_in_open_data),
    "feed": (lambda case: bool(case.feed), shown_in_feed),
    "sitemap": (lambda case: case.sitemap, shown_in_sitemap),
}


def unpublish(record: Model, path: str) -> None:
    """Make the record at `path` from `record` not public by its own rule."""
    target = record
    for hop in filter(None, path.split(".")):
        target = getattr(target, hop)
    if isinstance(target, Stakeholder):
        values = {"listing_consent": False}
    else:
        values = {"publication_status": PublicationStatus.DRAFT}
    type(target).objects.filter(pk=target.pk).update(**values)


def parameters() -> list:
    cases = []
    for model_name, case in CASES.items():
        for surface_name, (applies, _shown) in SURFACES.items():
            if not applies(case):
                continue
            for unpublished in (None, *case.chain):
                what = "nothing" if unpublished is None else (unpublished or "itself")
                cases.append(
                    pytest.param(
                        model_name,
                        surface_name,
                        unpublished,
                        id=f"{model_name}-{surface_name}-{what} unpublished",
                    )
                )
    return cases


@pytest.fixture(autouse=True)
def _no_throttle_carry_over():
    # The anonymous API throttle counts in the cache; each case starts afresh.
    cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize(("model_name", "surface_name", "unpublished"), parameters())
def test_a_record_is_public_only_with_all_its_publication_parents(
    client, model_name, surface_name, unpublished
):
    case = CASES[model_name]
    record = case.build()
    if unpublished is not None:
        unpublish(record, unpublished)
    record.refresh_from_db()
    shown = SURFACES[surface_name][1](client, case, record)
    assert shown is (unpublished is None)
