"""The personal-data registry: where personal data lives and where it can be copied.

One declaration, read by the erasure of a person, the export of what is stored about
them, the admin's bulk exports and the log redaction, so a new field cannot be
remembered in one of them and forgotten in another.

A model declares, like its `city_path`:

- `personal_fields`: fields that *are* a person's data (name, e-mail, phone, role).
  Erasure blanks them, an export of the person lists them, a log line never shows a
  value under their names, and bulk exports of the model are a coordinator's duty.
- `free_text_fields`: text written by people that may *name* a person (a note of a
  call, a partnership text that once came from a proposal, a contribution). Erasure
  replaces the person's name, e-mail and phone in them with "[erased]".

Translated fields count with their language columns (`title` covers `title_it`,
`title_en`). The change history (django-simple-history) of a model holds the same
fields and is covered with it. Models of other packages are declared in
`EXTERNAL` below: Django's admin log names the objects it records.

Core imports no domain app: the registry reads the declarations from the loaded
models (`django.apps`), so it works once the app registry is ready.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext


def erased_in_words(text: Any) -> str:
    """`text` with the erasure placeholder in the reader's language ("[cancellato]")."""
    return str(text).replace(ERASED, gettext("[erased]")) if text else ""


# Stored as written here, in every language (erasure runs in no request); shown in the
# reader's language by `erased_in_words`.
ERASED = "[erased]"

# Models of other packages: label -> (personal fields, free-text fields).
EXTERNAL: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # "Added contact “Lucia Ferri”": the admin log repeats the object's name.
    "admin.LogEntry": ((), ("object_repr", "change_message")),
}


def _declared(model: type[Model]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    model = getattr(model, "instance_type", model)  # a history model: as its model
    if model._meta.label in EXTERNAL:
        return EXTERNAL[model._meta.label]
    return getattr(model, "personal_fields", ()), getattr(model, "free_text_fields", ())


def _columns(model: type[Model], names: Iterable[str]) -> list[str]:
    """The concrete fields of `model` for the declared `names`, with their languages."""
    from django.conf import settings

    wanted = set(names) | {f"{name}_{code}" for name in names for code, _ in settings.LANGUAGES}
    return [field.name for field in model._meta.concrete_fields if field.name in wanted]


def personal_fields(model: type[Model]) -> list[str]:
    return _columns(model, _declared(model)[0])


def free_text_fields(model: type[Model]) -> list[str]:
    return _columns(model, _declared(model)[1])


def holds_personal_data(model: type[Model]) -> bool:
    return bool(_declared(model)[0])


def registered_models() -> Iterator[type[Model]]:
    """Every installed model (history models included) that holds or may copy personal data."""
    from django.apps import apps

    for model in apps.get_models():
        if any(_declared(model)):
            yield model


_field_names: frozenset[str] | None = None


def field_names() -> frozenset[str]:
    """The names of every personal field: a log line never shows a value under these keys.

    Empty until the models are loaded (the logging configuration is read before).
    """
    global _field_names
    from django.apps import apps

    if _field_names is None:
        if not apps.ready:
            return frozenset()
        _field_names = frozenset(
            name for model in registered_models() for name in personal_fields(model)
        )
    return _field_names


def _replacements(value: str) -> list[tuple[str, str]]:
    # The admin log keeps change messages as JSON, where "è" is written "\u00e8";
    # a slug made from a title naming the person holds their name slugified.
    from django.utils.text import slugify

    pairs = {value: ERASED, json.dumps(value)[1:-1]: ERASED}
    # Lower-case and slug forms only for a value that identifies on its own (a full
    # name, an address): "anna" alone would rewrite "Giovanna" and "annata".
    if len(value.split()) > 1 or "@" in value:
        pairs[value.lower()] = ERASED
        if slug := slugify(value):
            pairs[slug] = "erased"
    return list(pairs.items())


def scrub(
    values: Iterable[str], *, within: Callable[[QuerySet[Any]], QuerySet[Any]] = lambda rows: rows
) -> int:
    """Replace each of `values` (a person's name, e-mail, phone) with "[erased]" in every
    registered text column of every table, change history and admin log included.

    `within` narrows each table's rows (the erasure of a city's contact reaches that
    city's records, and the tables of no city, never another city's records).
    Returns how many rows changed. One UPDATE per column and value, on the rows that
    contain it: erasure is rare, and it must reach rows nobody thought of.
    """
    from django.db.models import F, Value
    from django.db.models.functions import Replace

    changed = 0
    for value in values:
        for old, new in _replacements(value) if value.strip() else []:
            for model in registered_models():
                for column in personal_fields(model) + free_text_fields(model):
                    rows = within(model._base_manager.filter(**{f"{column}__contains": old}))
                    changed += rows.update(**{column: Replace(F(column), Value(old), Value(new))})
    return changed
