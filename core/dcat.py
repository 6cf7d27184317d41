"""The open data as a DCAT-AP_IT catalogue (JSON-LD), for Italy's national portal.

dati.gov.it harvests a catalogue describing each dataset (one per file table of
`core.open_data`), its distributions (the CSV and JSON files, with absolute
addresses), publisher, licence, themes and date of last change. It is written from
the same registry as the files and the Data Package, so it cannot describe other data.
Profile: DCAT-AP_IT 1.1 (https://www.dati.gov.it/onto/dcatapit).
"""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rest_framework.request import Request

from core.open_data import (
    DATASETS,
    FILE_FORMATS,
    LICENCE_NAME,
    LICENCE_URL,
    MEDIA_TYPES,
    Dataset,
    file_url,
    with_licence,
)

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcatapit": "http://dati.gov.it/onto/dcatapit#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
# The EU controlled vocabularies DCAT-AP_IT requires (publications.europa.eu).
EU_AUTHORITY = "http://publications.europa.eu/resource/authority"
DATA_THEME = f"{EU_AUTHORITY}/data-theme"
FILE_TYPES = {"csv": f"{EU_AUTHORITY}/file-type/CSV", "json": f"{EU_AUTHORITY}/file-type/JSON"}
LANGUAGE_URIS = {"it": f"{EU_AUTHORITY}/language/ITA", "en": f"{EU_AUTHORITY}/language/ENG"}
# Records change when the cities' staff publish, not on a schedule.
IRREGULAR = f"{EU_AUTHORITY}/frequency/IRREG"
# ADMS licence type of CC BY: reuse allowed with attribution.
ATTRIBUTION = "http://purl.org/adms/licencetype/Attribution"


def in_every_language(text: Promise | str) -> list[dict[str, str]]:
    values = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            values.append({"@value": str(text), "@language": code})
    return values


def date(moment: datetime) -> dict[str, str]:
    return {"@value": timezone.localdate(moment).isoformat(), "@type": "xsd:date"}


def last_changed(dataset: Dataset) -> datetime | None:
    """When a record of the dataset (or one it shows) last changed: the endpoint's own
    Last-Modified, from the change history."""
    view = dataset.viewset()
    view.request = cast(Request, SimpleNamespace(user=AnonymousUser(), method="GET"))
    last_modified = getattr(view, "last_modified", None)
    return last_modified() if last_modified is not None else None


def identifier(dataset: Dataset) -> str:
    # DCAT-AP_IT: "<IPA code of the publisher>:<the publisher's own identifier>".
    local = f"cities4csr-{dataset.slug}"
    code = settings.OPEN_DATA_PUBLISHER_IPA_CODE
    return f"{code}:{local}" if code else local


def catalogue(request: HttpRequest) -> dict[str, Any]:
    page = request.build_absolute_uri(reverse("partnerships:open-data"))
    publisher = {"@id": f"{page}#publisher"}
    licence = {"@id": LICENCE_URL}
    contact = {"@id": f"{page}#contact"}
    graph: list[dict[str, Any]] = []
    changes = []
    for dataset in DATASETS.values():
        landing = f"{page}#{dataset.slug}"
        distributions = []
        for file_format in FILE_FORMATS:
            url = file_url(request, dataset, file_format)
            distributions.append({"@id": url})
            graph.append(
                {
                    "@id": url,
                    "@type": ["dcat:Distribution", "dcatapit:Distribution"],
                    "dct:title": in_every_language(dataset.title),
                    "dct:format": {"@id": FILE_TYPES[file_format]},
                    "dcat:mediaType": MEDIA_TYPES[file_format],
                    "dcat:accessURL": {"@id": landing},
                    "dcat:downloadURL": {"@id": url},
                    "dct:license": licence,
                }
            )
        described = {
            "@id": landing,
            "@type": ["dcat:Dataset", "dcatapit:Dataset"],
            "dct:identifier": identifier(dataset),
            "dct:title": in_every_language(dataset.title),
            "dct:description": in_every_language(dataset.description),
            "dcat:theme": [{"@id": f"{DATA_THEME}/{theme}"} for theme in dataset.themes],
            "dct:publisher": publisher,
            "dct:rightsHolder": publisher,
            "dcat:contactPoint": contact,
            "dct:accrualPeriodicity": {"@id": IRREGULAR},
            "dct:language": [{"@id": uri} for uri in LANGUAGE_URIS.values()],
            "dcat:landingPage": {"@id": landing},
            "dcat:distribution": distributions,
        }
        if (changed := last_changed(dataset)) is not None:
            described["dct:modified"] = date(changed)
            changes.append(changed)
        graph.append(described)
    catalogue_node: dict[str, Any] = {
        "@id": request.build_absolute_uri(reverse("partnerships:open-data-catalogue")),
        "@type": ["dcat:Catalog", "dcatapit:Catalog"],
        "dct:title": in_every_language(_("CITIES4CSR open data")),
        "dct:description": in_every_language(
            _("Public-private CSR partnerships, plans and pilot projects of the CITIES4CSR cities.")
        ),
        "dct:publisher": publisher,
        "foaf:homepage": {"@id": page},
        "dct:language": [{"@id": uri} for uri in LANGUAGE_URIS.values()],
        "dct:license": licence,
        "dcat:themeTaxonomy": {"@id": DATA_THEME},
        "dcat:dataset": [{"@id": f"{page}#{slug}"} for slug in DATASETS],
    }
    if changes:
        catalogue_node["dct:modified"] = date(max(changes))
    agent: dict[str, Any] = {
        "@id": publisher["@id"],
        "@type": ["foaf:Agent", "dcatapit:Agent"],
        "foaf:name": settings.OPEN_DATA_PUBLISHER_NAME,
    }
    if settings.OPEN_DATA_PUBLISHER_IPA_CODE:
        agent["dct:identifier"] = settings.OPEN_DATA_PUBLISHER_IPA_CODE
    contact_point: dict[str, Any] = {
        "@id": contact["@id"],
        "@type": ["vcard:Organization", "dcatapit:Organization"],
        "vcard:fn": settings.OPEN_DATA_PUBLISHER_NAME,
        "vcard:hasURL": {"@id": page},
    }
    if settings.OPEN_DATA_CONTACT_EMAIL:
        contact_point["vcard:hasEmail"] = {"@id": f"mailto:{settings.OPEN_DATA_CONTACT_EMAIL}"}
    graph[:0] = [
        catalogue_node,
        agent,
        contact_point,
        {
            "@id": LICENCE_URL,
            "@type": ["dct:LicenseDocument", "dcatapit:LicenseDocument"],
            "dct:type": {"@id": ATTRIBUTION},
            "foaf:name": LICENCE_NAME,
        },
    ]
    return {"@context": CONTEXT, "@graph": graph}


def catalogue_view(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(
        catalogue(request),
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False},
    )
    return cast(JsonResponse, with_licence(response))
