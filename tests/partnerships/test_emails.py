"""E-mails speak their recipient's language and link with absolute addresses; a
decline is previewed, in the proposer's language, before it is sent."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from partnerships.models import Proposal
from portal.demo.factories import InteractionFactory, ProposalFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


def propose(client, milan, language):
    return client.post(
        f"/{language}/propose/",
        {
            "organisation_name": "Acme Ltd",
            "organisation_kind": "company",
            "contact_name": "Jane Doe",
            "email": "jane@acme.example.org",
            "city": milan.pk,
            "resource_kinds": ["skills"],
            "offer": "Mentoring for teachers.",
            "privacy_consent": "on",
        },
    )


@pytest.fixture
def coordinator_with_email(coordinator):
    coordinator.email = "coord@milano.test"
    coordinator.save()
    return coordinator


def test_an_english_proposer_gets_english_and_the_coordinators_italian(
    client, milan, coordinator_with_email
):
    propose(client, milan, "en")

    proposal = Proposal.objects.get()
    assert proposal.language == "en"
    to_proposer, to_coordinator = mail.outbox
    assert to_proposer.subject == "CITIES4CSR: we received your proposal"
    assert to_coordinator.subject == "Nuova proposta di CSR da Acme Ltd"
    assert "http://testserver/workspace/proposals/" in to_coordinator.body


def test_an_italian_proposer_gets_italian(client, milan):
    propose(client, milan, "it")

    assert Proposal.objects.get().language == "it"
    assert mail.outbox[0].subject == "CITIES4CSR: abbiamo ricevuto la tua proposta"


def test_decline_is_previewed_in_the_proposers_language_and_changes_nothing(
    client, milan, coordinator
):
    proposal = ProposalFactory(city=milan, language="en", contact_name="Jane Doe")
    client.force_login(coordinator)

    response = client.post(
        f"/workspace/proposals/{proposal.pk}/decline/",
        {"reason": "Il doposcuola è già coperto."},
        HTTP_ACCEPT_LANGUAGE="it",
    )

    assert response.context["subject"] == "CITIES4CSR: about your proposal"
    assert "Dear Jane Doe" in response.context["body"]
    assert "Il doposcuola è già coperto." in response.context["body"]
    assert "inglese" in response.text  # the page (Italian) says which language it is in
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.NEW
    assert mail.outbox == []


def test_sending_the_previewed_decline_e_mails_the_proposer_in_english(client, milan, coordinator):
    proposal = ProposalFactory(city=milan, language="en", email="jane@acme.example.org")
    client.force_login(coordinator)

    client.post(
        f"/workspace/proposals/{proposal.pk}/decline/",
        {"reason": "Already covered.", "send": "1"},
        HTTP_ACCEPT_LANGUAGE="it",
    )

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DECLINED
    [message] = mail.outbox
    assert message.to == ["jane@acme.example.org"]
    assert message.subject == "CITIES4CSR: about your proposal"
    assert "Thank you for your interest" in message.body


def test_the_digest_links_with_an_absolute_address(account_manager, milan, settings):
    settings.SITE_URL = "https://cities4csr.comune.example"
    account_manager.email = "manager@milano.test"
    account_manager.save()
    InteractionFactory(
        stakeholder=StakeholderFactory(city=milan, account_manager=account_manager),
        follow_up_date=dt.date(2026, 11, 20),
        follow_up_action="Call back",
    )

    call_command("send_followup_digest", date="2026-11-20", stdout=None)

    assert "https://cities4csr.comune.example/workspace/follow-ups/" in mail.outbox[0].body
