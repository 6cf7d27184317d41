"""Segments: a city's saved stakeholder filters, opened, shared by link and exported.

A segment is read through `StakeholderFilter` like the list it was saved from, on
the stakeholders of its own city that the reader may see (`for_user`, the one
scoping rule): a link opened by someone of another city is a 404, and a filter
naming something of another city (a tag, a person) selects nothing of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import audit
from core.people import full_name
from core.spreadsheets import SPREADSHEET_TYPES, spreadsheet_bytes
from partnerships.models import Interaction, Proposal, Segment, Stakeholder
from partnerships.services import may_export_personal_data
from portal.workspace import exports
from portal.workspace.forms import DEFAULT_COLUMNS, SegmentForm, StakeholderFilter
from portal.workspace.views import form_refused, workspace_view


def segment_filter(segment: Segment, user: Any, stakeholders: QuerySet) -> StakeholderFilter:
    """The segment's filters on `stakeholders`, bounded by its city and what `user` sees."""
    return StakeholderFilter(
        QueryDict(segment.query),
        queryset=stakeholders.for_user(user).filter(city=segment.city_id),
        user=user,
    )


def in_words(stakeholder_filter: StakeholderFilter) -> list[tuple[str, str]]:
    """Each filter the segment sets, as "label: value" words for its page."""
    form = stakeholder_filter.form
    form.is_valid()
    described = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if name == "sort" or value in (None, "", False, []):
            continue
        if isinstance(field, forms.ModelChoiceField):
            words = full_name(value) if name == "manager" else str(value)
        elif isinstance(field, forms.ChoiceField):
            words = str(dict(field.choices).get(value, value))
        elif isinstance(field, forms.DateField):
            words = formats.date_format(value, "SHORT_DATE_FORMAT")
        else:
            words = str(value)
        described.append((str(field.label), words))
    return described


@workspace_view
def segment_list(request: HttpRequest) -> HttpResponse:
    segments = Segment.objects.for_user(request.user).select_related("city", "created_by")
    return render(request, "workspace/segment_list.html", {"segments": segments})


@workspace_view
@require_POST
def segment_create(request: HttpRequest) -> HttpResponse:
    form = SegmentForm(request.POST, user=request.user)
    if not form.is_valid():
        form_refused(request, form)
        return redirect("workspace:segment-list")
    segment = Segment.objects.create(
        city=form.cleaned_data["city"],
        name=form.cleaned_data["name"],
        query=form.cleaned_data["query"],
        created_by=request.user,
    )
    messages.success(request, _("Segment “%(name)s” saved.") % {"name": segment.name})
    return redirect("workspace:segment-detail", pk=segment.pk)


def _segment(request: HttpRequest, pk: int) -> Segment:
    return get_object_or_404(
        Segment.objects.for_user(request.user).select_related("city", "created_by"), pk=pk
    )


@workspace_view
def segment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    segment = _segment(request, pk)
    stakeholder_filter = segment_filter(
        segment, request.user, Stakeholder.objects.with_engagement()
    )
    page = Paginator(stakeholder_filter.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "workspace/segment_detail.html",
        {
            "segment": segment,
            "filters": in_words(stakeholder_filter),
            "page": page,
            "columns": DEFAULT_COLUMNS,
            "share_url": request.build_absolute_uri(),
            "with_personal_data": may_export_personal_data(request.user, segment.city_id),
        },
    )


EXPORTS: dict[str, tuple[Any, Callable[..., tuple[list[str], Iterable[list[Any]]]]]] = {
    "interactions": (Interaction, exports.interaction_table),
    "proposals": (Proposal, exports.proposal_table),
}


@workspace_view
def segment_export(request: HttpRequest, pk: int, what: str, fmt: str) -> HttpResponse:
    if what not in EXPORTS or fmt not in SPREADSHEET_TYPES:
        raise Http404
    segment = _segment(request, pk)
    stakeholders = segment_filter(segment, request.user, Stakeholder.objects.all()).qs
    personal = may_export_personal_data(request.user, segment.city_id)
    model, table = EXPORTS[what]
    # Scoped twice on purpose: the rows' own scoping, and the segment's stakeholders.
    records = model.objects.for_user(request.user).filter(stakeholder__in=stakeholders.values("pk"))
    headers, rows = table(records, personal=personal)
    if personal:
        audit(
            "segment_export_personal_data",
            user=request.user,
            city=segment.city,
            segment=segment.pk,
            what=what,
        )
    response = HttpResponse(
        spreadsheet_bytes(headers, rows, fmt), content_type=SPREADSHEET_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="segment-{segment.pk}-{what}.{fmt}"'
    return response
