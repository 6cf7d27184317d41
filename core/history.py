"""Change history (django-simple-history) for every model of an app, told in words.

Registered from each app's `ready()` rather than with a `HistoricalRecords()`
field: django-modeltranslation adds the `*_it`/`*_en` columns during its own
`ready()`, which runs first, so registering afterwards makes the history record
every language, not only the default one.

Shown in words: "Stato: bozza → pubblicato" (field names and choice labels, not
`status: draft → published`), and a record's history includes the rows edited
on its page (a partner added to a partnership is in the partnership's history).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import AppConfig
from django.db.models import ForeignKey, Model, QuerySet
from django.utils.formats import localize
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history import register
from simple_history.models import ModelChange
from simple_history.template_utils import HistoricalRecordContextHelper

EMPTY = "—"


def register_history(app_config: AppConfig, *, exclude: tuple[str, ...] = ()) -> None:
    # list(): registering adds the historical models to the app while we iterate.
    for model in list(app_config.get_models()):
        if model._meta.object_name not in exclude:
            register(model, app=app_config.label)


class HistoryInWords(HistoricalRecordContextHelper):  # type: ignore[misc]
    """A change as a person reads it: choice labels, yes/no, "—" for nothing."""

    def prepare_delta_change_value(self, change: ModelChange, value: Any) -> Any:
        value = super().prepare_delta_change_value(change, value)
        model_field = self.model._meta.get_field(change.field)
        choices = dict(getattr(model_field, "flatchoices", None) or ())
        if isinstance(value, list):
            return [str(choices.get(item, item)) for item in value] or EMPTY
        if value is None or value == "":
            return EMPTY
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if value in choices:
            return str(choices[value])
        return localize(value)


@dataclass
class RowChange:
    """A change to a row edited on a record's page (an inline), for that record's history."""

    record: Any
    what: str
    changes: list[dict[str, Any]] = field(default_factory=list)


def inline_history(
    parent: type[Model], object_id: Any, row_models: list[type[Model]], scope: Any, limit: int = 100
) -> list[RowChange]:
    """The latest changes, newest first, to the rows of `row_models` that belong to the
    `parent` record `object_id`. `scope` limits a queryset of history records to those
    the reader may see."""
    found: list[RowChange] = []
    for row_model in row_models:
        manager_name = getattr(row_model._meta, "simple_history_manager_attribute", None)
        link = next(
            (
                model_field
                for model_field in row_model._meta.fields
                if isinstance(model_field, ForeignKey) and model_field.related_model is parent
            ),
            None,
        )
        if manager_name is None or link is None:
            continue
        history: QuerySet[Any] = scope(
            getattr(row_model, manager_name).filter(**{link.attname: object_id})
        ).select_related("history_user")
        records = list(history.order_by("-history_date", "-history_id")[:limit])
        for record in records:
            entry = RowChange(
                record=record,
                what=f"{capfirst(row_model._meta.verbose_name)} «{record.history_object}»",
            )
            previous = record.prev_record
            if record.history_type == "~" and previous is not None:
                delta = record.diff_against(previous, foreign_keys_are_objs=True)
                entry.changes = HistoryInWords(row_model, record).context_for_delta_changes(delta)
            found.append(entry)
    found.sort(key=lambda entry: entry.record.history_date, reverse=True)
    return found[:limit]
