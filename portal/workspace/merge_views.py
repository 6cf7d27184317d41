"""Duplicates in the workspace: the suggestions, the side-by-side merge, the undo.

Both records are fetched through `.for_user(request.user)`, so another city's
organisation is a 404; `partnerships.merging` checks the coordinator's role again.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.people import full_name
from partnerships.merging import (
    MERGE_FIELDS,
    duplicate_suggestions,
    stakeholder_merge_undo,
    stakeholders_merge,
)
from partnerships.models import Stakeholder, StakeholderMerge
from partnerships.scoping import EDITORS, has_city_role
from portal.workspace.views import refused, workspace_view


def _shown(stakeholder: Stakeholder, name: str) -> str:
    """A field's value as the merge screen shows it."""
    value = getattr(stakeholder, name)
    if name == "account_manager":
        return full_name(value) if value else "—"
    if name == "listing_consent":
        return _("Yes") if value else _("No")
    display = getattr(stakeholder, f"get_{name}_display", None)
    return str((display() if display else value) or "—")


class MergeForm(forms.Form):
    """Which record stays (its address and id), and, field by field, whose value it keeps."""

    keep = forms.ChoiceField(label=gettext_lazy("Record to keep"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, first: Stakeholder, second: Stakeholder, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.records = {str(first.pk): first, str(second.pk): second}
        choices = [(str(record.pk), record.name) for record in (first, second)]
        self.fields["keep"].choices = choices
        self.fields["keep"].initial = str(first.pk)
        for name in MERGE_FIELDS:
            self.fields[name] = forms.ChoiceField(
                label=Stakeholder._meta.get_field(name).verbose_name,
                choices=choices,
                initial=str(first.pk),
                widget=forms.RadioSelect,
            )

    def rows(self) -> list[dict[str, Any]]:
        """One row per field: its label, and each record's value beside its radio button."""
        return [
            {
                "field": self[name],
                "cells": [
                    (choice, _shown(record, name))
                    for choice, record in zip(
                        self[name].subwidgets, self.records.values(), strict=True
                    )
                ],
            }
            for name in MERGE_FIELDS
        ]

    def merge_arguments(self) -> dict[str, Any]:
        keep = self.cleaned_data["keep"]
        (other,) = set(self.records) - {keep}
        return {
            "survivor": self.records[keep],
            "duplicate": self.records[other],
            "take_from_duplicate": [
                name for name in MERGE_FIELDS if self.cleaned_data[name] == other
            ],
        }


@workspace_view
def duplicates(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workspace/duplicates.html",
        {"suggestions": duplicate_suggestions(Stakeholder.objects.for_user(request.user))},
    )


@workspace_view
def stakeholders_merge_view(request: HttpRequest, first: int, second: int) -> HttpResponse:
    stakeholders = Stakeholder.objects.for_user(request.user).select_related(
        "city", "account_manager"
    )
    records = [get_object_or_404(stakeholders, pk=pk) for pk in (first, second)]
    form = MergeForm(request.POST or None, first=records[0], second=records[1])
    if request.method == "POST" and form.is_valid():
        try:
            merge = stakeholders_merge(actor=request.user, **form.merge_arguments())
        except (ValidationError, PermissionDenied) as error:
            refused(request, error)
        else:
            messages.success(
                request,
                _("«%(duplicate)s» merged into this record. You can undo it below.")
                % {"duplicate": merge.duplicate_name},
            )
            return redirect("workspace:stakeholder-detail", pk=merge.survivor_id)
    return render(
        request,
        "workspace/stakeholder_merge.html",
        {
            "form": form,
            "records": records,
            "may_merge": has_city_role(request.user, records[0].city_id, EDITORS),
        },
    )


@workspace_view
@require_POST
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    merge = get_object_or_404(StakeholderMerge.objects.for_user(request.user), pk=pk)
    try:
        restored = stakeholder_merge_undo(merge=merge, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        refused(request, error)
        return redirect("workspace:stakeholder-detail", pk=merge.survivor_id)
    messages.success(
        request, _("Merge undone: «%(name)s» is back with its rows.") % {"name": restored.name}
    )
    return redirect("workspace:stakeholder-detail", pk=restored.pk)
