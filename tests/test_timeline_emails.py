"""An organisation's timeline tells the e-mails the platform wrote to its people, and
the account managers' follow-up digests that listed it."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.outbox import queue_email
from partnerships.merging import stakeholder_merge_undo, stakeholders_merge
from partnerships.models import FollowUpDigest
from portal.demo.factories import (
    ContactFactory,
    InteractionFactory,
    ProposalFactory,
    StakeholderFactory,
)

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


def _due_follow_up(stakeholder, manager, day):
    return InteractionFactory(
        stakeholder=stakeholder,
        owner=manager,
        date=day - dt.timedelta(days=7),
        follow_up_date=day,
        follow_up_action="Richiamare",
    )


def test_a_follow_up_digest_shows_once_on_each_organisation_it_listed(
    client, account_manager, milan
):
    account_manager.first_name, account_manager.last_name = "Marta", "Bianchi"
    account_manager.save()
    day = dt.date(2026, 11, 16)
    listed = StakeholderFactory(city=milan)
    other = StakeholderFactory(city=milan)
    _due_follow_up(listed, account_manager, day)
    _due_follow_up(listed, account_manager, day)  # two lines, one digest
    InteractionFactory(stakeholder=other, owner=account_manager)  # nothing due

    call_command("send_followup_digest", date=day.isoformat(), stdout=io.StringIO())
    call_command("send_followup_digest", date=day.isoformat(), stdout=io.StringIO())  # again
    client.force_login(account_manager)

    text = client.get(reverse("workspace:stakeholder-detail", args=[listed.pk])).text
    assert text.count("Riepilogo dei follow-up inviato via e-mail") == 1
    assert "a Marta Bianchi, con i follow-up di questa organizzazione" in text
    other_page = client.get(reverse("workspace:stakeholder-detail", args=[other.pk])).text
    assert "Riepilogo dei follow-up" not in other_page


def test_the_digest_line_is_staff_only(client, account_manager, milan):
    day = dt.date(2026, 11, 16)
    listed = StakeholderFactory(city=milan, listing_consent=True, name="Acme Lombardia")
    _due_follow_up(listed, account_manager, day)
    call_command("send_followup_digest", date=day.isoformat(), stdout=io.StringIO())

    anonymous = client.get(reverse("workspace:stakeholder-detail", args=[listed.pk]))
    directory = client.get("/it/stakeholders/").text

    assert anonymous.status_code == 302
    assert "Acme Lombardia" in directory
    assert "Riepilogo dei follow-up" not in directory


def test_a_merge_moves_the_digest_line_and_its_undo_moves_it_back(
    coordinator, account_manager, milan
):
    day = dt.date(2026, 11, 16)
    survivor, duplicate = StakeholderFactory(city=milan), StakeholderFactory(city=milan)
    _due_follow_up(duplicate, account_manager, day)
    call_command("send_followup_digest", date=day.isoformat(), stdout=io.StringIO())
    digest = FollowUpDigest.objects.get()

    merge = stakeholders_merge(
        survivor=survivor, duplicate=duplicate, take_from_duplicate=[], actor=coordinator
    )
    assert list(survivor.follow_up_digests.all()) == [digest]

    stakeholder_merge_undo(merge=merge, actor=coordinator)
    assert list(survivor.follow_up_digests.all()) == []
    assert list(duplicate.follow_up_digests.all()) == [digest]
