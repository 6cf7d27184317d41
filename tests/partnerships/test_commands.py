"""send_followup_digest and anonymise_old_proposals."""

import datetime as dt
from io import StringIO
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from partnerships.models import FollowUpDigest, Proposal
from portal.demo.factories import (
    CityRoleFactory,
    InteractionFactory,
    ProposalFactory,
    StakeholderFactory,
)

DAY = dt.date(2026, 11, 20)


def run(command, **options):
    out = StringIO()
    call_command(command, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def manager_with_follow_ups(account_manager, milan):
    account_manager.email = "manager@milano.test"
    account_manager.save()
    stakeholder = StakeholderFactory(city=milan, name="Acme", account_manager=account_manager)
    for days, action in [(-3, "Overdue call"), (0, "Today's e-mail"), (2, "Next week visit")]:
        InteractionFactory(
            stakeholder=stakeholder,
            follow_up_date=DAY + dt.timedelta(days=days),
            follow_up_action=action,
        )
    InteractionFactory(
        stakeholder=stakeholder,
        follow_up_date=DAY,
        follow_up_action="Already done",
        follow_up_done=True,
    )
    return account_manager


def test_digest_lists_overdue_and_today_follow_ups_only(manager_with_follow_ups):
    output = run("send_followup_digest", date=DAY.isoformat())

    assert "1 sent" in output
    [message] = mail.outbox
    assert message.to == ["manager@milano.test"]
    assert "Overdue call" in message.body
    assert "Today's e-mail" in message.body
    assert "Next week visit" not in message.body
    assert "Already done" not in message.body


def test_digest_is_sent_once_a_day(manager_with_follow_ups):
    run("send_followup_digest", date=DAY.isoformat())
    output = run("send_followup_digest", date=DAY.isoformat())

    assert "0 sent, 1 already sent earlier" in output
    assert len(mail.outbox) == 1
    assert FollowUpDigest.objects.get().follow_ups_count == 2

    run("send_followup_digest", date=(DAY + dt.timedelta(days=1)).isoformat())
    assert len(mail.outbox) == 2


def test_digest_goes_to_owner_and_never_lists_other_cities(manager_with_follow_ups, sofia):
    sofia_manager = CityRoleFactory(
        city=sofia, role="account_manager", user__email="manager@sofia.test"
    ).user
    InteractionFactory(
        stakeholder__city=sofia,
        owner=sofia_manager,
        follow_up_date=DAY,
        follow_up_action="Sofia task",
    )

    run("send_followup_digest", date=DAY.isoformat())

    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "Sofia task" in bodies["manager@sofia.test"]
    assert "Sofia task" not in bodies["manager@milano.test"]


def test_digest_refused_by_the_mail_server_stays_queued_and_goes_out_on_retry(
    manager_with_follow_ups,
):
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=SMTPException("down")
    ):
        run("send_followup_digest", date=DAY.isoformat())
    assert FollowUpDigest.objects.count() == 1
    assert not mail.outbox

    run("send_queued_email")  # not due yet: the back-off
    assert not mail.outbox
    with mock.patch(
        "core.outbox.timezone.now", return_value=timezone.now() + dt.timedelta(hours=1)
    ):
        run("send_queued_email")
    assert len(mail.outbox) == 1
    assert run("send_followup_digest", date=DAY.isoformat()).startswith("Follow-up digests")
    assert len(mail.outbox) == 1


def test_digest_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="not a date"):
        run("send_followup_digest", date="20-11-2026")


def test_retention_command_anonymises_only_expired_unconverted_proposals(milan, settings):
    settings.PROPOSAL_RETENTION_DAYS = 30
    expired = ProposalFactory(city=milan, status=Proposal.Status.DECLINED, email="old@x.org")
    kept = ProposalFactory(city=milan, status=Proposal.Status.NEW, email="new@x.org")
    Proposal.objects.filter(pk=expired.pk).update(created_at=timezone.now() - dt.timedelta(days=45))

    assert "1 proposals would be anonymised" in run("anonymise_old_proposals", dry_run=True)
    assert Proposal.objects.get(pk=expired.pk).email == "old@x.org"

    output = run("anonymise_old_proposals")

    assert "1 proposals older than 30 days anonymised" in output
    expired.refresh_from_db()
    kept.refresh_from_db()
    assert (expired.email, expired.contact_name) == ("", "[anonymised]")
    assert not expired.history.filter(email="old@x.org").exists()
    assert kept.email == "new@x.org"
    assert "0 proposals" in run("anonymise_old_proposals")
