"""Rank the open needs that an offer (a proposal, or a stakeholder's stated offers) could meet.

A need fits when it is published, open or partly met, its deadline has not passed,
some of it is still not pledged, it belongs to the offer's city (or is open to the
whole network), and — when the offer says what it gives — it asks for that kind of
resource. Fitting needs are ranked by a score whose every point has a reason in
words, then by the nearest deadline, then by id, so the order is deterministic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from iap.models import Need
from partnerships.models import Proposal, ResourceKind, Stakeholder

SCORE_OFFERED_FROM_NEED_PAGE = 10
SCORE_SAME_CITY = 3
SCORE_RESOURCE_KIND = 3
SCORE_PER_SHARED_THEME = 2


@dataclass(frozen=True)
class Offer:
    city_id: int
    theme_ids: frozenset[int] = frozenset()
    resource_kinds: frozenset[str] = frozenset()
    offered_need_ids: frozenset[int] = frozenset()

    @classmethod
    def from_proposal(cls, proposal: Proposal) -> Offer:
        return cls(
            city_id=proposal.city_id,
            theme_ids=frozenset(theme.pk for theme in proposal.themes.all()),
            resource_kinds=frozenset(proposal.resource_kinds),
            offered_need_ids=frozenset(need.pk for need in proposal.offered_needs.all()),
        )

    @classmethod
    def from_stakeholder(cls, stakeholder: Stakeholder) -> Offer:
        return cls(
            city_id=stakeholder.city_id,
            theme_ids=frozenset(theme.pk for theme in stakeholder.interest_themes.all()),
            resource_kinds=frozenset(stakeholder.offered_resource_kinds),
        )


@dataclass
class NeedMatch:
    need: Need
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    still_needed: Decimal | None = None

    def add(self, points: int, reason: str) -> None:
        self.score += points
        self.reasons.append(reason)

    @property
    def explanation(self) -> str:
        return "; ".join(self.reasons)


def rank_needs(offer: Offer, *, today: dt.date, limit: int | None = 10) -> list[NeedMatch]:
    return rank_needs_for_offers([offer], today=today, limit=limit)[0]


def rank_needs_for_offers(
    offers: list[Offer], *, today: dt.date, limit: int | None = 10
) -> list[list[NeedMatch]]:
    """The ranked matches of each offer, from one read of the candidate needs.

    A page of proposals costs the same queries as one proposal.
    """
    if not offers:
        return []
    candidates = list(
        Need.objects.public()
        .still_open(today)
        .filter(Q(priority__city_id__in={offer.city_id for offer in offers}) | Q(network_wide=True))
        .with_progress()
        .select_related("priority__city")
        .prefetch_related("priority__themes")
    )
    return [_rank(candidates, offer, limit) for offer in offers]


def _rank(candidates: list[Need], offer: Offer, limit: int | None) -> list[NeedMatch]:
    fitting = [
        need
        for need in candidates
        if (need.priority.city_id == offer.city_id or need.network_wide)
        and (not offer.resource_kinds or need.resource_kind in offer.resource_kinds)
    ]
    matches = [match for need in fitting if (match := _match(need, offer)) is not None]
    matches.sort(
        key=lambda match: (-match.score, match.need.deadline or dt.date.max, match.need.pk)
    )
    return matches[:limit] if limit else matches


def _match(need: Need, offer: Offer) -> NeedMatch | None:
    requested = need.requested
    still_needed = None
    if requested is not None:
        still_needed = requested - need.pledged
        if still_needed <= 0:
            return None

    match = NeedMatch(need=need, still_needed=still_needed)
    if need.pk in offer.offered_need_ids:
        match.add(SCORE_OFFERED_FROM_NEED_PAGE, _("offered from this need's page"))
    if need.priority.city_id == offer.city_id:
        match.add(SCORE_SAME_CITY, _("same city"))
    else:
        match.reasons.append(_("network-wide need of %(city)s") % {"city": need.priority.city.name})
    shared_themes = [theme for theme in need.priority.themes.all() if theme.pk in offer.theme_ids]
    for theme in sorted(shared_themes, key=lambda theme: theme.name):
        match.add(SCORE_PER_SHARED_THEME, _("same theme: %(theme)s") % {"theme": theme.name})
    if need.resource_kind in offer.resource_kinds:
        kind = ResourceKind(need.resource_kind).label.lower()
        match.add(SCORE_RESOURCE_KIND, _("offers %(kind)s") % {"kind": kind})
    if still_needed is not None:
        match.reasons.append(
            _("%(open)s of %(requested)s still needed")
            % {"open": plain_number(still_needed), "requested": plain_number(requested)}
        )
    return match


def plain_number(value: Decimal) -> str:
    """12.00 -> "12", 12.50 -> "12.5": quantities read as people write them."""
    return f"{value.normalize():f}" if value != value.to_integral_value() else str(int(value))
