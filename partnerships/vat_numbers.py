"""An organisation's VAT number: one spelling for one number, and obvious typos refused.

"IT 012.345.678-90", "it01234567890" and "01234567890" are one Italian partita IVA,
stored as its 11 digits; another country's number keeps its two-letter prefix
("DE123456789"), since without it the digits say nothing. The check is modest: the
partita IVA's check digit (a mistyped digit is the common error), and otherwise only
the shape of an EU VAT number — no registry is asked.

A person's codice fiscale (16 characters) is refused: it is personal data, and a
stakeholder is an organisation (an Italian company's codice fiscale is its 11-digit
partita IVA).
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

ITALIAN_DIGITS = re.compile(r"\d{11}")
PERSONAL_TAX_CODE = re.compile(
    r"[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]"
)
# Country code and 2 to 13 letters or digits: the shapes of the EU's VAT numbers.
FOREIGN_VAT_NUMBER = re.compile(r"(?!IT)[A-Z]{2}[0-9A-Z]{2,13}")
# What people type between the groups of digits.
SEPARATORS = re.compile(r"[\s.\-/]")


def normalise_vat_number(value: str) -> str:
    """No spaces or punctuation, upper case, and an Italian number without its "IT"."""
    compact = SEPARATORS.sub("", value or "").upper()
    if compact.startswith("IT") and ITALIAN_DIGITS.fullmatch(compact[2:]):
        return compact[2:]
    return compact


def partita_iva_check_digit_ok(digits: str) -> bool:
    """The 11th digit from the first ten (Luhn): odd places as they are, even places
    doubled with 9 taken off a two-digit result."""
    total = 0
    for place, digit in enumerate(int(character) for character in digits[:10]):
        if place % 2:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return (10 - total % 10) % 10 == int(digits[10])


def validate_vat_number(value: str) -> None:
    number = normalise_vat_number(value)
    if not number:
        return
    if ITALIAN_DIGITS.fullmatch(number):
        if not partita_iva_check_digit_ok(number):
            raise ValidationError(
                _("This partita IVA is not valid: check its 11 digits."), code="check_digit"
            )
        return
    if PERSONAL_TAX_CODE.fullmatch(number):
        raise ValidationError(
            _(
                "This is a person's tax code: enter the organisation's VAT number "
                "(partita IVA, 11 digits)."
            ),
            code="personal",
        )
    if not FOREIGN_VAT_NUMBER.fullmatch(number):
        raise ValidationError(
            _(
                "Enter a VAT number: the 11 digits of a partita IVA, or the country code "
                "and the number for another country (for example DE123456789)."
            ),
            code="invalid",
        )


class VATNumberField(models.CharField):
    """A CharField that validates and stores the normalised spelling, whichever path
    the value comes in by (a form, an import, a service)."""

    default_validators = [validate_vat_number]

    def to_python(self, value: Any) -> str:
        return normalise_vat_number(super().to_python(value) or "")

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return normalise_vat_number(value) if isinstance(value, str) else value
