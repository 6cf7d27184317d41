"""Matching ranks the open needs an offer could meet, with a reason for each match."""

import datetime as dt

import pytest
from django.utils import translation

from iap.matching import Offer, rank_needs
from iap.models import Need
from partnerships.models import PublicationStatus
from portal.demo.factories import (
    NeedFactory,
    PledgeFactory,
    PriorityFactory,
    ProposalFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def school_poverty():
    return ThemeFactory(name="school poverty")


def need_in(city, *, themes=(), **fields) -> Need:
    priority = PriorityFactory(city=city)
    priority.themes.set(themes)
    return NeedFactory(priority=priority, **fields)


def titles(matches) -> list[str]:
    return [match.need.title for match in matches]


def test_perfect_match_ranks_first_with_its_reasons(milan, school_poverty):
    need_in(milan, title="Same city, other kind", resource_kind="money")
    need_in(milan, title="Same city, same kind", resource_kind="volunteers")
    need_in(
        milan,
        title="Perfect",
        themes=[school_poverty],
        resource_kind="volunteers",
        quantity=20,
    )
    offer = Offer(
        city_id=milan.pk,
        theme_ids=frozenset({school_poverty.pk}),
        resource_kinds=frozenset({"volunteers"}),
    )

    matches = rank_needs(offer, today=TODAY)

    assert titles(matches) == ["Perfect", "Same city, same kind"]
    assert matches[0].explanation == (
        "same city; same theme: school poverty; offers volunteers; 20 of 20 still needed"
    )


def test_still_needed_counts_what_was_already_pledged(milan):
    need = need_in(milan, resource_kind="volunteers", quantity=20)
    PledgeFactory(need=need, quantity_pledged=8)

    [match] = rank_needs(Offer(city_id=milan.pk), today=TODAY)

    assert "12 of 20 still needed" in match.reasons


def test_fully_pledged_need_is_not_suggested(milan):
    need = need_in(milan, quantity=10)
    PledgeFactory(need=need, quantity_pledged=10)

    assert rank_needs(Offer(city_id=milan.pk), today=TODAY) == []


@pytest.mark.parametrize("status", [Need.Status.CLOSED, Need.Status.MET])
def test_closed_or_met_need_never_appears(milan, status):
    need_in(milan, status=status)

    assert rank_needs(Offer(city_id=milan.pk), today=TODAY) == []


def test_expired_need_never_appears_but_one_due_today_does(milan):
    need_in(milan, title="Expired", deadline=TODAY - dt.timedelta(days=1))
    need_in(milan, title="Due today", deadline=TODAY)

    assert titles(rank_needs(Offer(city_id=milan.pk), today=TODAY)) == ["Due today"]


def test_draft_need_is_not_suggested(milan):
    need_in(milan, publication_status=PublicationStatus.DRAFT)

    assert rank_needs(Offer(city_id=milan.pk), today=TODAY) == []


def test_another_citys_need_appears_only_if_network_wide(milan, sofia):
    need_in(sofia, title="Sofia only")
    need_in(sofia, title="Sofia, network-wide", network_wide=True)

    matches = rank_needs(Offer(city_id=milan.pk), today=TODAY)

    assert titles(matches) == ["Sofia, network-wide"]
    assert "network-wide need of Sofia" in matches[0].reasons


def test_same_city_ranks_above_network_wide(milan, sofia):
    need_in(sofia, title="Sofia, network-wide", network_wide=True)
    need_in(milan, title="Milan")

    assert titles(rank_needs(Offer(city_id=milan.pk), today=TODAY)) == [
        "Milan",
        "Sofia, network-wide",
    ]


def test_need_offered_from_its_page_ranks_first(milan):
    need_in(milan, title="Other", deadline=TODAY)
    chosen = need_in(milan, title="Chosen")
    proposal = ProposalFactory(city=milan, resource_kinds=["volunteers"])
    chosen.offered_by.add(proposal)

    matches = rank_needs(Offer.from_proposal(proposal), today=TODAY)

    assert titles(matches) == ["Chosen", "Other"]
    assert "offered from this need's page" in matches[0].reasons


def test_equal_scores_order_by_nearest_deadline_then_creation(milan):
    need_in(milan, title="Later", deadline=dt.date(2027, 6, 1))
    need_in(milan, title="Sooner", deadline=dt.date(2027, 1, 1))
    need_in(milan, title="No deadline", deadline=None)
    need_in(milan, title="Sooner twin", deadline=dt.date(2027, 1, 1))

    first = titles(rank_needs(Offer(city_id=milan.pk), today=TODAY))

    assert first == ["Sooner", "Sooner twin", "Later", "No deadline"]
    assert titles(rank_needs(Offer(city_id=milan.pk), today=TODAY)) == first


def test_stakeholder_stated_offers_are_matched(milan, school_poverty):
    from portal.demo.factories import StakeholderFactory

    stakeholder = StakeholderFactory(city=milan, offered_resource_kinds=["money"])
    stakeholder.interest_themes.add(school_poverty)
    need_in(
        milan,
        title="Money for schools",
        resource_kind="money",
        themes=[school_poverty],
        quantity=None,
        amount_eur=5000,
    )
    need_in(milan, title="Volunteers", resource_kind="volunteers")

    matches = rank_needs(Offer.from_stakeholder(stakeholder), today=TODAY)

    assert titles(matches) == ["Money for schools"]
    assert "5000 of 5000 still needed" in matches[0].reasons


def test_other_city_not_network_wide_never_appears_even_if_perfect(sofia, milan, school_poverty):
    need_in(sofia, themes=[school_poverty], resource_kind="volunteers")
    offer = Offer(
        city_id=milan.pk,
        theme_ids=frozenset({school_poverty.pk}),
        resource_kinds=frozenset({"volunteers"}),
    )

    assert rank_needs(offer, today=TODAY) == []
