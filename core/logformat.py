"""JSON log lines with personal data and secrets masked.

Kept free of Django imports: the logging configuration loads it while settings
are still being read.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from core import personal_data

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w/.-])\+?\(?\d[\d ()-]{6,}\d(?![\w/.-])")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SECRET_FIELDS = {"password", "token", "secret", "otp", "totp"}


def _mask_phone(match: re.Match[str]) -> str:
    candidate = match.group(0)
    digits = sum(character.isdigit() for character in candidate)
    return candidate if ISO_DATE.fullmatch(candidate) or digits < 8 else "[phone]"


def _redact_item(key: str, item: Any) -> Any:
    if any(word in key.lower() for word in SECRET_FIELDS):
        return "[secret]"
    # A field of the personal-data registry (contact_name, phone…), whatever its shape.
    if key in personal_data.field_names() and item not in (None, ""):
        return "[personal data]"
    return redact(item)


def redact(value: Any) -> Any:
    if isinstance(value, str):
        return PHONE.sub(_mask_phone, EMAIL.sub("[e-mail]", value))
    if isinstance(value, dict):
        return {key: _redact_item(key, item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [redact(item) for item in value]
    return value


class RedactingJsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
            **getattr(record, "audit", {}),
        }
        return json.dumps(redact(entry), ensure_ascii=False, default=str)
