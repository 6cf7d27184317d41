"""`{% load follow %}`: what a subscription follows in words, and the subscriber counts
of the admin dashboard (counts only: addresses are never shown)."""

from __future__ import annotations

from django import template
from django.db.models import Model
from django.utils.translation import gettext as _

from portal.follow.counts import SubscriberCounts, subscriber_counts
from portal.follow.services import PENDING_DAYS
from portal.models import Subscription

register = template.Library()


@register.simple_tag
def follow_target(kind: str, record: Model | None) -> str:
    """What is followed, as a label ("City: Milano", "Needs board") in the active
    language: a label, so no language has to make "in" agree with "the city of"."""
    if kind == Subscription.Kind.NEEDS_BOARD or record is None:
        return _("Needs board")
    names = {
        Subscription.Kind.CITY: _("City: %(name)s"),
        Subscription.Kind.THEME: _("Theme: %(name)s"),
        Subscription.Kind.PARTNERSHIP: _("Partnership: %(name)s"),
        Subscription.Kind.NEED: _("Need: %(name)s"),
    }
    return names[Subscription.Kind(kind)] % {"name": record}


@register.simple_tag(takes_context=True)
def dashboard_subscriber_counts(context: template.Context) -> SubscriberCounts:
    return subscriber_counts(context["request"].user)


@register.simple_tag
def follow_pending_days() -> int:
    """How long an unconfirmed request is kept: the privacy notice states it."""
    return PENDING_DAYS
