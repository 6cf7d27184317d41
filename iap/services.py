"""Writes about needs and pledges that span models. Keyword-only, typed, atomic."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iap.models import Need, Pledge
from partnerships.models import Proposal


def _ensure_in_scope(need: Need, actor) -> None:
    if not Need.objects.for_user(actor).filter(pk=need.pk).exists():
        raise PermissionDenied(_("You do not work on this need's city."))


@transaction.atomic
def need_link_proposal(*, need: Need, proposal: Proposal, quantity: Decimal, actor) -> Pledge:
    """Record that a proposal will meet (part of) a need: a pledge on the need's progress."""
    _ensure_in_scope(need, actor)
    today = timezone.localdate()
    if not Need.objects.still_open(today).filter(pk=need.pk).exists():
        raise ValidationError(_("This need is closed, met or past its deadline."))
    if need.priority.city_id != proposal.city_id and not need.network_wide:
        raise ValidationError(_("This need belongs to another city and is not network-wide."))
    if quantity <= 0:
        raise ValidationError({"quantity": _("Pledge a quantity greater than zero.")})
    pledge = Pledge.objects.create(
        need=need,
        proposal=proposal,
        stakeholder=proposal.stakeholder,
        partnership=proposal.partnership,
        quantity_pledged=quantity,
        pledged_on=today,
    )
    need_refresh_status(need=need)
    return pledge


@transaction.atomic
def pledge_record_delivery(
    *, pledge: Pledge, quantity_delivered: Decimal, delivered_on: dt.date, actor
) -> Pledge:
    """Record what was actually delivered; the need's status follows."""
    _ensure_in_scope(pledge.need, actor)
    if quantity_delivered < 0:
        raise ValidationError({"quantity_delivered": _("A delivery cannot be negative.")})
    if pledge.pledged_on and delivered_on < pledge.pledged_on:
        raise ValidationError({"delivered_on": _("Delivery cannot come before the pledge.")})
    pledge.quantity_delivered = quantity_delivered
    pledge.delivered_on = delivered_on
    pledge.save(update_fields=["quantity_delivered", "delivered_on"])
    need_refresh_status(need=pledge.need)
    return pledge


def need_refresh_status(*, need: Need) -> Need:
    """Open → partly met → met, from what was delivered. A closed need stays closed."""
    if need.status == Need.Status.CLOSED:
        return need
    progress = Need.objects.with_progress().get(pk=need.pk)
    requested = need.requested
    if requested is not None and progress.delivered >= requested:
        status = Need.Status.MET
    elif progress.delivered > 0:
        status = Need.Status.PARTLY_MET
    else:
        status = Need.Status.OPEN
    if status != need.status:
        need.status = status
        need.save(update_fields=["status", "updated_at"])
    return need
