"""Draft partnership agreements, filled from a partnership's records.

Who may draft (`may_draft_agreement`, the one rule): the city's coordinators (and
network administrators), and an account manager of the city for a partnership in
which a stakeholder they manage takes part. Every draft goes through
`agreement_draft`, which checks that rule, fills the chosen template
(`iap.agreement_templates`) in the chosen language, lays the DOCX out as a PDF if
asked (mammoth's HTML of the filled DOCX, so the PDF says what the DOCX says) and
records the generation in the partnership's change history: who, when, which
template, language and format.

The context holds exactly the names of `PLACEHOLDERS`; a value the records do not
hold is `BLANK` ("________"), a line to fill in, never an invented one.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import mammoth
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from core.audit import audit
from core.pdf import html_to_pdf
from iap.agreement_templates import BLANK, fill_template, shipped_template
from iap.models import Need, ToolboxResource
from partnerships.models import Participation, Partnership
from partnerships.scoping import EDITORS, ENGAGEMENT, has_city_role

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

LANGUAGES = ("it", "en")
NEUTRAL = "neutral"
# "PDF, inglese": a language's name inside a sentence (lower case in Italian).
LANGUAGE_IN_A_SENTENCE = {
    "it": pgettext_lazy("language in a sentence", "Italian"),
    "en": pgettext_lazy("language in a sentence", "English"),
}
FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


# --- who may draft ------------------------------------------------------------


def may_draft_agreement(user: AbstractBaseUser | AnonymousUser, partnership: Partnership) -> bool:
    """The city's coordinators, or an account manager of one of its partners."""
    if has_city_role(user, partnership.city_id, EDITORS):
        return True
    return (
        has_city_role(user, partnership.city_id, ENGAGEMENT)
        and partnership.participations.filter(stakeholder__account_manager=user.pk).exists()
    )


def require_may_draft_agreement(
    user: AbstractBaseUser | AnonymousUser, partnership: Partnership
) -> None:
    if not may_draft_agreement(user, partnership):
        audit(
            "permission denied",
            level=logging.WARNING,
            user=user,
            city=partnership.city.slug,
            action="draft agreement",
            partnership=partnership.pk,
        )
        raise PermissionDenied(
            _(
                "Agreements are drafted by the city's coordinators and by the account "
                "managers of the partnership's partners."
            )
        )


# --- templates ----------------------------------------------------------------


@dataclass(frozen=True)
class AgreementTemplate:
    """A template to draft from: the platform's neutral one, or one of the city's own."""

    key: str
    label: str
    resource: ToolboxResource | None = None

    def source(self, language: str) -> bytes:
        if self.resource is None:
            return shipped_template(language)
        with self.resource.file.open("rb") as stored:
            content: bytes = stored.read()
        return content


def agreement_templates(partnership: Partnership) -> list[AgreementTemplate]:
    """The templates a partnership's agreement can be drafted from, the neutral one first."""
    own = ToolboxResource.objects.filter(
        city=partnership.city_id, kind=ToolboxResource.Kind.AGREEMENT_TEMPLATE
    ).exclude(file="")
    return [
        AgreementTemplate(NEUTRAL, _("The platform's neutral template")),
        *(AgreementTemplate(str(resource.pk), resource.title, resource) for resource in own),
    ]


# --- what fills the placeholders -----------------------------------------------


def agreement_context(partnership: Partnership, language: str) -> dict[str, Any]:
    """The values of `PLACEHOLDERS` for `partnership`, written in `language`."""
    with translation.override(language):
        participations = Participation.objects.filter(partnership=partnership).select_related(
            "stakeholder"
        )
        needs = (
            Need.objects.filter(pledges__partnership=partnership).distinct().order_by("title", "pk")
        )
        return {
            "city_name": partnership.city.name,
            "city_signatory": partnership.city.agreement_signatory or BLANK,
            "partnership_title": partnership.title,
            "partnership_summary": partnership.summary or BLANK,
            "neighbourhood": partnership.neighbourhood or BLANK,
            "objectives": partnership.outcomes or BLANK,
            "start_date": _date(partnership.start_date),
            "end_date": _date(partnership.end_date),
            "drafted_on": _date(timezone.localdate()),
            "themes": "; ".join(theme.name for theme in partnership.themes.all()) or BLANK,
            "sdgs": "; ".join(str(sdg) for sdg in partnership.sdgs.order_by("number")) or BLANK,
            "parties": [
                {
                    "name": participation.stakeholder.name,
                    "kind": str(participation.stakeholder.get_kind_display()) or BLANK,
                    "role": str(participation.get_role_display()) or BLANK,
                    "contribution": participation.contribution or BLANK,
                    "amount": _euros(participation.amount_eur),
                }
                for participation in participations.order_by("stakeholder__name")
            ],
            "needs": [
                {
                    "title": need.title,
                    "kind": str(need.get_resource_kind_display()),
                    "quantity": _quantity(need),
                }
                for need in needs
            ],
        }


def _date(value: dt.date | None) -> str:
    return date_format(value, "DATE_FORMAT") if value else BLANK


def _euros(amount: Decimal | None) -> str:
    if amount is None:
        return BLANK
    return f"{number_format(amount, 2, force_grouping=True)} €"


def _quantity(need: Need) -> str:
    if need.quantity is not None:
        return f"{number_format(need.quantity.normalize())} {need.unit}".strip()
    return _euros(need.amount_eur)


# --- the draft -----------------------------------------------------------------


@dataclass(frozen=True)
class AgreementDraft:
    filename: str
    content_type: str
    content: bytes


def agreement_pdf(docx: bytes, *, language: str, title: str) -> bytes:
    """The PDF of a filled DOCX: its text as mammoth reads it, laid out for print."""
    body = mammoth.convert_to_html(io.BytesIO(docx)).value
    html = render_to_string(
        "documents/agreement.html",
        # mammoth writes escaped HTML of the document's own text.
        {"body": mark_safe(body), "language": language, "title": title},  # noqa: S308
    )
    return html_to_pdf(html)


@transaction.atomic
def agreement_draft(
    *,
    partnership: Partnership,
    actor: AbstractBaseUser,
    template_key: str,
    language: str,
    file_format: str,
) -> AgreementDraft:
    """Fill a template from `partnership` and record it in the partnership's history.

    Raises PermissionDenied for someone who may not draft it, ValidationError (naming
    the placeholder or the problem) for a template that cannot be filled.
    """
    require_may_draft_agreement(actor, partnership)
    if language not in LANGUAGES or file_format not in FORMATS:
        raise ValidationError(_("Choose a language and a format among those offered."))
    template = next(
        (item for item in agreement_templates(partnership) if item.key == template_key), None
    )
    if template is None:
        raise ValidationError(_("Choose one of the templates offered for this city."))
    docx = fill_template(template.source(language), agreement_context(partnership, language))
    with translation.override(language):
        title = _("Draft agreement: %(title)s") % {"title": partnership.title}
        prefix = _("draft-agreement")
    name = f"{prefix}-{partnership.slug}-{language}.{file_format}"
    content = docx if file_format == "docx" else agreement_pdf(docx, language=language, title=title)
    _record_in_history(partnership, actor, template, language, file_format)
    return AgreementDraft(name, FORMATS[file_format], content)


def _record_in_history(
    partnership: Partnership,
    actor: AbstractBaseUser,
    template: AgreementTemplate,
    language: str,
    file_format: str,
) -> None:
    """A version of the partnership, unchanged, whose comment says what was drafted.

    The history's comment is stored text: written in the site's first language, the
    one the coordinators' history pages are read in.
    """
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("Agreement drafted: %(format)s, %(language)s, template “%(template)s”") % {
            "format": file_format.upper(),
            "language": LANGUAGE_IN_A_SENTENCE[language],
            "template": Truncator(template.label).chars(40),
        }
    partnership.history.bulk_history_create(
        [partnership],
        update=True,
        default_user=actor,
        default_change_reason=Truncator(reason).chars(100),
        default_date=timezone.now(),
    )
