"""Two records of one organisation made one, and made two again.

`stakeholders_merge` keeps the survivor, takes the fields the user chose from the
duplicate, moves every row that pointed at the duplicate (contacts, interactions,
participations, proposals, and the other apps' ULG memberships, pilot partners,
meeting attendances, plan partners and pledges) to the survivor and deletes the
duplicate. Rows are found through the reverse relations' metadata, so `partnerships`
needs no import of `ulg` or `iap`, and a relation added later moves too.

Both histories tell it: the survivor's change and the duplicate's deletion carry a
reason naming the other, and each moved row's history says where it came from.
`StakeholderMerge` keeps what it takes to undo: the duplicate as Django serialises
it, the survivor's values the merge replaced, and each moved row's primary key, so
`stakeholder_merge_undo` puts back every moved row and only those.

The suggestions (`duplicate_suggestions`) pair a city's organisations with the same
normalised name or website host (`partnerships.duplicates`), or the same VAT number
(stored normalised, `partnerships.vat_numbers`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerships.duplicates import normalise_organisation_name, normalise_website
from partnerships.models import Stakeholder, StakeholderMerge
from partnerships.scoping import EDITORS, require_city_role

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The fields the merge screen lets the user take from either record. The others are
# combined (what it offers, themes of interest) or belong to the record (slug, city).
MERGE_FIELDS = (
    "name",
    "kind",
    "website",
    "vat_number",
    "description",
    "account_manager",
    "engagement_stage",
    "listing_consent",
)


def _columns(field_name: str) -> list[str]:
    """The database columns of a merge field: a translated field has one per language."""
    field = Stakeholder._meta.get_field(field_name)
    if field_name == "description":
        return [f"description_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES]
    return [field.attname]


def _row_relations() -> list[models.ForeignKey[Any, Any]]:
    """Every foreign key to Stakeholder of a model with its own rows (explicit through
    models included); historical models keep the past and are left alone."""
    return [
        relation.field
        for relation in Stakeholder._meta.related_objects
        if isinstance(relation.field, models.ForeignKey)
        and not hasattr(relation.related_model, "instance_type")
    ]


def _link_relations() -> list[tuple[type[models.Model], str, str]]:
    """Auto-created many-to-many tables to Stakeholder: (table model, our column, other column)."""
    found = []
    for relation in Stakeholder._meta.related_objects:
        if isinstance(relation.field, models.ManyToManyField):
            through = relation.field.remote_field.through
            if through._meta.auto_created:
                ours = relation.field.m2m_reverse_field_name()
                other = relation.field.m2m_field_name()
                found.append((through, f"{ours}_id", f"{other}_id"))
    return found


def _conflicts(
    field: models.ForeignKey[Any, Any], survivor: Stakeholder, duplicate: Stakeholder
) -> list[str]:
    """Rows of the duplicate that cannot move because the survivor has their twin
    (one participation per partnership and partner, one pilot partner per pilot)."""
    model = field.model
    found = []
    for constraint in model._meta.constraints:
        if (
            not isinstance(constraint, models.UniqueConstraint)
            or field.name not in constraint.fields
        ):
            continue
        others = [name for name in constraint.fields if name != field.name]
        taken = set(model._default_manager.filter(**{field.name: survivor}).values_list(*others))
        for row in model._default_manager.filter(**{field.name: duplicate}):
            if tuple(getattr(row, model._meta.get_field(name).attname) for name in others) in taken:
                found.append(str(row))
    return found


def _move(row: models.Model, field_name: str, to: Stakeholder, reason: str, actor: User) -> None:
    setattr(row, field_name, to)
    # Read by django-simple-history when it writes the row's history.
    row._history_user = actor
    row._change_reason = reason
    row.save(update_fields=[field_name])


@transaction.atomic
def stakeholders_merge(
    *,
    survivor: Stakeholder,
    duplicate: Stakeholder,
    take_from_duplicate: Collection[str],
    actor: User,
) -> StakeholderMerge:
    """Merge `duplicate` into `survivor`; `take_from_duplicate` names the MERGE_FIELDS
    whose value comes from the duplicate. Coordinators of the city only: the merge
    deletes a record, and its undo rewrites rows of every app."""
    require_city_role(actor, survivor.city_id, EDITORS)
    require_city_role(actor, duplicate.city_id, EDITORS)
    if survivor.pk == duplicate.pk:
        raise ValidationError(_("Choose two different stakeholders."))
    if survivor.city_id != duplicate.city_id:
        raise ValidationError(_("Only stakeholders of the same city can be merged."))
    unknown = set(take_from_duplicate) - set(MERGE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be merged: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    # Lock both rows: two people merging the same pair must not move rows twice.
    locked = {
        s.pk: s
        for s in Stakeholder.objects.select_for_update().filter(pk__in=[survivor.pk, duplicate.pk])
    }
    survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
    relations = _row_relations()
    conflicts = [row for field in relations for row in _conflicts(field, survivor, duplicate)]
    if conflicts:
        raise ValidationError(
            _("Both take part in the same work; remove one of each first: %(rows)s.")
            % {"rows": "; ".join(conflicts)}
        )

    snapshot = json.loads(serializers.serialize("json", [duplicate]))
    before: dict[str, Any] = {}
    for name in take_from_duplicate:
        for column in _columns(name):
            if getattr(survivor, column) != getattr(duplicate, column):
                before[column] = getattr(survivor, column)
                setattr(survivor, column, getattr(duplicate, column))
    offered = sorted(set(survivor.offered_resource_kinds) | set(duplicate.offered_resource_kinds))
    if offered != sorted(survivor.offered_resource_kinds):
        before["offered_resource_kinds"] = survivor.offered_resource_kinds
        survivor.offered_resource_kinds = offered
    added_themes = sorted(
        set(duplicate.interest_themes.values_list("pk", flat=True))
        - set(survivor.interest_themes.values_list("pk", flat=True))
    )
    survivor.interest_themes.add(*added_themes)

    # "rows": each moved row by "app.Model.field"; "links": plain many-to-many rows
    # (meeting attendances, plan partners) moved, and "links_removed": the other
    # side's ids of those removed because the survivor had the same link already.
    moved: dict[str, dict[str, list[int]]] = {"rows": {}, "links": {}, "links_removed": {}}
    reason = _("Moved from «%(duplicate)s», merged into «%(survivor)s»") % {
        "duplicate": duplicate.name,
        "survivor": survivor.name,
    }
    for field in relations:
        rows = list(field.model._default_manager.filter(**{field.name: duplicate}))
        for row in rows:
            _move(row, field.name, survivor, reason, actor)
        if rows:
            moved["rows"][f"{field.model._meta.label}.{field.name}"] = [row.pk for row in rows]
    for through, ours, other in _link_relations():
        links = through._default_manager.filter(**{ours: duplicate.pk})
        taken = through._default_manager.filter(**{ours: survivor.pk}).values(other)
        twins = list(links.filter(**{f"{other}__in": taken}).values_list(other, flat=True))
        if twins:
            moved["links_removed"][through._meta.label] = twins
            links.filter(**{f"{other}__in": twins}).delete()
        kept = list(links.values_list("pk", flat=True))
        if kept:
            through._default_manager.filter(pk__in=kept).update(**{ours: survivor.pk})
            moved["links"][through._meta.label] = kept

    merge = StakeholderMerge.objects.create(
        city_id=survivor.city_id,
        survivor=survivor,
        duplicate_id=duplicate.pk,
        duplicate_name=duplicate.name,
        duplicate=snapshot,
        survivor_before={"fields": before, "added_themes": added_themes},
        moved=moved,
        merged_by=actor,
    )
    survivor._history_user = actor
    survivor._change_reason = _("Merged with «%(duplicate)s»") % {"duplicate": duplicate.name}
    survivor.save()
    duplicate._history_user = actor
    duplicate._change_reason = _("Merged into «%(survivor)s»") % {"survivor": survivor.name}
    duplicate.delete()
    return merge


@transaction.atomic
def stakeholder_merge_undo(*, merge: StakeholderMerge, actor: User) -> Stakeholder:
    """Make the merged records two again: the duplicate back with its own id, slug and
    fields, every row the merge moved back to it, the survivor's replaced values back.

    Only the survivor's latest merge not yet undone: an earlier one would give back
    values a later merge has replaced."""
    require_city_role(actor, merge.city_id, EDITORS)
    merge = StakeholderMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ValidationError(_("This merge has already been undone."))
    if merge.survivor.merges.filter(undone_at__isnull=True, pk__gt=merge.pk).exists():
        raise ValidationError(_("Undo the later merges of this stakeholder first."))
    (restored,) = serializers.deserialize("json", json.dumps(merge.duplicate))
    duplicate: Stakeholder = restored.object
    if Stakeholder.objects.filter(slug=duplicate.slug).exists():
        raise ValidationError(_("Another stakeholder now has this record's address (slug)."))
    survivor = Stakeholder.objects.select_for_update().get(pk=merge.survivor_id)
    reason = _("Merge with «%(survivor)s» undone") % {"survivor": survivor.name}
    created_at = duplicate.created_at  # the save below stamps "now" on it
    duplicate._history_user = actor
    duplicate._change_reason = reason
    # A plain save (not the deserializer's raw one) so the history records the return.
    duplicate.save(force_insert=True)
    Stakeholder.objects.filter(pk=duplicate.pk).update(created_at=created_at)
    for name, values in restored.m2m_data.items():
        getattr(duplicate, name).set(values)

    back = _("Back to «%(duplicate)s»: merge undone") % {"duplicate": duplicate.name}
    for key, pks in merge.moved["rows"].items():
        label, _dot, field_name = key.rpartition(".")
        model = apps.get_model(label)
        # Only rows still on the survivor: one deleted or moved on since stays as it is.
        for row in model._default_manager.filter(pk__in=pks, **{field_name: survivor}):
            _move(row, field_name, duplicate, back, actor)
    for through, ours, other in _link_relations():
        label = through._meta.label
        links = through._default_manager.filter(pk__in=merge.moved["links"].get(label, []))
        links.filter(**{ours: survivor.pk}).update(**{ours: duplicate.pk})
        removed = merge.moved["links_removed"].get(label, [])
        through._default_manager.bulk_create(
            [through(**{ours: duplicate.pk, other: pk}) for pk in removed]
        )

    for column, value in merge.survivor_before["fields"].items():
        setattr(survivor, column, value)
    survivor.interest_themes.remove(*merge.survivor_before["added_themes"])
    survivor._history_user = actor
    survivor._change_reason = _("Merge with «%(duplicate)s» undone") % {"duplicate": duplicate.name}
    survivor.save()
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_at"])
    return duplicate


@dataclass
class DuplicateSuggestion:
    first: Stakeholder
    second: Stakeholder
    reason: str


def duplicate_suggestions(stakeholders: models.QuerySet[Stakeholder]) -> list[DuplicateSuggestion]:
    """Pairs of `stakeholders` (already scoped) in one city that are probably one
    organisation: same normalised name, same website host, or same VAT number.
    Compared in Python on three columns, so a city's thousands of organisations cost
    one query."""
    groups: dict[tuple[int, str, str], list[Stakeholder]] = defaultdict(list)
    rows = stakeholders.select_related("city").only(
        "name", "website", "vat_number", "city", "city__name"
    )
    for stakeholder in rows.order_by("pk"):
        name = normalise_organisation_name(stakeholder.name)
        host = normalise_website(stakeholder.website)
        if name:
            groups[(stakeholder.city_id, "name", name)].append(stakeholder)
        if host:
            groups[(stakeholder.city_id, "website", host)].append(stakeholder)
        if stakeholder.vat_number:
            groups[(stakeholder.city_id, "vat", stakeholder.vat_number)].append(stakeholder)
    reasons = {"name": _("same name"), "website": _("same website"), "vat": _("same VAT number")}
    suggestions: dict[tuple[int, int], DuplicateSuggestion] = {}
    for (_city, kind, _value), members in groups.items():
        for index, first in enumerate(members):
            for second in members[index + 1 :]:
                reason = reasons[kind]
                pair = (first.pk, second.pk)
                if pair in suggestions:
                    suggestions[pair].reason += ", " + reason
                else:
                    suggestions[pair] = DuplicateSuggestion(first, second, reason)
    return sorted(
        suggestions.values(), key=lambda s: (s.first.city.name, s.first.name, s.second.pk)
    )
