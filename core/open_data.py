"""Open data: the public API's records as downloadable CSV and JSON tables.

A dataset is an API endpoint's published records written with the endpoint's own
serializer, so the files hold exactly what the public API shows (never a contact
person). Apps declare their datasets in `<app>/api/open_data.py`, which
`CoreConfig.ready()` imports once every app is loaded; core imports no app.
Files are streamed row by row, so a large set never sits in memory.

Every file is a flat table, one value per cell: records the API nests inside others
(a partnership's participations, an indicator's measurements) are their own
datasets with the key of their parent. This registry is also the one source of the
files' descriptions: the page, the Data Package (`datapackage.json`, Frictionless)
and the DCAT-AP_IT catalogue (`core/dcat.py`) are all written from it.
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
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request

from core.publication import public_filter
from core.spreadsheets import BYTE_ORDER_MARK, safe_cell

# The licence every file is published under (Italian open-data guidelines default). Its
# English name goes into the files' metadata; the page shows it in the reader's language.
LICENCE_NAME = gettext_noop("Creative Commons Attribution 4.0 International (CC BY 4.0)")
LICENCE_ID = "CC-BY-4.0"  # SPDX, as the Data Package standard names licences
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# RFC 8288: the licence of a response, machine-readable, for files and API reads alike.
LICENCE_LINK = f'<{LICENCE_URL}>; rel="license"'
ROWS_PER_QUERY = 500
# Lists of identifiers or addresses in one CSV cell ("school-poverty; food"): neither a
# slug nor a web address contains "; ".
LIST_DELIMITER = "; "
CSV_TRUE, CSV_FALSE = "true", "false"

Column = serializers.Field[Any, Any, Any, Any]


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: Promise | str
    description: Promise | str
    viewset: type[GenericAPIView[Any]]  # a CityScopedViewSet: its reads and serializer
    # EU data themes (publications.europa.eu/resource/authority/data-theme) for DCAT.
    themes: tuple[str, ...] = ("SOCI", "REGI")

    def model(self) -> type[Model]:
        if self.viewset.queryset is None:
            raise ImproperlyConfigured(f"{self.viewset.__name__} has no queryset for a dataset")
        return self.viewset.queryset.model

    def records(self) -> QuerySet[Any]:
        """What the public API lists, read as a visitor: the endpoint's own queryset, with
        the same rule for the records and for the records they link to."""
        self.model()  # a viewset without a queryset is a configuration error
        view = self.viewset()
        view.request = cast(Request, SimpleNamespace(user=AnonymousUser(), method="GET"))
        view.format_kwarg = None
        return view.get_queryset()

    def serializer(self, **kwargs: Any) -> serializers.Serializer[Any]:
        serializer_class = self.viewset.serializer_class
        if serializer_class is None or not issubclass(serializer_class, serializers.Serializer):
            raise ImproperlyConfigured(f"{self.viewset.__name__} has no serializer for a dataset")
        return serializer_class(**kwargs)

    def columns(self) -> dict[str, Column]:
        """The table's columns: the fields the API shows, except records nested in the
        record, which are a dataset of their own (one value per cell)."""
        return {
            name: field
            for name, field in self.serializer().fields.items()
            if not field.write_only and not isinstance(field, serializers.BaseSerializer)
        }

    def rows(self, request: HttpRequest) -> Iterator[dict[str, Any]]:
        columns = self.columns()
        for data in self._serialized(request):
            yield {name: data[name] for name in columns}

    def _serialized(self, request: HttpRequest) -> Iterator[dict[str, Any]]:
        context = {"request": request}
        for record in self.records().iterator(chunk_size=ROWS_PER_QUERY):
            yield self.serializer(instance=record, context=context).data

    def primary_key(self) -> list[str]:
        return ["id"]

    def foreign_keys(self) -> list[dict[str, Any]]:
        """Columns naming a record of another dataset, where that record is always in its
        file: it is public whenever the record naming it is (by the publication rule)."""
        keys = []
        for name, field in self.columns().items():
            if not isinstance(field, serializers.RelatedField) or field.queryset is None:
                continue
            target = dataset_of(field.queryset.model)
            referenced = getattr(field, "slug_field", "id")
            if target is None or referenced not in target.columns():
                continue
            if public_whenever(self.model(), cast(str, field.source), target.model()):
                keys.append(foreign_key(name, target, referenced))
        return keys

    def label(self, name: str, field: Column) -> str:
        """The column's name for readers, in the request's language. DRF names a declared
        field after its attribute, in English ("Themes"): the model field's name is the
        translated one."""
        if "label" not in getattr(field, "_kwargs", {}):
            model = model_of(field.parent)
            if model is not None and field.source in model_field_names(model):
                return verbose_name(model, cast(str, field.source))
        return str(capfirst(field.label or name))

    def fields(self) -> list[FieldDescription]:
        keys = {key["fields"]: key["reference"] for key in self.foreign_keys()}
        return [
            FieldDescription(
                name=name,
                label=self.label(name, field),
                kind=key_kind(keys[name]) if name in keys else field_kind(field),
                help_text=str(field.help_text or ""),
            )
            for name, field in self.columns().items()
        ]


@dataclass(frozen=True)
class NestedDataset(Dataset):
    """Records the API shows only inside a parent dataset's records (a pilot project's
    partners), as a table of their own: the parent's key, then the nested fields.

    `viewset` is the parent's; `nested` names its field holding the records;
    `parent_column` the column (and the parent's field) that names the parent;
    `key` the columns that are unique together.
    """

    nested: str = ""
    parent_column: str = ""
    parent_field: str = "slug"
    key: tuple[str, ...] = ()

    def _nested_serializer(self) -> serializers.Serializer[Any]:
        field = self.serializer().fields[self.nested]
        if not isinstance(field, serializers.ListSerializer):
            raise ImproperlyConfigured(f"{self.nested} is not a list of nested records")
        return cast(serializers.Serializer[Any], field.child)

    def columns(self) -> dict[str, Column]:
        parent = {self.parent_column: self.serializer().fields[self.parent_field]}
        return parent | {
            name: field
            for name, field in self._nested_serializer().fields.items()
            if not field.write_only
        }

    def rows(self, request: HttpRequest) -> Iterator[dict[str, Any]]:
        for data in self._serialized(request):
            for item in data[self.nested]:
                yield {self.parent_column: data[self.parent_field], **item}

    def label(self, name: str, field: Column) -> str:
        nested_model = model_of(self._nested_serializer())
        if name == self.parent_column and nested_model is not None:
            return verbose_name(nested_model, name)
        return super().label(name, field)

    def primary_key(self) -> list[str]:
        return list(self.key)

    def foreign_keys(self) -> list[dict[str, Any]]:
        # Read from the parent's records, so the parent is in its file by construction.
        parent = dataset_of(self.model())
        return [foreign_key(self.parent_column, parent, self.parent_field)] if parent else []


def foreign_key(column: str, target: Dataset, referenced: str) -> dict[str, Any]:
    return {"fields": column, "reference": {"resource": target.slug, "fields": referenced}}


def public_whenever(model: type[Model], path: str, target: type[Model]) -> bool:
    """True when a public `model` record always has a public `target` at `path`: the
    target's publication conditions, seen from `model`, are among the record's own."""
    own = set(public_filter(model).children)
    return set(public_filter(target, through=path).children) <= own


def model_of(serializer: object) -> type[Model] | None:
    """The model a ModelSerializer writes (None for another kind of serializer)."""
    return getattr(getattr(serializer, "Meta", None), "model", None)


def model_field_names(model: type[Model]) -> set[str]:
    return {field.name for field in model._meta.get_fields() if not field.auto_created}


def verbose_name(model: type[Model], name: str) -> str:
    return str(capfirst(getattr(model._meta.get_field(name), "verbose_name", name)))


@dataclass(frozen=True)
class FieldDescription:
    name: str
    label: str
    kind: str
    help_text: str


def key_kind(reference: dict[str, str]) -> str:
    return str(
        _("key: the %(field)s of a row of “%(dataset)s”")
        % {"field": reference["fields"], "dataset": DATASETS[reference["resource"]].title}
    )


def field_kind(field: Column) -> str:
    if isinstance(field, serializers.ManyRelatedField | serializers.ListField):
        return str(_("list, separated by “; ”"))
    if isinstance(field, serializers.DecimalField | serializers.IntegerField):
        return str(_("number"))
    if isinstance(field, serializers.DateTimeField):
        return str(_("date and time (ISO 8601)"))
    if isinstance(field, serializers.DateField):
        return str(_("date (YYYY-MM-DD)"))
    if isinstance(field, serializers.BooleanField):
        # The values as written in the files, whatever the page's language.
        return str(_("“true” or “false”"))
    if isinstance(field, serializers.ChoiceField):
        codes = ", ".join(f"{code} ({label})" for code, label in field.choices.items())
        return str(_("code: %(codes)s") % {"codes": codes})
    if isinstance(field, serializers.RelatedField):
        return str(_("identifier of a related record"))
    if isinstance(field, serializers.URLField | serializers.FileField):
        return str(_("web address"))
    return str(_("text"))


def table_schema_field(name: str, label: str, field: Column) -> dict[str, Any]:
    """The column as a Frictionless Table Schema field (types as the files write them)."""
    described = {"name": name, "title": label}
    if field.help_text:
        described["description"] = str(field.help_text)
    if isinstance(field, serializers.ManyRelatedField):
        by_id = isinstance(field.child_relation, serializers.PrimaryKeyRelatedField)
        item = "integer" if by_id else "string"
        return described | {"type": "list", "delimiter": LIST_DELIMITER, "itemType": item}
    if isinstance(field, serializers.ListField):
        return described | {"type": "list", "delimiter": LIST_DELIMITER, "itemType": "string"}
    if isinstance(field, serializers.BooleanField):
        return described | {"type": "boolean", "trueValues": [CSV_TRUE], "falseValues": [CSV_FALSE]}
    if isinstance(field, serializers.IntegerField | serializers.PrimaryKeyRelatedField):
        return described | {"type": "integer"}
    if isinstance(field, serializers.DecimalField | serializers.FloatField):
        return described | {"type": "number"}
    if isinstance(field, serializers.DateTimeField):
        return described | {"type": "datetime"}
    if isinstance(field, serializers.DateField):
        return described | {"type": "date"}
    if isinstance(field, serializers.ChoiceField):
        codes = list(map(str, field.choices))
        return described | {"type": "string", "constraints": {"enum": codes}}
    if isinstance(field, serializers.URLField | serializers.FileField):
        return described | {"type": "string", "format": "uri"}
    return described | {"type": "string"}


def table_schema(dataset: Dataset) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [
            table_schema_field(name, dataset.label(name, field), field)
            for name, field in dataset.columns().items()
        ],
        "primaryKey": dataset.primary_key(),
    }
    if foreign_keys := dataset.foreign_keys():
        schema["foreignKeys"] = foreign_keys
    return schema


DATASETS: dict[str, Dataset] = {}


def register_dataset(dataset: Dataset) -> None:
    DATASETS[dataset.slug] = dataset


def get_dataset(slug: str) -> Dataset:
    try:
        return DATASETS[slug]
    except KeyError:
        raise Http404(_("No dataset called %(slug)s.") % {"slug": slug}) from None


def dataset_of(model: type[Model]) -> Dataset | None:
    """The dataset whose records are `model`'s (not a table nested in them)."""
    for dataset in DATASETS.values():
        if not isinstance(dataset, NestedDataset) and dataset.model() is model:
            return dataset
    return None


def as_cell(value: object) -> str:
    """One CSV cell: lists joined with "; ", booleans as the schema documents them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return CSV_TRUE if value else CSV_FALSE
    if isinstance(value, list | tuple):
        return LIST_DELIMITER.join(as_cell(item) for item in value)
    return str(value)


class _LineBuffer:
    """csv.writer writes into this and gets the line back, so each row streams out at once."""

    def write(self, line: str) -> str:
        return line


NUMBER_FIELDS = (serializers.DecimalField, serializers.IntegerField, serializers.FloatField)


def csv_lines(dataset: Dataset, request: HttpRequest) -> Iterable[str]:
    writer = csv.writer(_LineBuffer())
    columns = dataset.columns()
    # The serializer writes decimals as text ("-5.00"): a number column is left as it is.
    numbers = {name for name, field in columns.items() if isinstance(field, NUMBER_FIELDS)}
    yield BYTE_ORDER_MARK + writer.writerow(columns)
    for row in dataset.rows(request):
        yield writer.writerow(
            [
                as_cell(value) if name in numbers else safe_cell(as_cell(value))
                for name, value in row.items()
            ]
        )


def json_chunks(dataset: Dataset, request: HttpRequest) -> Iterable[str]:
    yield "["
    separator = "\n"
    for row in dataset.rows(request):
        yield separator + json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False)
        separator = ",\n"
    yield "\n]\n"


FILE_FORMATS = {
    "csv": ("text/csv; charset=utf-8", csv_lines),
    "json": ("application/json; charset=utf-8", json_chunks),
}
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}


def with_licence(response: HttpResponse | StreamingHttpResponse) -> Any:
    response["Link"] = LICENCE_LINK
    return response


def download(request: HttpRequest, dataset: str, file_format: str) -> StreamingHttpResponse:
    content_type, write = FILE_FORMATS[file_format]
    chosen = get_dataset(dataset)
    response = StreamingHttpResponse(write(chosen, request), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="cities4csr-{chosen.slug}-{request.LANGUAGE_CODE}.{file_format}"'
    )
    return cast(StreamingHttpResponse, with_licence(response))


def file_name(dataset: Dataset, file_format: str) -> str:
    """The file's name, which is also its path beside `datapackage.json`."""
    return f"{dataset.slug}.{file_format}"


def file_url(request: HttpRequest, dataset: Dataset, file_format: str) -> str:
    return request.build_absolute_uri(
        reverse(
            "partnerships:open-data-file",
            kwargs={"dataset": dataset.slug, "file_format": file_format},
        )
    )


def licences() -> list[dict[str, str]]:
    return [{"name": LICENCE_ID, "path": LICENCE_URL, "title": LICENCE_NAME}]


def data_package(request: HttpRequest) -> dict[str, Any]:
    """The Frictionless Data Package describing every file, in the request's language.

    Paths are relative to `datapackage.json`, which is served beside the files.
    """
    resources = []
    for dataset in DATASETS.values():
        for file_format in FILE_FORMATS:
            # The CSV file is the tabular resource, named after the dataset (foreign keys
            # point to it). The JSON file holds the same rows under the same schema but is
            # not typed "table": validating JSON tables needs the `frictionless[json]` extra,
            # and `frictionless validate datapackage.json` must pass with plain frictionless.
            tabular = {"name": dataset.slug, "type": "table"}
            resources.append(
                {
                    **(tabular if file_format == "csv" else {"name": f"{dataset.slug}-json"}),
                    "path": file_name(dataset, file_format),
                    "format": file_format,
                    "mediatype": MEDIA_TYPES[file_format],
                    "encoding": "utf-8",
                    "title": str(dataset.title),
                    "description": str(dataset.description),
                    "licenses": licences(),
                    "schema": table_schema(dataset),
                }
            )
    return {
        "name": "cities4csr",
        "title": str(_("CITIES4CSR open data")),
        "description": str(
            _("Public-private CSR partnerships, plans and pilot projects of the CITIES4CSR cities.")
        ),
        "homepage": request.build_absolute_uri(reverse("partnerships:open-data")),
        "licenses": licences(),
        "resources": resources,
    }


def datapackage(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(data_package(request), json_dumps_params={"ensure_ascii": False})
    return cast(JsonResponse, with_licence(response))


class OpenDataView(TemplateView):
    template_name = "partnerships/open_data.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            datasets=DATASETS.values(),
            licence_name=gettext(LICENCE_NAME),
            licence_url=LICENCE_URL,
            **kwargs,
        )
