"""Agreement templates: DOCX files with docxtpl placeholders, and the one way to fill them.

`PLACEHOLDERS` is the whole vocabulary a template may use; the coordinators' help
page lists it and `iap.agreements.agreement_context` provides exactly these names.
A template that uses any other name, or that is not a document docxtpl can read, is
refused with an error naming the problem: at upload (`check_agreement_template_file`,
from `ToolboxResource.clean`) and again when filling (`fill_template`), so no one
ever gets a half-filled document.

Filling runs Jinja in its sandbox (a city's uploaded template cannot reach Python
objects' internals), with StrictUndefined (a missing name is an error, not an empty
string) and autoescape (a partner's name containing "<" or "&" stays text and cannot
break or inject into the document's XML). The neutral templates in this folder
(it.docx, en.docx) are written by scripts/build_agreement_templates.py.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.translation import gettext_lazy as _
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from lxml.etree import XMLSyntaxError

FOLDER = Path(__file__).resolve().parent
# What a value the records do not hold reads as: a line to fill in, not invented data.
BLANK = "________"

PLACEHOLDERS: dict[str, Any] = {
    "city_name": _("The city's name."),
    "city_signatory": _(
        "Who signs for the city: the city's “agreement signatory” (edited on the city's page "
        "in the admin)."
    ),
    "partnership_title": _("The partnership's title."),
    "partnership_summary": _("The partnership's summary: the object of the agreement."),
    "neighbourhood": _("The place or neighbourhood of the partnership."),
    "objectives": _("The partnership's expected outcomes."),
    "start_date": _("The partnership's start date."),
    "end_date": _("The partnership's end date."),
    "drafted_on": _("The date the draft is generated."),
    "themes": _("The partnership's themes, separated by semicolons."),
    "sdgs": _("The UN Sustainable Development Goals, separated by semicolons."),
    "parties": _(
        "The partners, a list to go through with {%p for party in parties %} … "
        "{%p endfor %}; each has the fields below."
    ),
    "needs": _(
        "The city's needs the partnership answers (through its pledges), a list to go "
        "through with {%p for need in needs %} … {%p endfor %}; each has the fields below."
    ),
}
PARTY_FIELDS: dict[str, Any] = {
    "name": _("The organisation's name."),
    "kind": _("Its kind (company, foundation, association or NGO, …)."),
    "role": _("Its role in the partnership (promoter, funder, implementer, …)."),
    "contribution": _("What it contributes."),
    "amount": _("The amount it contributes, in euros."),
}
NEED_FIELDS: dict[str, Any] = {
    "title": _("The need's title."),
    "kind": _("What is needed (money, volunteers, goods, skills, space)."),
    "quantity": _("How much is needed, with its unit."),
}

# Filled into an uploaded template to prove it before it is stored: every name and
# every field of a list item, so a misspelt field ("party.nmae") is caught too.
SAMPLE_CONTEXT: dict[str, Any] = {
    **dict.fromkeys(PLACEHOLDERS, "x"),
    "parties": [dict.fromkeys(PARTY_FIELDS, "x")],
    "needs": [dict.fromkeys(NEED_FIELDS, "x")],
}

_MISSING_NAME = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


def shipped_template(language: str) -> bytes:
    """The platform's neutral template in `language` (it or en)."""
    return (FOLDER / f"{language}.docx").read_bytes()


def fill_template(source: bytes, context: dict[str, Any]) -> bytes:
    """The DOCX `source` filled with `context`; ValidationError naming any problem."""
    environment = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    try:
        template = DocxTemplate(io.BytesIO(source))
        unknown = template.get_undeclared_template_variables(environment, context)
        if unknown:
            raise _unknown_placeholders(unknown)
        template.render(context, environment, autoescape=True)
        output = io.BytesIO()
        template.save(output)
    except UndefinedError as error:
        match = _MISSING_NAME.search(str(error.message))
        name = next((group for group in match.groups() if group), "") if match else ""
        raise _unknown_placeholders({name or str(error.message)}) from error
    except TemplateSyntaxError as error:
        raise ValidationError(
            _("The template has a placeholder written wrongly: %(problem)s."),
            code="template_syntax",
            params={"problem": error.message},
        ) from error
    except TemplateError as error:  # e.g. the sandbox refused an attribute
        raise ValidationError(
            _("The template cannot be filled: %(problem)s."),
            code="template_error",
            params={"problem": error.message},
        ) from error
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        XMLSyntaxError,
    ) as error:  # noqa: E501
        raise ValidationError(
            _("The template is not a Word document (DOCX) that placeholders can fill."),
            code="not_a_template",
        ) from error
    return output.getvalue()


def _unknown_placeholders(names: set[str]) -> ValidationError:
    return ValidationError(
        _("The template uses placeholders the platform does not know: %(names)s."),
        code="unknown_placeholder",
        params={"names": ", ".join(sorted(names))},
    )


def check_agreement_template_file(upload: File[Any] | None) -> None:
    """A toolbox entry of kind "agreement template" holds a DOCX the platform can fill."""
    if not upload:
        raise ValidationError(
            {"file": _("An agreement template needs its DOCX file.")}, code="required"
        )
    if not (upload.name or "").lower().endswith(".docx"):
        raise ValidationError({"file": _("An agreement template is a DOCX file.")}, code="docx")
    upload.open("rb")
    upload.seek(0)
    source = upload.read()
    upload.seek(0)
    try:
        fill_template(source, SAMPLE_CONTEXT)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
