"""Cells that a spreadsheet program will not run: the one guard of every CSV and XLSX we write.

A text cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return, which
some programs skip before reading the rest as a formula) is taken for a formula by
Excel, LibreOffice and Google Sheets: `=HYPERLINK(...)` typed in a stakeholder's
name would run on the computer of whoever opens the export. Following OWASP's CSV
injection advice, such a cell is prefixed with an apostrophe, which spreadsheets
show as text. Numbers are values, not text, and are never prefixed.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Spreadsheet programs read a CSV file as UTF-8 (and keep "città", "attività") only
# when it starts with a byte order mark: every CSV we write starts with it.
BYTE_ORDER_MARK = "\ufeff"


def safe_cell(value: Any) -> Any:
    """`value` ready for a spreadsheet cell: formula-like text gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value
