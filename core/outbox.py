"""The e-mail outbox: every e-mail the site sends is first a row, then a message.

Why an outbox and not a task queue (Celery, RQ): it needs no broker to run and
watch; a queued message survives restarts and mail-server outages; and it is
written in the caller's transaction, so a saved proposal always has its
notification, and a rolled-back one never sends any.

- `queue_email(...)` stores the message (inside the caller's transaction) and, once
  that commits, tries to send it at once, best effort: a mail server that is down
  or refuses costs the visitor nothing but EMAIL_TIMEOUT.
- `send_due()` (the `send_queued_email` command, from cron every minute) retries
  what is due, with exponential back-off, up to OUTBOX_MAX_ATTEMPTS tries; a row is
  claimed by a conditional UPDATE before sending, so two senders never send it twice.
- `purge_old()` deletes sent and given-up messages after OUTBOX_RETENTION_DAYS: the
  addresses and text in them are personal data.
- Subjects are made safe here: a line break (e.g. in an organisation's name) would
  make a header injection, which Django refuses with BadHeaderError.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from functools import partial
from smtplib import SMTPResponseException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.models import OutboundEmail

logger = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 60
LONGEST_RETRY_SECONDS = 6 * 60 * 60
# A claimed message is not picked again for this long (a sender that died mid-send).
CLAIM_SECONDS = 10 * 60


def safe_subject(subject: str) -> str:
    """One line: line breaks and runs of white space become one space."""
    return " ".join(subject.split())


def after_commit(callback: Callable[[], object]) -> None:
    # robust: a failure of the immediate send is logged, never the caller's error.
    transaction.on_commit(callback, robust=True)


def queue_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    html: str = "",
    headers: dict[str, str] | None = None,
) -> OutboundEmail | None:
    """Store an e-mail to send; it goes out once the caller's transaction commits."""
    if not to:
        return None
    email = OutboundEmail.objects.create(
        to="\n".join(to),
        subject=safe_subject(subject),
        body=body,
        html=html,
        headers={name: safe_subject(value) for name, value in (headers or {}).items()},
    )
    after_commit(partial(send_one, pk=email.pk))
    return email


def sent_to(addresses: list[str]) -> QuerySet[OutboundEmail]:
    """The e-mails written to any of `addresses` (one recipient a line in `to`), newest
    first: an organisation's timeline shows what the platform told its people. Only
    what the retention has not purged yet."""
    lines = Q()
    for address in {address.strip().lower() for address in addresses if address.strip()}:
        # A whole line, so "anna@x.it" does not match "gianna@x.it".
        lines |= Q(to__iregex=rf"(^|\n){re.escape(address)}(\n|$)")
    if not lines:
        return OutboundEmail.objects.none()
    return OutboundEmail.objects.filter(lines).order_by("-created_at")


def retry_delay(attempts: int) -> dt.timedelta:
    """1, 2, 4, … minutes after the n-th failed attempt, at most 6 hours."""
    seconds = FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, LONGEST_RETRY_SECONDS))


def describe_error(error: Exception) -> str:
    if isinstance(error, SMTPResponseException):
        return f"{type(error).__name__} {error.smtp_code}"
    return type(error).__name__


def _pending() -> Q:
    return Q(sent_at=None, attempts__lt=settings.OUTBOX_MAX_ATTEMPTS)


def send_one(*, pk: int, now: dt.datetime | None = None) -> bool:
    """Send message `pk` if it is due and no other sender has claimed it."""
    now = now or timezone.now()
    claimed = OutboundEmail.objects.filter(_pending(), pk=pk, next_attempt_at__lte=now).update(
        next_attempt_at=now + dt.timedelta(seconds=CLAIM_SECONDS)
    )
    if not claimed:
        return False
    email = OutboundEmail.objects.get(pk=pk)
    if not email.recipients:
        # Everyone it was for has been erased since it was queued: never send it.
        email.attempts = settings.OUTBOX_MAX_ATTEMPTS
        email.last_error = "recipient erased"
        email.save(update_fields=["attempts", "last_error"])
        return False
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.recipients,
        headers=email.headers,
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    email.attempts += 1
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 — any failure: keep the message, retry later
        email.last_error = describe_error(error)[:200]
        email.next_attempt_at = now + retry_delay(email.attempts)
        logger.warning(
            "e-mail %s not sent (attempt %s): %s", email.pk, email.attempts, email.last_error
        )
        email.save(update_fields=["attempts", "last_error", "next_attempt_at"])
        return False
    email.sent_at = timezone.now()
    email.last_error = ""
    email.save(update_fields=["attempts", "last_error", "sent_at"])
    return True


def send_due(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Send every due message; returns (sent, still waiting)."""
    now = now or timezone.now()
    due = OutboundEmail.objects.filter(_pending(), next_attempt_at__lte=now).order_by(
        "next_attempt_at", "pk"
    )
    sent = sum(send_one(pk=pk, now=now) for pk in due.values_list("pk", flat=True))
    return sent, OutboundEmail.objects.filter(_pending()).count()


def purge_old(*, now: dt.datetime | None = None) -> int:
    """Delete messages sent, or given up, more than OUTBOX_RETENTION_DAYS ago."""
    limit = (now or timezone.now()) - dt.timedelta(days=settings.OUTBOX_RETENTION_DAYS)
    given_up = Q(sent_at=None, attempts__gte=settings.OUTBOX_MAX_ATTEMPTS, created_at__lt=limit)
    deleted, _by_model = OutboundEmail.objects.filter(Q(sent_at__lt=limit) | given_up).delete()
    return deleted
