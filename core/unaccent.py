"""Accent-blind text search and sorting on SQLite and PostgreSQL.

Search: `field__unaccent__icontains`. Sorting: `reading_order(field)`, so "Ķekava" sorts
under K and "ábside" under A, whatever the database's collation (SQLite compares bytes,
which puts every accented capital after "z"); `translated_order(field)` sorts by the
page's language with the default language's text where a translation is missing.

A reader types "Qubi" and expects "Qubì"; a name may carry "Ķ" or "ø". The `unaccent`
transform strips accents from the column and `strip_accents` from the searched text,
then `icontains` ignores case.

- PostgreSQL: the `unaccent` extension's function (created by core's migration 0003).
- SQLite: a Python function of the same name, registered on every new connection.

Both map the letters that have no accent to decompose (ł, ø, đ, ß, æ, œ) as
PostgreSQL's unaccent rules do, so the two databases find the same records.
"""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models import CharField, F, Func, TextField, Transform, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils import translation

# Letters NFKD leaves whole; PostgreSQL's unaccent.rules spell them so.
_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
    }
)


def strip_accents(text: str | None) -> str | None:
    """`text` without diacritics: "Qubì" → "Qubi", "Ķekava" → "Kekava", "Łódź" → "Lodz"."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class Unaccent(Transform):
    lookup_name = "unaccent"
    function = "UNACCENT"


CharField.register_lookup(Unaccent)
TextField.register_lookup(Unaccent)


def register_sqlite_function(
    sender: object, connection: BaseDatabaseWrapper, **kwargs: object
) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("UNACCENT", 1, strip_accents, deterministic=True)


connection_created.connect(register_sqlite_function)


def reading_order(field: str, fallback: str | None = None) -> Func:
    """An `order_by` key for a text column as a reader expects, blind to accents and case.

    With `fallback`, rows whose `field` is empty sort by the `fallback` column instead.
    """
    text = Coalesce(NullIf(F(field), Value("")), F(fallback)) if fallback else F(field)
    return Lower(Unaccent(text))


def translated_order(field: str) -> Func:
    """`reading_order` of a translated field (django-modeltranslation) in the active
    language, with the default language's text where the translation is empty: the
    text the page shows."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    language = translation.get_language() or default
    if language == default:
        return reading_order(f"{field}_{default}")
    return reading_order(f"{field}_{language}", fallback=f"{field}_{default}")
