"""Merging two records of one organisation, undoing it, and the suggestions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from iap.models import Pledge
from partnerships.merging import duplicate_suggestions, stakeholder_merge_undo, stakeholders_merge
from partnerships.models import (
    Contact,
    Interaction,
    Participation,
    Proposal,
    Stakeholder,
    StakeholderMerge,
)
from portal.demo.factories import (
    ContactFactory,
    InteractionFactory,
    MeetingFactory,
    MembershipFactory,
    NeedFactory,
    ParticipationFactory,
    PartnershipFactory,
    PledgeFactory,
    PriorityFactory,
    ProposalFactory,
    SSAPartnerFactory,
    StakeholderFactory,
    ThemeFactory,
    UrbactLocalGroupFactory,
)
from ulg.models import Membership, SSAPartner

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(milan):
    """Two records of one company in Milan, each with rows of every kind that point at it."""
    survivor = StakeholderFactory(
        city=milan, name="Acme S.p.A.", website="https://acme.it", offered_resource_kinds=["money"]
    )
    duplicate = StakeholderFactory(
        city=milan,
        name="ACME spa",
        website="https://www.acme.it/",
        description_it="Produce ricambi",
        offered_resource_kinds=["skills"],
    )
    duplicate.interest_themes.add(ThemeFactory())
    ulg = UrbactLocalGroupFactory(city=milan)
    meeting = MeetingFactory(ulg=ulg)
    meeting.attendees.add(duplicate, survivor)
    rows = {
        "contact": ContactFactory(stakeholder=duplicate),
        "interaction": InteractionFactory(stakeholder=duplicate),
        "participation": ParticipationFactory(
            stakeholder=duplicate, partnership=PartnershipFactory(city=milan)
        ),
        "proposal": ProposalFactory(city=milan, stakeholder=duplicate),
        "membership": MembershipFactory(ulg=ulg, stakeholder=duplicate),
        "ssa_partner": SSAPartnerFactory(stakeholder=duplicate, small_scale_action__ulg=ulg),
        "pledge": PledgeFactory(
            stakeholder=duplicate, need=NeedFactory(priority=PriorityFactory(city=milan))
        ),
    }
    return survivor, duplicate, rows, meeting


def owner_of(row):
    return type(row).objects.get(pk=row.pk).stakeholder_id


def test_merge_moves_every_row_and_takes_the_chosen_fields(coordinator, pair):
    survivor, duplicate, rows, meeting = pair

    merge = stakeholders_merge(
        survivor=survivor,
        duplicate=duplicate,
        take_from_duplicate=["description"],
        actor=coordinator,
    )

    assert not Stakeholder.objects.filter(pk=duplicate.pk).exists()
    assert all(owner_of(row) == survivor.pk for row in rows.values())
    survivor.refresh_from_db()
    assert survivor.name == "Acme S.p.A."
    assert survivor.description_it == "Produce ricambi"
    assert sorted(survivor.offered_resource_kinds) == ["money", "skills"]
    assert survivor.interest_themes.count() == 1
    assert list(meeting.attendees.all()) == [survivor]
    assert merge.duplicate_name == "ACME spa"


def test_merge_is_told_in_both_histories_and_the_moved_rows(coordinator, pair):
    survivor, duplicate, rows, _meeting = pair

    stakeholders_merge(
        survivor=survivor, duplicate=duplicate, take_from_duplicate=[], actor=coordinator
    )

    latest = survivor.history.latest()
    assert latest.history_change_reason == "Unito con «ACME spa»"
    assert latest.history_user == coordinator
    gone = Stakeholder.history.filter(id=duplicate.pk).latest()
    assert gone.history_type == "-"
    assert gone.history_change_reason == "Unito in «Acme S.p.A.»"
    contact_history = Contact.history.filter(id=rows["contact"].pk).latest()
    assert "Spostato da «ACME spa»" in contact_history.history_change_reason


def test_undo_restores_every_moved_row_and_the_survivors_values(coordinator, pair):
    survivor, duplicate, rows, meeting = pair
    description_before = survivor.description_it
    merge = stakeholders_merge(
        survivor=survivor,
        duplicate=duplicate,
        take_from_duplicate=["name", "description"],
        actor=coordinator,
    )

    restored = stakeholder_merge_undo(merge=merge, actor=coordinator)

    assert restored.pk == duplicate.pk
    restored = Stakeholder.objects.get(pk=duplicate.pk)
    assert (restored.name, restored.slug, restored.description_it) == (
        "ACME spa",
        duplicate.slug,
        "Produce ricambi",
    )
    # Django's JSON keeps milliseconds: the original date, not the undo's.
    assert abs(restored.created_at - duplicate.created_at).total_seconds() < 0.001
    assert restored.interest_themes.count() == 1
    assert all(owner_of(row) == duplicate.pk for row in rows.values())
    survivor.refresh_from_db()
    assert survivor.name == "Acme S.p.A."
    assert survivor.description_it == description_before != "Produce ricambi"
    assert survivor.offered_resource_kinds == ["money"]
    assert survivor.interest_themes.count() == 0
    assert set(meeting.attendees.all()) == {survivor, restored}
    assert survivor.history.latest().history_change_reason == "Unione con «ACME spa» annullata"
    merge.refresh_from_db()
    assert merge.undone_at is not None
    with pytest.raises(ValidationError):
        stakeholder_merge_undo(merge=merge, actor=coordinator)


def test_undo_leaves_rows_added_to_the_survivor_after_the_merge(coordinator, pair):
    survivor, duplicate, _rows, _meeting = pair
    merge = stakeholders_merge(
        survivor=survivor, duplicate=duplicate, take_from_duplicate=[], actor=coordinator
    )
    later = InteractionFactory(stakeholder=survivor)

    stakeholder_merge_undo(merge=merge, actor=coordinator)

    assert owner_of(later) == survivor.pk
    assert Interaction.objects.filter(stakeholder=duplicate.pk).count() == 1
    assert Participation.objects.filter(stakeholder=duplicate.pk).count() == 1
    assert Proposal.objects.filter(stakeholder=duplicate.pk).count() == 1
    assert Membership.objects.filter(stakeholder=duplicate.pk).count() == 1
    assert SSAPartner.objects.filter(stakeholder=duplicate.pk).count() == 1
    assert Pledge.objects.filter(stakeholder=duplicate.pk).count() == 1


def test_merge_refuses_two_partners_of_the_same_partnership(coordinator, pair):
    survivor, duplicate, rows, _meeting = pair
    ParticipationFactory(stakeholder=survivor, partnership=rows["participation"].partnership)

    with pytest.raises(ValidationError):
        stakeholders_merge(
            survivor=survivor, duplicate=duplicate, take_from_duplicate=[], actor=coordinator
        )
    assert Stakeholder.objects.filter(pk=duplicate.pk).exists()


def test_merge_refuses_account_managers_other_cities_and_mixed_cities(
    account_manager, coordinator, pair, sofia
):
    survivor, duplicate, _rows, _meeting = pair
    with pytest.raises(PermissionDenied):
        stakeholders_merge(
            survivor=survivor, duplicate=duplicate, take_from_duplicate=[], actor=account_manager
        )
    elsewhere = StakeholderFactory(city=sofia)
    with pytest.raises(PermissionDenied):
        stakeholders_merge(
            survivor=survivor, duplicate=elsewhere, take_from_duplicate=[], actor=coordinator
        )
    with pytest.raises(ValidationError):
        stakeholders_merge(
            survivor=survivor, duplicate=survivor, take_from_duplicate=[], actor=coordinator
        )
    assert not StakeholderMerge.objects.exists()


def test_only_the_latest_merge_of_a_survivor_can_be_undone(coordinator, pair, milan):
    survivor, duplicate, _rows, _meeting = pair
    first = stakeholders_merge(
        survivor=survivor, duplicate=duplicate, take_from_duplicate=[], actor=coordinator
    )
    stakeholders_merge(
        survivor=survivor,
        duplicate=StakeholderFactory(city=milan),
        take_from_duplicate=[],
        actor=coordinator,
    )

    with pytest.raises(ValidationError):
        stakeholder_merge_undo(merge=first, actor=coordinator)


def test_suggestions_pair_same_name_or_website_within_a_city_only(coordinator, milan, sofia):
    acme = StakeholderFactory(city=milan, name="Acme S.p.A.", website="")
    twin = StakeholderFactory(city=milan, name="ACME srl", website="")
    site_a = StakeholderFactory(city=milan, name="Alfa", website="https://www.beta.it/")
    site_b = StakeholderFactory(city=milan, name="Beta", website="http://beta.it")
    StakeholderFactory(city=sofia, name="Acme", website="https://beta.it")

    suggestions = duplicate_suggestions(Stakeholder.objects.for_user(coordinator))

    pairs = {(s.first.pk, s.second.pk): s.reason for s in suggestions}
    assert pairs == {(acme.pk, twin.pk): "stesso nome", (site_a.pk, site_b.pk): "stesso sito web"}


def test_suggestions_pair_the_same_vat_number_in_any_spelling_within_a_city_only(
    coordinator, milan, sofia
):
    first = StakeholderFactory(city=milan, name="Fonderie Lombarde", vat_number="01234567897")
    second = StakeholderFactory(city=milan, name="FL Group", vat_number="IT 012 345 678 97")
    StakeholderFactory(city=sofia, name="Elsewhere", vat_number="01234567897")
    StakeholderFactory(city=milan, name="No number", vat_number="")
    StakeholderFactory(city=milan, name="Also none", vat_number="")

    suggestions = duplicate_suggestions(Stakeholder.objects.for_user(coordinator))

    assert [(s.first, s.second, s.reason) for s in suggestions] == [
        (first, second, "stessa partita IVA")
    ]


def test_merge_takes_the_chosen_vat_number_and_undo_gives_each_its_own(coordinator, pair):
    survivor, duplicate, _rows, _meeting = pair
    Stakeholder.objects.filter(pk=duplicate.pk).update(vat_number="01234567897")
    duplicate.refresh_from_db()

    merge = stakeholders_merge(
        survivor=survivor,
        duplicate=duplicate,
        take_from_duplicate=["vat_number"],
        actor=coordinator,
    )
    survivor.refresh_from_db()
    assert survivor.vat_number == "01234567897"

    stakeholder_merge_undo(merge=merge, actor=coordinator)
    survivor.refresh_from_db()
    assert survivor.vat_number == ""
    assert Stakeholder.objects.get(pk=duplicate.pk).vat_number == "01234567897"


def test_merge_keeps_the_survivors_vat_number_unless_told_otherwise(coordinator, pair):
    survivor, duplicate, _rows, _meeting = pair
    Stakeholder.objects.filter(pk=survivor.pk).update(vat_number="DE123456789")
    Stakeholder.objects.filter(pk=duplicate.pk).update(vat_number="01234567897")
    survivor.refresh_from_db()
    duplicate.refresh_from_db()

    stakeholders_merge(
        survivor=survivor, duplicate=duplicate, take_from_duplicate=[], actor=coordinator
    )

    survivor.refresh_from_db()
    assert survivor.vat_number == "DE123456789"
