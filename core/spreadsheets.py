"""Spreadsheets in and out: cells a spreadsheet program will not run (the one guard of
every CSV and XLSX we write), and files as Italian offices save them (below).

A text cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return, which
some programs skip before reading the rest as a formula) is taken for a formula by
Excel, LibreOffice and Google Sheets: `=HYPERLINK(...)` typed in a stakeholder's
name would run on the computer of whoever opens the export. Following OWASP's CSV
injection advice, such a cell is prefixed with an apostrophe, which spreadsheets
show as text. Numbers are values, not text, and are never prefixed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import tablib
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import widgets
from import_export.formats.base_formats import CSV

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Spreadsheet programs read a CSV file as UTF-8 (and keep "città", "attività") only
# when it starts with a byte order mark: every CSV we write starts with it.
BYTE_ORDER_MARK = "\ufeff"


def safe_cell(value: Any) -> Any:
    """`value` ready for a spreadsheet cell: formula-like text gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


SPREADSHEET_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def spreadsheet_bytes(headers: list[str], rows: Iterable[Iterable[Any]], fmt: str) -> bytes:
    """A table as a CSV (with its byte order mark) or XLSX file, every cell `safe_cell`."""
    dataset = tablib.Dataset(headers=[safe_cell(str(header)) for header in headers])
    for row in rows:
        dataset.append([safe_cell(value) for value in row])
    if fmt == "csv":
        return (BYTE_ORDER_MARK + str(dataset.export("csv"))).encode()
    exported: bytes = dataset.export("xlsx")
    return exported


# --- reading what Italian offices write ------------------------------------------------
#
# Excel in an Italian locale saves "CSV" with semicolons, in UTF-8 with a BOM ("CSV
# UTF-8") or in Windows-1252 ("CSV (delimitato dal separatore di elenco)"), with the
# column names people read on screen ("Nome", "Tipo") and the labels of choices
# ("azienda"). Reading accepts all of these; errors come back as a table of row,
# column, value and message, never as a traceback.

DELIMITERS = (";", ",", "\t")


def read_text(data: bytes | str) -> str:
    """The file's text: UTF-8 (with or without BOM), else Windows-1252 (never fails)."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(text: str) -> str:
    """The separator of the header line: the one of `;`, `,`, tab it holds most of."""
    header = text.split("\n", 1)[0]
    return max(DELIMITERS, key=header.count) if any(d in header for d in DELIMITERS) else ","


class OfficeCSV(CSV):  # type: ignore[misc]
    """CSV as offices save it: comma or semicolon, UTF-8 or Windows-1252.

    Read as bytes (is_binary), so the encoding is decided here, from the file."""

    def is_binary(self) -> bool:
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def create_dataset(self, in_stream: bytes | str, **kwargs: Any) -> tablib.Dataset:
        text = read_text(in_stream)
        return tablib.Dataset().load(text, format="csv", delimiter=sniff_delimiter(text))


def normalise(text: Any) -> str:
    """A header or a label as typed by anyone: no case, accents or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().replace("_", " ").split())


def labels_in_every_language(label: Any) -> set[str]:
    """A lazy label (a verbose name, a choice) in each language of the site, normalised."""
    found = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found.add(normalise(label))
    return found


class ChoiceLabelWidget(widgets.Widget):  # type: ignore[misc]
    """A choice read by its value ("company") or its label in any language ("Azienda",
    "azienda"), written as its label; an unknown one is refused with the valid labels."""

    def __init__(self, choices: Any, synonyms: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.choices = list(choices)
        # Other words offices write for a choice ("azienda" for a company).
        self.synonyms = {normalise(word): value for word, value in (synonyms or {}).items()}

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        if value is None or str(value).strip() == "":
            return ""
        typed = normalise(value)
        if typed in self.synonyms:
            return self.synonyms[typed]
        for stored, label in self.choices:
            if typed == normalise(stored) or typed in labels_in_every_language(label):
                return str(stored)
        raise ValueError(
            _("“%(value)s” is not one of: %(valid)s.")
            % {"value": value, "valid": ", ".join(str(label) for _s, label in self.choices)}
        )

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return str(dict(self.choices).get(value, value or ""))


@dataclass
class ImportProblem:
    """One line of the table of an import's errors."""

    row: int | None
    column: str
    value: str
    message: str


def import_errors(result: Any) -> list[ImportProblem]:
    """The errors of an import (django-import-export's Result) as rows of a table: the
    row number as a spreadsheet shows it (the header is row 1), the column's name as in
    the file, the value found, the message."""
    # An invalid row's values are in the order of the resource's columns (diff_headers).
    headers: list[str] = list(result.diff_headers)
    labels: dict[str, str] = getattr(result, "column_labels", {})
    table = [ImportProblem(None, "", "", str(error.error)) for error in result.base_errors]
    for line, errors in result.row_errors():
        table += [ImportProblem(line + 1, "", "", str(error.error)) for error in errors]
    for row in result.invalid_rows:
        for field_name, messages in row.error_dict.items():
            column = labels.get(field_name, "")
            index = headers.index(column) if column in headers else None
            value = row.values[index] if index is not None and index < len(row.values) else ""
            table += [
                ImportProblem(row.number + 1, column, "" if value is None else str(value), message)
                for message in messages
            ]
    return table
