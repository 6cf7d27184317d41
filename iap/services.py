"""Writes about needs and pledges that span models. Keyword-only, typed, atomic.

A need's status follows from its pledges: every pledge write (workspace, admin, API)
goes through `pledge_create`, `pledge_update` or `pledge_delete`, which check the
same rules and refresh every need the write touched (the old one too, when a pledge
moves). `need_status` is the one place that derives the status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Notification
from iap.models import Need, Pledge
from partnerships.models import Proposal
from partnerships.scoping import ENGAGEMENT, require_city_role
from partnerships.services import notify_city_staff, proposal_submit

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The fields that say who pledged: a pledge in another city must not slip in through them.
PLEDGER_FIELDS = ("proposal_id", "stakeholder_id")


@transaction.atomic
def need_offer_submit(
    *, need: Need, cleaned_data: dict[str, Any], absolute_uri: Callable[[str], str]
) -> Proposal:
    """Save a proposal sent with "offer help" from a need's page, linked to that need.

    The contact point's own submit (its e-mails included), in the same transaction as
    the link: a proposal is never saved without the need it was offered for.
    """
    proposal = proposal_submit(cleaned_data=cleaned_data, absolute_uri=absolute_uri)
    need.offered_by.add(proposal)
    return proposal


@transaction.atomic
def need_link_proposal(*, need: Need, proposal: Proposal, quantity: Decimal, actor: User) -> Pledge:
    """Record that a proposal will meet (part of) a need: a pledge on the need's progress."""
    pledge = Pledge(
        need=need,
        proposal=proposal,
        stakeholder=proposal.stakeholder,
        partnership=proposal.partnership,
        quantity_pledged=quantity,
        pledged_on=timezone.localdate(),
    )
    return pledge_create(pledge=pledge, actor=actor)


@transaction.atomic
def pledge_create(*, pledge: Pledge, actor: User) -> Pledge:
    """Save a new pledge (built, not saved) after the checks; the need's status follows."""
    require_city_role(actor, pledge.need.priority.city_id, ENGAGEMENT)
    _check(pledge, stored=None)
    pledge.save()
    need_refresh_status(need=pledge.need)
    _notify_account_manager(pledge, actor)
    return pledge


def _notify_account_manager(pledge: Pledge, actor: User) -> None:
    """The pledger's account manager hears of it (an organisation's, or a proposal's
    once it became one)."""
    stakeholder = pledge.stakeholder or (pledge.proposal.stakeholder if pledge.proposal else None)
    if stakeholder is None:
        return
    notify_city_staff(
        users=[stakeholder.account_manager],
        city_id=pledge.need.priority.city_id,
        actor=actor,
        kind=Notification.Kind.PLEDGE_RECORDED,
        subject=f"{stakeholder.name} – {pledge.need.title}",
        url=reverse("workspace:stakeholder-detail", args=[stakeholder.pk]),
        key=f"pledge {pledge.pk}",
    )


@transaction.atomic
def pledge_update(*, pledge: Pledge, actor: User) -> Pledge:
    """Save the changes made to `pledge`; the need it left and the need it is on follow.

    Moving a pledge to another need, or to another pledger, is checked like a new
    pledge; a changed quantity must stay above zero.
    """
    # Locked: two writers moving the same pledge would each refresh a stale old need.
    stored = Pledge.objects.select_for_update().select_related("need__priority").get(pk=pledge.pk)
    require_city_role(actor, stored.need.priority.city_id, ENGAGEMENT)
    require_city_role(actor, pledge.need.priority.city_id, ENGAGEMENT)
    _check(pledge, stored=stored)
    pledge.save()
    if stored.need_id != pledge.need_id:
        need_refresh_status(need=stored.need)
    need_refresh_status(need=pledge.need)
    return pledge


@transaction.atomic
def pledge_delete(*, pledge: Pledge, actor: User) -> None:
    """Delete a pledge; what it delivered no longer counts towards its need."""
    need = pledge.need
    require_city_role(actor, need.priority.city_id, ENGAGEMENT)
    pledge.delete()
    need_refresh_status(need=need)


@transaction.atomic
def pledge_record_delivery(
    *, pledge: Pledge, quantity_delivered: Decimal, delivered_on: dt.date, actor: User
) -> Pledge:
    """Record what was actually delivered; the need's status follows."""
    require_city_role(actor, pledge.need.priority.city_id, ENGAGEMENT)
    if quantity_delivered < 0:
        raise ValidationError({"quantity_delivered": _("A delivery cannot be negative.")})
    if pledge.pledged_on and delivered_on < pledge.pledged_on:
        raise ValidationError({"delivered_on": _("Delivery cannot come before the pledge.")})
    pledge.quantity_delivered = quantity_delivered
    pledge.delivered_on = delivered_on
    return pledge_update(pledge=pledge, actor=actor)


def pledge_check(*, pledge: Pledge) -> None:
    """Raise ValidationError if saving `pledge` as it is now would break a pledge rule.

    For forms that must refuse before saving (the admin); the services check again.
    """
    stored = Pledge.objects.filter(pk=pledge.pk).first() if pledge.pk else None
    _check(pledge, stored=stored)


def _check(pledge: Pledge, *, stored: Pledge | None) -> None:
    """A new pledge, or one moved to another need or pledger: the need still takes
    pledges and the pledger is of its city (or the need is network-wide). A new or
    changed quantity pledged is above zero. Recording a delivery on a met need is fine.
    """
    need = pledge.need
    moved = stored is None or any(
        getattr(pledge, field) != getattr(stored, field) for field in ("need_id", *PLEDGER_FIELDS)
    )
    if moved:
        if not Need.objects.still_open(timezone.localdate()).filter(pk=need.pk).exists():
            raise ValidationError(_("This need is closed, met or past its deadline."))
        pledger = pledge.proposal or pledge.stakeholder
        if (
            pledger is not None
            and pledger.city_id != need.priority.city_id
            and not need.network_wide
        ):
            raise ValidationError(_("This need belongs to another city and is not network-wide."))
    quantity_set = stored is None or pledge.quantity_pledged != stored.quantity_pledged
    if quantity_set and (pledge.quantity_pledged is None or pledge.quantity_pledged <= 0):
        raise ValidationError({"quantity_pledged": _("Pledge a quantity greater than zero.")})


def need_status(*, need: Need, delivered: Decimal) -> str:
    """Open → partly met → met, from what was delivered. A closed need stays closed."""
    if need.status == Need.Status.CLOSED:
        return need.status
    requested = need.requested
    if requested is not None and delivered >= requested:
        return Need.Status.MET
    if delivered > 0:
        return Need.Status.PARTLY_MET
    return Need.Status.OPEN


def need_refresh_status(*, need: Need) -> Need:
    """Store the status `need_status` derives from the need's pledges as they are now."""
    delivered = Need.objects.with_progress().get(pk=need.pk).delivered
    status = need_status(need=need, delivered=delivered)
    if status != need.status:
        need.status = status
        need.save(update_fields=["status", "updated_at"])
    return need
