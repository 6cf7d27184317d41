"""`{% load needs %}`: the needs matching and outcomes, shown on the site's pages.

The workspace shows suggestions and pledges, the partnership page the needs met, the
numbers page the resources mobilised. It lives in the site layer, so only the site's
templates load it (tests/test_template_layers.py): a partnerships page never shows iap.
"""

from __future__ import annotations

from django import template
from django.db.models import QuerySet, prefetch_related_objects
from django.utils import timezone

from iap.matching import Offer, rank_needs, rank_needs_for_offers
from iap.models import Need, Pledge
from iap.numbers import resources_mobilised_tables
from iap.progress import need_progress
from partnerships.models import Partnership, Proposal, Stakeholder

register = template.Library()


def _linkable_need_ids(user, matches) -> set[int]:
    """Needs this user may link a proposal to: those of their own cities."""
    ids = [match.need.pk for match in matches]
    return set(Need.objects.for_user(user).filter(pk__in=ids).values_list("pk", flat=True))


def _pledges_of(user, **lookup) -> QuerySet:
    return (
        Pledge.objects.for_user(user)
        .filter(**lookup)
        .select_related("need__priority__city")
        .order_by("need__title", "pk")
    )


@register.inclusion_tag("workspace/needs/proposal_needs.html", takes_context=True)
def proposal_needs(context, proposal: Proposal) -> dict:
    """Ranked open needs for a proposal, "link to this need", and its pledges with deliveries."""
    user = context["request"].user
    matches = rank_needs(Offer.from_proposal(proposal), today=timezone.localdate())
    for match in matches:
        match.progress = need_progress(match.need)
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "proposal": proposal,
        "matches": matches,
        "linkable": _linkable_need_ids(user, matches),
        "can_link": not proposal.anonymised_at and proposal.status != Proposal.Status.DECLINED,
        "pledges": _pledges_of(user, proposal=proposal),
        "today": timezone.localdate(),
    }


@register.inclusion_tag("workspace/needs/stakeholder_needs.html", takes_context=True)
def stakeholder_needs(context, stakeholder: Stakeholder) -> dict:
    """Open needs that fit what the organisation said it offers, and its pledges."""
    user = context["request"].user
    offered = stakeholder.offered_resource_kinds or stakeholder.interest_themes.exists()
    matches = (
        rank_needs(Offer.from_stakeholder(stakeholder), today=timezone.localdate())
        if offered
        else []
    )
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "stakeholder": stakeholder,
        "matches": matches,
        "pledges": _pledges_of(user, stakeholder=stakeholder),
        "today": timezone.localdate(),
    }


@register.simple_tag
def top_need_matches(proposals) -> dict[int, list]:
    """For the proposals inbox: each proposal's three best needs, in one read of the needs."""
    proposals = list(proposals)
    prefetch_related_objects(proposals, "themes", "offered_needs")
    offers = [Offer.from_proposal(proposal) for proposal in proposals]
    ranked = rank_needs_for_offers(offers, today=timezone.localdate(), limit=3)
    return {proposal.pk: matches for proposal, matches in zip(proposals, ranked, strict=True)}


@register.filter
def matches_of(top_matches: dict[int, list], proposal: Proposal) -> list:
    return top_matches.get(proposal.pk, [])


@register.inclusion_tag("iap/includes/needs_met.html")
def partnership_needs(partnership: Partnership) -> dict:
    """The published needs a partnership pledged to, with how much it delivered."""
    pledges = (
        Pledge.objects.public()
        .filter(partnership=partnership)
        .select_related("need")
        .order_by("need__title", "pk")
    )
    return {"pledges": pledges}


@register.simple_tag
def resources_mobilised():
    return resources_mobilised_tables()
