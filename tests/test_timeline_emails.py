"""An organisation's timeline tells the e-mails the platform wrote to its people."""

import datetime as dt

import pytest
from django.urls import reverse

from core.outbox import queue_email
from portal.demo.factories import ContactFactory, InteractionFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def test_timeline_shows_emails_to_its_contacts_and_proposers_among_its_interactions(
    client, account_manager, milan
):
    contact = ContactFactory(stakeholder__city=milan, email="anna@acme.example")
    stakeholder = contact.stakeholder
    ProposalFactory(city=milan, stakeholder=stakeholder, email="Boss@Acme.example")
    InteractionFactory(stakeholder=stakeholder, date=dt.date(2020, 1, 1), summary="Old call")
    queue_email(to=["anna@acme.example"], subject="Invito al tavolo", body="…")
    queue_email(to=["boss@acme.example"], subject="Abbiamo ricevuto la tua proposta", body="…")
    queue_email(to=["gianna@acme.example"], subject="Per qualcun altro", body="…")
    client.force_login(account_manager)

    page = client.get(reverse("workspace:stakeholder-detail", args=[stakeholder.pk]))

    text = page.content.decode()
    assert "Invito al tavolo" in text
    assert "Abbiamo ricevuto la tua proposta" in text
    assert "Per qualcun altro" not in text
    # Newest first: today's e-mails before the 2020 call.
    assert text.index("Invito al tavolo") < text.index("Old call")
