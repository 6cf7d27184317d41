"""The e-mail outbox: a mail server that is down or refuses never loses a message."""

import datetime as dt
from io import StringIO
from smtplib import SMTPRecipientsRefused, SMTPServerDisconnected
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from core.models import OutboundEmail
from core.outbox import queue_email, retry_delay, send_due, send_one
from core.personal_data import scrub
from partnerships.models import CityRole, Proposal
from portal.demo.factories import CityRoleFactory

SMTP_DOWN = mock.patch(
    "django.core.mail.EmailMultiAlternatives.send",
    side_effect=SMTPServerDisconnected("Connection unexpectedly closed"),
)


@pytest.fixture(autouse=True)
def _outbox_sends_when_queued():
    """Here the send waits for the commit, as in production (see tests/conftest.py)."""


@pytest.fixture
def form_data(milan):
    CityRoleFactory(city=milan, role=CityRole.Role.COORDINATOR, user__email="coord@milano.test")
    return {
        "organisation_name": "Acme Italia",
        "organisation_kind": "company",
        "contact_name": "Giulia Rossi",
        "email": "giulia@acme.example.org",
        "city": milan.pk,
        "resource_kinds": ["skills"],
        "offer": "Consulenza legale gratuita.",
        "privacy_consent": "on",
    }


def run_send_queued_email(now=None) -> str:
    out = StringIO()
    with mock.patch("core.outbox.timezone.now", return_value=now or timezone.now()):
        call_command("send_queued_email", stdout=out)
    return out.getvalue()


def test_mail_server_down_the_proposal_is_saved_thanked_and_its_emails_sent_later(
    client, form_data, django_capture_on_commit_callbacks
):
    with SMTP_DOWN, django_capture_on_commit_callbacks(execute=True):
        response = client.post("/it/propose/", form_data)

    assert response.status_code == 302
    assert response["Location"].endswith("/propose/thanks/")
    assert Proposal.objects.get().organisation_name == "Acme Italia"
    queued = OutboundEmail.objects.order_by("pk")
    assert [row.recipients for row in queued] == [
        ["giulia@acme.example.org"],
        ["coord@milano.test"],
    ]
    assert {(row.attempts, row.last_error) for row in queued} == {(1, "SMTPServerDisconnected")}
    assert not mail.outbox

    assert "2 sent, 0 waiting" in run_send_queued_email(timezone.now() + dt.timedelta(minutes=2))
    assert sorted(message.to[0] for message in mail.outbox) == [
        "coord@milano.test",
        "giulia@acme.example.org",
    ]


def test_a_line_break_in_an_organisation_name_never_breaks_the_notification(
    client, form_data, django_capture_on_commit_callbacks
):
    form_data["organisation_name"] = "Acme\r\nBcc: everyone@example.org"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/it/propose/", form_data)

    assert response.status_code == 302
    subjects = [message.subject for message in mail.outbox]
    assert len(subjects) == 2
    assert all("\n" not in subject and "\r" not in subject for subject in subjects)
    assert any("Acme Bcc: everyone@example.org" in subject for subject in subjects)


def test_a_subject_with_line_breaks_is_collapsed_to_one_line(db):
    email = queue_email(to=["a@example.org"], subject="Hello\r\n  world\n", body="Body")

    assert email.subject == "Hello world"


def test_an_email_queued_in_a_rolled_back_transaction_is_never_sent(
    db, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue_email(to=["a@example.org"], subject="Hello", body="Body")
        raise RuntimeError

    assert not OutboundEmail.objects.exists()
    assert not mail.outbox


def test_retries_back_off_and_stop_after_the_last_attempt(db, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    start = timezone.now()
    queue_email(to=["a@example.org"], subject="Hello", body="Body")

    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send",
        side_effect=SMTPRecipientsRefused({"a@example.org": (550, b"secret detail")}),
    ):
        assert send_due(now=start) == (0, 1)
        # Not due again before the back-off.
        assert send_due(now=start + dt.timedelta(seconds=30)) == (0, 1)
        assert send_due(now=start + dt.timedelta(minutes=2)) == (0, 1)
        assert send_due(now=start + dt.timedelta(minutes=10)) == (0, 0)
        assert send_due(now=start + dt.timedelta(days=1)) == (0, 0)

    email = OutboundEmail.objects.get()
    assert email.attempts == 3
    assert email.sent_at is None
    # The kind of error, never the server's text.
    assert email.last_error == "SMTPRecipientsRefused"
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 20)] == [60, 120, 240, 21600]


def test_a_message_is_sent_once_even_if_two_senders_pick_it(db):
    email = queue_email(to=["a@example.org"], subject="Hello", body="Body")
    now = timezone.now()

    assert send_due(now=now) == (1, 0)
    assert send_due(now=now) == (0, 0)
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.sent_at is not None


def test_sent_messages_are_purged_after_the_retention(db, settings):
    settings.OUTBOX_RETENTION_DAYS = 30
    queue_email(to=["old@example.org"], subject="Old", body="Body")
    send_due()
    queue_email(to=["new@example.org"], subject="New", body="Body")

    output = run_send_queued_email(timezone.now() + dt.timedelta(days=31))

    assert "1 old ones purged" in output
    assert list(OutboundEmail.objects.values_list("subject", flat=True)) == ["New"]


def test_a_message_to_an_erased_person_is_never_sent(db, settings):
    email = queue_email(to=["lucia@enel.example.org"], subject="Grazie", body="Ricevuta.")
    OutboundEmail.objects.filter(pk=email.pk).update(sent_at=None, attempts=0)
    scrub(["lucia@enel.example.org"])
    mail.outbox.clear()

    assert send_one(pk=email.pk) is False

    email.refresh_from_db()
    assert mail.outbox == []
    assert "lucia@enel.example.org" not in email.to
    assert email.attempts == settings.OUTBOX_MAX_ATTEMPTS
