"""Open data: the public API's records as downloadable CSV and JSON files.

A dataset is an API endpoint's published records written with the endpoint's own
serializer, so the files hold exactly what the public API shows (never a contact
person). Apps declare their datasets in `<app>/api/open_data.py`, which
`CoreConfig.ready()` imports once every app is loaded; core imports no app.
Files are streamed row by row, so a large set never sits in memory.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request

from core.spreadsheets import safe_cell

# The licence every file is published under (Italian open-data guidelines default).
LICENCE_NAME = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ROWS_PER_QUERY = 500
# Spreadsheet programs read a CSV file as UTF-8 (and keep "città", "attività") only
# when it starts with a byte order mark.
BYTE_ORDER_MARK = "\ufeff"


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: Promise | str
    description: Promise | str
    viewset: type[GenericAPIView[Any]]  # a CityScopedViewSet: its reads and serializer

    def records(self) -> QuerySet[Any]:
        """What the public API lists, read as a visitor: the endpoint's own queryset, with
        the same rule for the records and for the records they link to."""
        if self.viewset.queryset is None:
            raise ImproperlyConfigured(f"{self.viewset.__name__} has no queryset for a dataset")
        view = self.viewset()
        view.request = cast(Request, SimpleNamespace(user=AnonymousUser(), method="GET"))
        view.format_kwarg = None
        return view.get_queryset()

    def serializer(self, **kwargs: Any) -> serializers.Serializer[Any]:
        serializer_class = self.viewset.serializer_class
        if serializer_class is None or not issubclass(serializer_class, serializers.Serializer):
            raise ImproperlyConfigured(f"{self.viewset.__name__} has no serializer for a dataset")
        return serializer_class(**kwargs)

    def fields(self) -> list[FieldDescription]:
        return [
            FieldDescription.of(name, field)
            for name, field in self.serializer().fields.items()
            if not field.write_only
        ]


@dataclass(frozen=True)
class FieldDescription:
    name: str
    label: str
    kind: str
    help_text: str

    @classmethod
    def of(cls, name: str, field: serializers.Field[Any, Any, Any, Any]) -> FieldDescription:
        return cls(
            name=name,
            label=str(field.label or name),
            kind=field_kind(field),
            help_text=str(field.help_text or ""),
        )


def field_kind(field: serializers.Field[Any, Any, Any, Any]) -> str:
    if isinstance(field, serializers.ListSerializer | serializers.ManyRelatedField):
        return str(_("list"))
    if isinstance(field, serializers.ListField):
        return str(_("list of web addresses"))
    if isinstance(field, serializers.DecimalField | serializers.IntegerField):
        return str(_("number"))
    if isinstance(field, serializers.DateTimeField):
        return str(_("date and time (ISO 8601)"))
    if isinstance(field, serializers.DateField):
        return str(_("date (YYYY-MM-DD)"))
    if isinstance(field, serializers.BooleanField):
        return str(_("true / false"))
    if isinstance(field, serializers.ChoiceField):
        return str(_("code: %(codes)s") % {"codes": ", ".join(map(str, field.choices))})
    if isinstance(field, serializers.RelatedField):
        return str(_("identifier of a related record"))
    return str(_("text"))


DATASETS: dict[str, Dataset] = {}


def register_dataset(dataset: Dataset) -> None:
    DATASETS[dataset.slug] = dataset


def get_dataset(slug: str) -> Dataset:
    try:
        return DATASETS[slug]
    except KeyError:
        raise Http404(_("No dataset called %(slug)s.") % {"slug": slug}) from None


def serialized_rows(dataset: Dataset, request: HttpRequest) -> Iterator[dict[str, Any]]:
    context = {"request": request}
    for record in dataset.records().iterator(chunk_size=ROWS_PER_QUERY):
        yield dataset.serializer(instance=record, context=context).data


def as_cell(value: object) -> str:
    """One CSV cell: lists joined with "; ", nested records as "a / b / c"."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return " / ".join(as_cell(item) for item in value.values() if item not in (None, ""))
    if isinstance(value, list | tuple):
        return "; ".join(as_cell(item) for item in value)
    return str(value)


class _LineBuffer:
    """csv.writer writes into this and gets the line back, so each row streams out at once."""

    def write(self, line: str) -> str:
        return line


NUMBER_FIELDS = (serializers.DecimalField, serializers.IntegerField, serializers.FloatField)


def csv_lines(dataset: Dataset, request: HttpRequest) -> Iterable[str]:
    writer = csv.writer(_LineBuffer())
    fields = {
        name: field for name, field in dataset.serializer().fields.items() if not field.write_only
    }
    # The serializer writes decimals as text ("-5.00"): a number column is left as it is.
    numbers = {name for name, field in fields.items() if isinstance(field, NUMBER_FIELDS)}
    yield BYTE_ORDER_MARK + writer.writerow(fields)
    for row in serialized_rows(dataset, request):
        yield writer.writerow(
            [
                as_cell(row.get(name)) if name in numbers else safe_cell(as_cell(row.get(name)))
                for name in fields
            ]
        )


def json_chunks(dataset: Dataset, request: HttpRequest) -> Iterable[str]:
    yield "["
    separator = "\n"
    for row in serialized_rows(dataset, request):
        yield separator + json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False)
        separator = ",\n"
    yield "\n]\n"


FILE_FORMATS = {
    "csv": ("text/csv; charset=utf-8", csv_lines),
    "json": ("application/json; charset=utf-8", json_chunks),
}


def download(request: HttpRequest, dataset: str, file_format: str) -> StreamingHttpResponse:
    content_type, write = FILE_FORMATS[file_format]
    chosen = get_dataset(dataset)
    response = StreamingHttpResponse(write(chosen, request), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="cities4csr-{chosen.slug}-{request.LANGUAGE_CODE}.{file_format}"'
    )
    return response


class OpenDataView(TemplateView):
    template_name = "partnerships/open_data.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            datasets=DATASETS.values(),
            licence_name=LICENCE_NAME,
            licence_url=LICENCE_URL,
            **kwargs,
        )
