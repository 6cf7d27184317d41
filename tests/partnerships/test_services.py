"""Engagement services: each one's success and each of its refusals."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from partnerships import services
from partnerships.duplicates import normalise_organisation_name, normalise_website
from partnerships.models import (
    Contact,
    Interaction,
    Participation,
    Partnership,
    Proposal,
    PublicationStatus,
    ResourceKind,
    Stakeholder,
)
from portal.demo.factories import (
    ContactFactory,
    InteractionFactory,
    PartnershipFactory,
    ProposalFactory,
    StakeholderFactory,
    ThemeFactory,
)

# --- duplicates ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("spelling", "normalised"),
    [
        ("Acme S.p.A.", "acme"),
        ("ACME spa", "acme"),
        ("Fondazione Cariplo", "fondazione cariplo"),
        ("Società Umanitaria ONLUS", "societa umanitaria"),
    ],
)
def test_organisation_names_are_normalised(spelling, normalised):
    assert normalise_organisation_name(spelling) == normalised


def test_websites_are_normalised_to_their_host():
    assert normalise_website("https://www.Acme.it/chi-siamo/") == "acme.it"
    assert normalise_website("acme.it") == "acme.it"
    assert normalise_website("") == ""


def test_similar_stakeholders_match_by_normalised_name_or_website(milan):
    by_name = StakeholderFactory(name="ACME S.p.A.", website="", city=milan)
    by_site = StakeholderFactory(name="Gruppo Acme", website="https://acme.example.org", city=milan)
    StakeholderFactory(name="Acme Consulting", website="", city=milan)

    found = Stakeholder.objects.similar_to(name="acme spa", website="http://www.acme.example.org/")

    assert set(found) == {by_name, by_site}


# --- proposals ----------------------------------------------------------------


def test_assign_sets_status_assignee_and_first_answer(coordinator, account_manager, milan):
    proposal = ProposalFactory(city=milan)

    services.proposal_assign(proposal=proposal, assignee=account_manager, actor=coordinator)

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ASSIGNED
    assert proposal.assignee == account_manager
    assert proposal.first_answered_at is not None


def test_assign_refuses_someone_who_does_not_work_on_the_city(coordinator, milan, sofia):
    from portal.demo.factories import CityRoleFactory

    sofia_manager = CityRoleFactory(city=sofia, role="account_manager").user
    proposal = ProposalFactory(city=milan)

    with pytest.raises(ValidationError):
        services.proposal_assign(proposal=proposal, assignee=sofia_manager, actor=coordinator)


def test_assign_refuses_an_actor_of_another_city(coordinator, account_manager, sofia):
    proposal = ProposalFactory(city=sofia)

    with pytest.raises(PermissionDenied):
        services.proposal_assign(proposal=proposal, assignee=account_manager, actor=coordinator)


def test_accept_creates_stakeholder_contact_and_draft_partnership(account_manager, milan):
    theme = ThemeFactory()
    proposal = ProposalFactory(
        city=milan,
        organisation_name="Acme Italia",
        website="https://acme.example.org",
        contact_name="Giulia Rossi",
        email="giulia@acme.example.org",
        resource_kinds=["money", "volunteers"],
        offer="Borse di studio per il quartiere.",
    )
    proposal.themes.set([theme])

    partnership = services.proposal_accept(
        proposal=proposal,
        actor=account_manager,
        title="Borse di studio a Corvetto",
        summary="Acme finanzia borse di studio.",
    )

    stakeholder = Stakeholder.objects.get(name="Acme Italia")
    assert stakeholder.city == milan
    assert stakeholder.account_manager == account_manager
    assert stakeholder.engagement_stage == Stakeholder.EngagementStage.IN_DISCUSSION
    assert stakeholder.listing_consent is False
    assert stakeholder.offered_resource_kinds == ["money", "volunteers"]
    assert list(stakeholder.interest_themes.all()) == [theme]
    contact = stakeholder.contacts.get()
    assert (contact.name, contact.email) == ("Giulia Rossi", "giulia@acme.example.org")
    assert contact.consent_date == timezone.localdate(proposal.created_at)
    assert str(proposal.pk) in contact.consent_source
    assert partnership.publication_status == PublicationStatus.DRAFT
    assert partnership.city == milan
    assert partnership.title == "Borse di studio a Corvetto"
    assert partnership.summary == "Acme finanzia borse di studio."
    assert list(partnership.themes.all()) == [theme]
    participation = partnership.participations.get()
    assert participation.role == Participation.Role.FUNDER
    assert (
        participation.contribution == f"{ResourceKind.MONEY.label}, {ResourceKind.VOLUNTEERS.label}"
    )
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED
    assert (proposal.stakeholder, proposal.partnership) == (stakeholder, partnership)


def test_accept_copies_none_of_the_proposers_words_into_the_partnership(account_manager, milan):
    proposal = ProposalFactory(
        city=milan,
        organisation_name="ENEL S.p.A.",
        offer="Buongiorno, sono Lucia Ferri, 333 1234567",
        resources_offered="Chiamate Lucia Ferri al 333 1234567",
    )

    partnership = services.proposal_accept(
        proposal=proposal, actor=account_manager, title="Energia per le scuole"
    )

    participation = partnership.participations.get()
    texts = [partnership.title, partnership.summary, partnership.description, partnership.slug]
    assert not any(
        "Lucia" in text or "Ferri" in text for text in [*texts, participation.contribution]
    )
    assert partnership.publication_status == PublicationStatus.DRAFT


def test_accept_refuses_a_partnership_without_title(account_manager, milan):
    with pytest.raises(ValidationError):
        services.proposal_accept(
            proposal=ProposalFactory(city=milan), actor=account_manager, title="  "
        )
    assert not Partnership.objects.exists()


def test_accept_merges_into_an_existing_stakeholder_without_a_twin(account_manager, milan):
    existing = StakeholderFactory(name="ACME S.p.A.", city=milan)
    ContactFactory(stakeholder=existing, email="giulia@acme.example.org")
    proposal = ProposalFactory(
        city=milan, organisation_name="Acme spa", email="GIULIA@acme.example.org"
    )

    services.proposal_accept(
        proposal=proposal, actor=account_manager, title="Acme", stakeholder=existing
    )

    assert Stakeholder.objects.count() == 1
    assert existing.contacts.count() == 1
    assert Participation.objects.get().stakeholder == existing


def test_accept_refuses_merging_into_another_city_stakeholder(account_manager, milan, sofia):
    proposal = ProposalFactory(city=milan)

    with pytest.raises(ValidationError):
        services.proposal_accept(
            proposal=proposal,
            actor=account_manager,
            title="Acme",
            stakeholder=StakeholderFactory(city=sofia),
        )
    assert not Partnership.objects.exists()


def test_accept_refuses_a_closed_proposal(account_manager, milan):
    proposal = ProposalFactory(city=milan, status=Proposal.Status.DECLINED)

    with pytest.raises(ValidationError):
        services.proposal_accept(proposal=proposal, actor=account_manager, title="Doposcuola")


def test_accept_refuses_an_actor_of_another_city(account_manager, sofia):
    with pytest.raises(PermissionDenied):
        services.proposal_accept(
            proposal=ProposalFactory(city=sofia), actor=account_manager, title="Acme"
        )
    assert not Stakeholder.objects.exists()


def test_decline_records_the_reason_and_emails_the_proposer(coordinator, milan):
    proposal = ProposalFactory(city=milan, email="proposer@example.org")

    services.proposal_decline(proposal=proposal, actor=coordinator, reason="Fuori ambito.")

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DECLINED
    assert proposal.first_answered_at is not None
    assert mail.outbox[0].to == ["proposer@example.org"]
    assert "Fuori ambito." in mail.outbox[0].body


def test_decline_refuses_an_empty_reason(coordinator, milan):
    proposal = ProposalFactory(city=milan)

    with pytest.raises(ValidationError):
        services.proposal_decline(proposal=proposal, actor=coordinator, reason="  ")
    assert not mail.outbox


def test_anonymise_clears_personal_data_in_the_proposal_and_its_history(milan):
    proposal = ProposalFactory(city=milan, contact_name="Mario Bianchi", email="mario@x.org")
    proposal.status = Proposal.Status.DECLINED
    proposal.save()

    services.proposal_anonymise(proposal=proposal)

    proposal.refresh_from_db()
    assert proposal.email == ""
    assert proposal.anonymised_at is not None
    assert proposal.organisation_name  # the organisation is not personal data
    assert not proposal.history.filter(email="mario@x.org").exists()
    assert not proposal.history.filter(contact_name="Mario Bianchi").exists()


def test_retention_picks_old_declined_and_never_converted_proposals(milan, settings):
    settings.PROPOSAL_RETENTION_DAYS = 30
    old = timezone.now() - dt.timedelta(days=31)
    declined = ProposalFactory(city=milan, status=Proposal.Status.DECLINED)
    forgotten = ProposalFactory(city=milan, status=Proposal.Status.NEW)
    converted = ProposalFactory(
        city=milan, status=Proposal.Status.ACCEPTED, stakeholder=StakeholderFactory(city=milan)
    )
    recent = ProposalFactory(city=milan, status=Proposal.Status.DECLINED)
    Proposal.objects.exclude(pk=recent.pk).update(created_at=old)

    assert set(services.proposals_due_for_anonymisation()) == {declined, forgotten}
    assert converted not in services.proposals_due_for_anonymisation()


# --- stakeholders and interactions -------------------------------------------


def test_move_stage_is_recorded_in_history_with_who_and_what(account_manager, milan):
    stakeholder = StakeholderFactory(city=milan, engagement_stage="prospect")

    with translation.override("en"):
        services.stakeholder_move_stage(
            stakeholder=stakeholder, stage="committed", actor=account_manager
        )

    latest = stakeholder.history.first()
    assert latest.engagement_stage == "committed"
    assert latest.history_user == account_manager
    assert latest.history_change_reason == "Stage: Prospect → Committed"


def test_move_stage_refuses_unknown_and_same_stage(account_manager, milan):
    stakeholder = StakeholderFactory(city=milan, engagement_stage="prospect")

    with pytest.raises(ValidationError):
        services.stakeholder_move_stage(stakeholder=stakeholder, stage="won", actor=account_manager)
    with pytest.raises(ValidationError):
        services.stakeholder_move_stage(
            stakeholder=stakeholder, stage="prospect", actor=account_manager
        )


def test_move_stage_refuses_another_city(account_manager, sofia):
    stakeholder = StakeholderFactory(city=sofia, engagement_stage="prospect")

    with pytest.raises(PermissionDenied):
        services.stakeholder_move_stage(
            stakeholder=stakeholder, stage="contacted", actor=account_manager
        )


def test_interaction_log_creates_an_owned_interaction_with_follow_up(account_manager, milan):
    stakeholder = StakeholderFactory(city=milan)
    contact = ContactFactory(stakeholder=stakeholder)

    interaction = services.interaction_log(
        stakeholder=stakeholder,
        actor=account_manager,
        kind=Interaction.Kind.MEETING,
        date=dt.date(2026, 11, 2),
        contact=contact,
        summary="Primo incontro.",
        follow_up_date=dt.date(2026, 11, 9),
        follow_up_action="Inviare la bozza di accordo",
    )

    assert interaction.owner == account_manager
    assert interaction.follow_up_done is False
    assert list(stakeholder.interactions.all()) == [interaction]


@pytest.mark.parametrize("problem", ["foreign_contact", "foreign_partnership", "late", "no_date"])
def test_interaction_log_refuses_inconsistent_input(account_manager, milan, sofia, problem):
    stakeholder = StakeholderFactory(city=milan)
    kwargs = {
        "foreign_contact": {"contact": ContactFactory(stakeholder__city=milan)},
        "foreign_partnership": {"partnership": PartnershipFactory(city=sofia)},
        "late": {"follow_up_date": dt.date(2026, 10, 1)},
        "no_date": {"follow_up_action": "Richiamare"},
    }[problem]

    with pytest.raises(ValidationError):
        services.interaction_log(
            stakeholder=stakeholder,
            actor=account_manager,
            kind="call",
            date=dt.date(2026, 11, 2),
            **kwargs,
        )
    assert not Interaction.objects.exists()


def test_interaction_log_refuses_another_city(account_manager, sofia):
    with pytest.raises(PermissionDenied):
        services.interaction_log(
            stakeholder=StakeholderFactory(city=sofia),
            actor=account_manager,
            kind="call",
            date=dt.date(2026, 11, 2),
        )


def test_follow_up_mark_done_and_refusals(account_manager, milan):
    interaction = InteractionFactory(stakeholder__city=milan, follow_up_date=dt.date(2026, 11, 1))
    services.follow_up_mark_done(interaction=interaction, actor=account_manager)
    interaction.refresh_from_db()
    assert interaction.follow_up_done is True

    with pytest.raises(ValidationError):
        services.follow_up_mark_done(interaction=interaction, actor=account_manager)
    with pytest.raises(ValidationError):
        services.follow_up_mark_done(
            interaction=InteractionFactory(stakeholder__city=milan), actor=account_manager
        )


# --- personal data ------------------------------------------------------------


@pytest.fixture
def person(milan):
    contact = ContactFactory(
        stakeholder__city=milan,
        name="Laura Verdi",
        email="laura.verdi@example.org",
        phone="+39 02 7654321",
        role="Responsabile CSR",
        consent_scope="Contatti sul progetto",
    )
    contact.role = "Direttrice CSR"  # a change, so the history holds two versions
    contact.save()
    InteractionFactory(
        stakeholder=contact.stakeholder,
        contact=contact,
        summary="Chiamata con Laura Verdi (laura.verdi@example.org): interessati al doposcuola.",
        date=dt.date(2026, 10, 5),
    )
    ProposalFactory(city=milan, contact_name="Laura Verdi", email="laura.verdi@example.org")
    return contact


def test_export_holds_everything_stored_about_the_person(coordinator, person):
    exported = services.contact_export(contact=person, actor=coordinator)

    json.dumps(exported)  # ready to download
    assert exported["contact"]["email"] == "laura.verdi@example.org"
    assert exported["contact"]["consent"]["scope"] == "Contatti sul progetto"
    assert "doposcuola" in exported["interactions"][0]["summary"]
    assert exported["proposals"][0]["contact_name"] == "Laura Verdi"
    assert [record["role"] for record in exported["history"]] == [
        "Responsabile CSR",
        "Direttrice CSR",
    ]


def test_export_and_erase_refuse_account_managers_and_other_cities(
    account_manager, coordinator, person, sofia
):
    other = ContactFactory(stakeholder__city=sofia)
    for service in (services.contact_export, services.contact_erase):
        with pytest.raises(PermissionDenied):
            service(contact=person, actor=account_manager)
        with pytest.raises(PermissionDenied):
            service(contact=other, actor=coordinator)


def test_erase_anonymises_contact_history_interactions_and_proposals(coordinator, person):
    services.contact_erase(contact=person, actor=coordinator)

    person.refresh_from_db()
    assert (person.name, person.email, person.phone, person.role) == ("[erased]", "", "", "")
    assert person.erased_at is not None
    for value in ("Laura Verdi", "laura.verdi@example.org", "+39 02 7654321", "Direttrice CSR"):
        assert not Contact.history.filter(id=person.pk, name=value).exists()
        assert not Contact.history.filter(id=person.pk, email=value).exists()
        assert not Contact.history.filter(id=person.pk, phone=value).exists()
        assert not Contact.history.filter(id=person.pk, role=value).exists()
    interaction = person.interactions.get()
    # The non-personal facts stay.
    assert interaction.date == dt.date(2026, 10, 5)
    assert interaction.summary == "Chiamata con [erased] ([erased]): interessati al doposcuola."
    assert all("Laura" not in record.summary for record in interaction.history.all())
    proposal = Proposal.objects.get()
    assert proposal.anonymised_at is not None
    assert not proposal.history.filter(contact_name="Laura Verdi").exists()


def test_erase_refuses_twice(coordinator, person):
    services.contact_erase(contact=person, actor=coordinator)

    with pytest.raises(ValidationError):
        services.contact_erase(contact=person, actor=coordinator)


def test_export_after_erasure_shows_no_erased_value(coordinator, person):
    services.contact_erase(contact=person, actor=coordinator)

    exported = json.dumps(services.contact_export(contact=person, actor=coordinator))

    assert "Laura" not in exported
    assert "laura.verdi" not in exported
    assert "7654321" not in exported


def test_accept_refuses_a_proposal_closed_meanwhile_by_someone_else(account_manager, milan):
    proposal = ProposalFactory(city=milan)
    stale_copy = Proposal.objects.get(pk=proposal.pk)
    services.proposal_accept(proposal=proposal, actor=account_manager, title="Doposcuola")

    with pytest.raises(ValidationError):
        services.proposal_accept(proposal=stale_copy, actor=account_manager, title="Doposcuola")
    assert Stakeholder.objects.count() == 1
