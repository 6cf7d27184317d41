"""Drafting a partnership agreement in the workspace: choose template and language,
download the DOCX or the PDF (`iap.agreements` fills, checks and records it)."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from iap.agreement_templates import NEED_FIELDS, PARTY_FIELDS, PLACEHOLDERS, shipped_template
from iap.agreements import (
    FORMATS,
    LANGUAGES,
    AgreementTemplate,
    agreement_draft,
    agreement_templates,
    require_may_draft_agreement,
)
from partnerships.bootstrap import BootstrapFormMixin
from partnerships.models import Partnership
from portal.workspace.views import workspace_view


class AgreementForm(BootstrapFormMixin, forms.Form):
    template = forms.ChoiceField(label=_("Template"))
    language = forms.ChoiceField(
        label=_("Language of the draft"),
        choices=[("it", _("Italian")), ("en", _("English"))],
        widget=forms.RadioSelect,
    )
    # Given by the download button pressed (DOCX or PDF), not drawn as a field.
    file_format = forms.ChoiceField(choices=[(name, name.upper()) for name in FORMATS])

    def __init__(self, *args: Any, templates: list[AgreementTemplate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(item.key, item.label) for item in templates]


@workspace_view
def partnership_agreement(request: HttpRequest, pk: int) -> HttpResponseBase:
    # Another city's partnership is "not found"; the city's, without the right, refused.
    partnership = get_object_or_404(
        Partnership.objects.for_user(request.user).select_related("city"), pk=pk
    )
    require_may_draft_agreement(request.user, partnership)
    templates = agreement_templates(partnership)
    language = get_language() if get_language() in LANGUAGES else LANGUAGES[0]
    form = AgreementForm(
        request.POST or None,
        templates=templates,
        initial={"template": templates[0].key, "language": language},
    )
    if form.is_valid():
        try:
            draft = agreement_draft(
                partnership=partnership,
                actor=request.user,
                template_key=form.cleaned_data["template"],
                language=form.cleaned_data["language"],
                file_format=form.cleaned_data["file_format"],
            )
        except ValidationError as error:
            form.add_error("template", error)
        else:
            return FileResponse(
                io.BytesIO(draft.content),
                as_attachment=True,
                filename=draft.filename,
                content_type=draft.content_type,
            )
    return render(
        request,
        "workspace/partnership_agreement.html",
        {
            "partnership": partnership,
            "form": form,
            "participations": partnership.participations.select_related("stakeholder"),
        },
        status=400 if form.errors else 200,
    )


@workspace_view
def agreement_placeholders(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workspace/agreement_placeholders.html",
        {
            "placeholders": PLACEHOLDERS.items(),
            "party_fields": PARTY_FIELDS.items(),
            "need_fields": NEED_FIELDS.items(),
        },
    )


@workspace_view
def agreement_neutral_template(request: HttpRequest, language: str) -> HttpResponseBase:
    """The platform's neutral template, blank: the start of a city's own."""
    if language not in LANGUAGES:
        raise Http404(_("No such template."))
    prefix = _("agreement-template")
    return FileResponse(
        io.BytesIO(shipped_template(language)),
        as_attachment=True,
        filename=f"{prefix}-{language}.docx",
        content_type=FORMATS["docx"],
    )
