"""A segment's interactions and proposals as spreadsheets (CSV, XLSX).

What may leave: the rows of the stakeholders the segment selects, in its city (the
caller passes querysets already scoped to the user). A contact's name, e-mail and
phone (the models' `personal_fields`) are columns only for those who may take
personal data away (`partnerships.services.may_export_personal_data`, the one
rule); every cell goes through `core.spreadsheets.safe_cell`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core import personal_data
from core.people import full_name
from partnerships.models import Interaction, Proposal


def _label(model: type, field: str) -> str:
    return str(model._meta.get_field(field).verbose_name).capitalize()


def interaction_table(
    interactions: QuerySet[Interaction], *, personal: bool
) -> tuple[list[str], Iterator[list[Any]]]:
    headers = [
        _label(Interaction, "date"),
        _label(Interaction, "kind"),
        _label(Interaction, "stakeholder"),
        *([_label(Interaction, "contact")] if personal else []),
        _label(Interaction, "partnership"),
        _label(Interaction, "owner"),
        _label(Interaction, "summary"),
        _label(Interaction, "follow_up_date"),
        _label(Interaction, "follow_up_action"),
        _label(Interaction, "follow_up_done"),
    ]
    interactions = interactions.select_related("stakeholder", "contact", "partnership", "owner")

    def rows() -> Iterator[list[Any]]:
        for interaction in interactions.order_by("-date", "-pk").iterator(chunk_size=2000):
            yield [
                interaction.date,
                interaction.get_kind_display(),
                interaction.stakeholder.name,
                *([str(interaction.contact or "")] if personal else []),
                str(interaction.partnership or ""),
                full_name(interaction.owner),
                interaction.summary,
                interaction.follow_up_date,
                interaction.follow_up_action,
                _("yes") if interaction.follow_up_done else _("no"),
            ]

    return headers, rows()


def proposal_table(
    proposals: QuerySet[Proposal], *, personal: bool
) -> tuple[list[str], Iterator[list[Any]]]:
    personal_columns = list(personal_data.personal_fields(Proposal)) if personal else []
    headers = [
        _label(Proposal, "created_at"),
        _label(Proposal, "organisation_name"),
        _label(Proposal, "stakeholder"),
        _label(Proposal, "status"),
        _label(Proposal, "assignee"),
        _label(Proposal, "offer"),
        _label(Proposal, "resources_offered"),
        *(_label(Proposal, name) for name in personal_columns),
    ]
    proposals = proposals.select_related("stakeholder", "assignee")

    def rows() -> Iterator[list[Any]]:
        for proposal in proposals.order_by("-created_at", "-pk").iterator(chunk_size=2000):
            yield [
                proposal.created_at.date(),
                proposal.organisation_name,
                str(proposal.stakeholder or ""),
                proposal.get_status_display(),
                full_name(proposal.assignee),
                proposal.offer,
                proposal.resources_offered,
                *(getattr(proposal, name) for name in personal_columns),
            ]

    return headers, rows()
