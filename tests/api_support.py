"""What the API tests share: one record of every endpoint in a city, and write payloads.

`ENDPOINTS` names each router endpoint (its basename) with how to make one of its
records in a city, how to make a payload that creates one there, and which field
decides the record's city (to try moving it elsewhere).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from iap.models import IntegratedActionPlan
from partnerships.models import City, PublicationStatus
from portal.demo import factories
from ulg.models import UrbactLocalGroup

DRAFT = PublicationStatus.DRAFT
PUBLISHED = PublicationStatus.PUBLISHED
_unique = itertools.count(1)


def ulg_of(city: City, status: str = PUBLISHED) -> UrbactLocalGroup:
    return UrbactLocalGroup.objects.filter(city=city).first() or (
        factories.UrbactLocalGroupFactory(city=city, publication_status=status)
    )


def iap_of(city: City, status: str = PUBLISHED) -> IntegratedActionPlan:
    return IntegratedActionPlan.objects.filter(city=city).first() or (
        factories.IntegratedActionPlanFactory(city=city, publication_status=status)
    )


def new_slug(prefix: str) -> str:
    return f"{prefix}-{next(_unique)}"


@dataclass(frozen=True)
class Endpoint:
    basename: str
    path: str
    lookup: str  # attribute of a record that its detail URL uses
    make: Callable  # (city, publication status) -> a record of this endpoint in the city
    payload: Callable | None = None  # (city) -> JSON creating a record in the city
    move: Callable | None = None  # (city) -> {field: value} putting a record in the city
    network_wide: bool = False

    def detail(self, record) -> str:
        return f"{self.path}{getattr(record, self.lookup)}/"


def _with_status(city: City, status: str) -> City:
    city.publication_status = status
    city.save()
    return city


def _stakeholder(city, status=PUBLISHED):
    return factories.StakeholderFactory(city=city, listing_consent=status == PUBLISHED)


def _partnership(city, status=PUBLISHED):
    return factories.PartnershipFactory(city=city, publication_status=status)


def need_of(city, status=PUBLISHED):
    return factories.NeedFactory(
        priority=factories.PriorityFactory(city=city),
        slug=new_slug("need"),
        publication_status=status,
    )


ENDPOINTS = [
    Endpoint(
        "city",
        "/api/v1/cities/",
        "slug",
        make=lambda city, status=PUBLISHED: _with_status(city, status),
        payload=lambda city: {
            "name": "Nuova città",
            "slug": new_slug("nuova-citta"),
            "network": city.network_id,
            "country": "IT",
        },
    ),
    Endpoint(
        "theme",
        "/api/v1/themes/",
        "slug",
        make=lambda city, status=PUBLISHED: factories.ThemeFactory(),
        payload=lambda city: {"name": "Nuovo tema", "slug": new_slug("tema")},
        network_wide=True,
    ),
    Endpoint(
        "stakeholder",
        "/api/v1/stakeholders/",
        "slug",
        make=_stakeholder,
        payload=lambda city: {
            "name": "Nuova impresa",
            "slug": new_slug("impresa"),
            "kind": "company",
            "city": city.slug,
        },
        move=lambda city: {"city": city.slug},
    ),
    Endpoint(
        "partnership",
        "/api/v1/partnerships/",
        "slug",
        make=_partnership,
        payload=lambda city: {
            "title": "Nuovo partenariato",
            "slug": new_slug("p"),
            "city": city.slug,
        },
        move=lambda city: {"city": city.slug},
    ),
    Endpoint(
        "participation",
        "/api/v1/participations/",
        "pk",
        make=lambda city, status=PUBLISHED: factories.ParticipationFactory(
            partnership=_partnership(city, status)
        ),
        payload=lambda city: {
            "partnership": _partnership(city).slug,
            "stakeholder": _stakeholder(city).slug,
            "role": "funder",
        },
        move=lambda city: {"partnership": _partnership(city).slug},
    ),
    Endpoint(
        "network-event",
        "/api/v1/network-events/",
        "pk",
        make=lambda city, status=PUBLISHED: factories.NetworkEventFactory(
            network=city.network, host_city=city, publication_status=status
        ),
        payload=lambda city: {
            "network": city.network_id,
            "kind": "csr_academy",
            "slug": new_slug("csr-academy"),
            "title": "CSR Academy",
            "host_city": city.slug,
        },
        move=lambda city: {"host_city": city.slug},
    ),
    Endpoint(
        "ulg",
        "/api/v1/ulgs/",
        "pk",
        make=lambda city, status=PUBLISHED: ulg_of(city, status),
        payload=lambda city: {"city": city.slug, "name": "ULG"},
        move=lambda city: {"city": city.slug},
    ),
    Endpoint(
        "ulg-membership",
        "/api/v1/ulg-memberships/",
        "pk",
        make=lambda city, status=PUBLISHED: factories.MembershipFactory(ulg=ulg_of(city, status)),
        payload=lambda city: {
            "ulg": ulg_of(city).pk,
            "stakeholder": _stakeholder(city).slug,
            "role": "member",
        },
        move=lambda city: {"ulg": ulg_of(city).pk},
    ),
    Endpoint(
        "small-scale-action",
        "/api/v1/small-scale-actions/",
        "slug",
        make=lambda city, status=PUBLISHED: factories.SmallScaleActionFactory(
            ulg=ulg_of(city), publication_status=status
        ),
        payload=lambda city: {"ulg": ulg_of(city).pk, "title": "SSA", "slug": new_slug("ssa")},
        move=lambda city: {"ulg": ulg_of(city).pk},
    ),
    Endpoint(
        "iap",
        "/api/v1/iaps/",
        "pk",
        make=lambda city, status=PUBLISHED: iap_of(city, status),
        payload=lambda city: {"city": city.slug, "title": "Piano"},
        move=lambda city: {"city": city.slug},
    ),
    Endpoint(
        "iap-action",
        "/api/v1/iap-actions/",
        "pk",
        make=lambda city, status=PUBLISHED: factories.ActionFactory(plan=iap_of(city, status)),
        payload=lambda city: {"plan": iap_of(city).pk, "code": "Z9", "title": "Azione"},
        move=lambda city: {"plan": iap_of(city).pk},
    ),
    Endpoint(
        "indicator",
        "/api/v1/indicators/",
        "pk",
        make=lambda city, status=PUBLISHED: factories.IndicatorFactory(plan=iap_of(city, status)),
        payload=lambda city: {"plan": iap_of(city).pk, "name": "Scuole coinvolte"},
        move=lambda city: {"plan": iap_of(city).pk},
    ),
    Endpoint(
        "measurement",
        "/api/v1/measurements/",
        "pk",
        make=lambda city, status=PUBLISHED: factories.MeasurementFactory(
            indicator=factories.IndicatorFactory(plan=iap_of(city, status))
        ),
        payload=lambda city: {
            "indicator": factories.IndicatorFactory(plan=iap_of(city)).pk,
            "date": "2024-01-31",
            "value": "3.00",
        },
        move=lambda city: {"indicator": factories.IndicatorFactory(plan=iap_of(city)).pk},
    ),
    Endpoint(
        "toolbox-resource",
        "/api/v1/toolbox-resources/",
        "slug",
        make=lambda city, status=PUBLISHED: factories.ToolboxResourceFactory(
            city=city, publication_status=status
        ),
        payload=lambda city: {
            "city": city.slug,
            "title": "Modello di accordo",
            "slug": new_slug("modello"),
            "kind": "contract_template",
        },
        move=lambda city: {"city": city.slug},
    ),
    Endpoint(
        "need",
        "/api/v1/needs/",
        "slug",
        make=need_of,
        payload=lambda city: {
            "priority": factories.PriorityFactory(city=city).pk,
            "title": "Volontari per il doposcuola",
            "slug": new_slug("need"),
            "resource_kind": "volunteers",
            "quantity": "10.00",
        },
        move=lambda city: {"priority": factories.PriorityFactory(city=city).pk},
    ),
    Endpoint(
        "pledge",
        "/api/v1/pledges/",
        "pk",
        make=lambda city, status=PUBLISHED: factories.PledgeFactory(need=need_of(city, status)),
        payload=lambda city: {
            "need": need_of(city).slug,
            "stakeholder": _stakeholder(city).slug,
            "quantity_pledged": "3.00",
        },
        move=lambda city: {"need": need_of(city).slug},
    ),
]
ENDPOINTS_BY_NAME = {endpoint.basename: endpoint for endpoint in ENDPOINTS}
CITY_OWNED = [endpoint for endpoint in ENDPOINTS if endpoint.move is not None]


def one_of_each(city: City, status: str = PUBLISHED) -> dict[str, object]:
    """A record of every endpoint in `city` (themes are network-wide)."""
    return {endpoint.basename: endpoint.make(city, status) for endpoint in ENDPOINTS}
