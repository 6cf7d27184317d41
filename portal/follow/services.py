"""Follow by e-mail: the writes (request, confirm, unsubscribe, erase) and the digests.

Every e-mail goes through the outbox (core/outbox.py), which retries what the mail
server refuses. See portal/follow/README.md for the rules and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core import personal_data
from core.outbox import queue_email
from portal.follow.changes import Period, Section, changes
from portal.models import Subscription, SubscriptionDigest

# Unconfirmed requests are deleted after this many days (the privacy notice says so),
# and a confirmation link stops working then.
PENDING_DAYS = 30
DIGEST_BATCH = 500

_CONFIRM_SALT = "portal.follow.confirm"
_UNSUBSCRIBE_SALT = "portal.follow.unsubscribe"


# --- links --------------------------------------------------------------------


def confirm_token(subscription: Subscription) -> str:
    return signing.TimestampSigner(salt=_CONFIRM_SALT).sign(subscription.key.hex)


def unsubscribe_token(subscription: Subscription) -> str:
    # No expiry: an unsubscribe link in a year-old digest still works.
    return signing.Signer(salt=_UNSUBSCRIBE_SALT).sign(subscription.key.hex)


def subscription_by_confirm_token(token: str) -> Subscription | None:
    try:
        key = signing.TimestampSigner(salt=_CONFIRM_SALT).unsign(
            token, max_age=dt.timedelta(days=PENDING_DAYS)
        )
    except signing.BadSignature:
        return None
    return Subscription.objects.filter(key=key).first()


def subscription_by_unsubscribe_token(token: str) -> Subscription | None:
    try:
        key = signing.Signer(salt=_UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return Subscription.objects.filter(key=key).first()


def absolute(path: str) -> str:
    """A link for an e-mail: sent from cron, there is no request to take the host from."""
    origin: str = settings.SITE_URL
    return origin.rstrip("/") + path


def _links(subscription: Subscription) -> dict[str, str]:
    # Under the subscriber's language: the paths carry its prefix.
    token = unsubscribe_token(subscription)
    return {
        "unsubscribe_url": absolute(reverse("follow:unsubscribe", kwargs={"token": token})),
        "one_click_url": absolute(reverse("follow:one-click", kwargs={"token": token})),
        "followed_url": absolute(followed_path(subscription)),
    }


def followed_path(subscription: Subscription) -> str:
    if subscription.kind == Subscription.Kind.NEEDS_BOARD:
        return reverse("iap:need-list")
    url: str = subscription.followed.get_absolute_url()  # type: ignore[union-attr]
    return url


def _send(
    *, subscription: Subscription, template: str, context: dict[str, Any], to_list: bool = True
) -> None:
    """Render `template` (first line: subject) in the subscriber's language and queue it.

    `to_list`: a message of the subscription, with its one-click unsubscribe. The
    confirmation is not one: it has no unsubscribe link, as cancelling a request would
    delete it and let the form mail the same address again (ignoring it is the refusal).
    """
    with translation.override(subscription.language):
        links = _links(subscription)
        context = {"subscription": subscription, **links, **context}
        subject, _newline, body = render_to_string(template, context).strip().partition("\n")
    queue_email(
        to=[subscription.email],
        subject=subject,
        body=body.strip(),
        # RFC 8058: a mail client unsubscribes with one POST, no page to open.
        headers={
            "List-Unsubscribe": f"<{links['one_click_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        if to_list
        else None,
    )


# --- subscribing --------------------------------------------------------------


def target_of(kind: str, record: Model | None) -> str:
    return kind if record is None else f"{kind}:{record.pk}"


@transaction.atomic
def subscription_request(
    *,
    email: str,
    kind: str,
    record: Model | None,
    frequency: str,
    language: str,
    consent_text: str,
    source_page: str,
) -> bool:
    """Record a request to follow `record` and e-mail its confirmation link.

    Returns whether a confirmation was queued. None is while the address has any
    request waiting for confirmation, nor for a thing it already follows: whoever
    types a stranger's address can cause them one message, never a second (the
    request expires after PENDING_DAYS). The caller shows the same page either way,
    so the form does not tell who follows what.
    """
    email = email.strip().lower()
    if Subscription.objects.filter(email=email).pending().exists():
        return False
    target = target_of(kind, record)
    if Subscription.objects.filter(email=email, target=target).exists():
        return False
    try:
        with transaction.atomic():
            subscription = Subscription.objects.create(
                email=email,
                kind=kind,
                target=target,
                frequency=frequency,
                language=language,
                consent_text=consent_text,
                source_page=source_page[:500],
                **({kind: record} if record is not None else {}),
            )
    except IntegrityError:  # the same request sent twice at once
        return False
    with translation.override(language):
        confirm_url = absolute(
            reverse("follow:confirm", kwargs={"token": confirm_token(subscription)})
        )
    _send(
        subscription=subscription,
        template="portal/follow/email/confirm.txt",
        context={"confirm_url": confirm_url, "pending_days": PENDING_DAYS},
        to_list=False,
    )
    return True


def subscription_confirm(*, subscription: Subscription) -> Subscription:
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def subscription_unsubscribe(*, subscription: Subscription) -> None:
    """Stop at once and keep nothing: the address and its digests' records go."""
    subscription.delete()


def subscriptions_purge_unconfirmed(*, now: dt.datetime | None = None) -> int:
    """Delete requests never confirmed within PENDING_DAYS."""
    limit = (now or timezone.now()) - dt.timedelta(days=PENDING_DAYS)
    deleted, _by_model = Subscription.objects.pending().filter(requested_at__lt=limit).delete()
    return deleted


# --- a person's data ----------------------------------------------------------


def subscriber_export(*, email: str) -> dict[str, Any]:
    """Everything stored about an address's subscriptions, ready for `json.dumps`."""
    fields = personal_data.personal_fields(Subscription)
    rows = Subscription.objects.filter(email__iexact=email.strip()).order_by("requested_at")
    return {
        "exported_at": timezone.now().isoformat(),
        "subscriptions": [
            {
                **{name: getattr(row, name) for name in fields},
                "follows": row.get_kind_display(),
                "target": str(row.followed or row.get_kind_display()),
                "frequency": row.frequency,
                "language": row.language,
                "consent": {
                    "requested": row.requested_at.isoformat(),
                    "text": row.consent_text,
                    "from_page": row.source_page,
                    "confirmed": row.confirmed_at.isoformat() if row.confirmed_at else None,
                },
                "digests_sent": [
                    digest.period_start.isoformat() for digest in row.digests.order_by("pk")
                ],
            }
            for row in rows
        ],
    }


@transaction.atomic
def subscriber_erase(*, email: str) -> int:
    """Delete an address's subscriptions and erase it wherever the registry says it may
    be copied (the outbox's messages to it). Returns the subscriptions deleted."""
    email = email.strip()
    deleted, _by_model = Subscription.objects.filter(email__iexact=email).delete()
    personal_data.scrub([email])
    return deleted


# --- digests ------------------------------------------------------------------


def digest_period(frequency: str, today: dt.date) -> Period | None:
    """The period a digest sent on `today` covers; None when it is not its day.

    Daily: yesterday. Weekly: the seven days up to yesterday, sent on Mondays.
    """
    if frequency == Subscription.Frequency.DAILY:
        return Period(today - dt.timedelta(days=1), today)
    if today.weekday() == 0:
        return Period(today - dt.timedelta(days=7), today)
    return None


@transaction.atomic
def digest_send(*, subscription: Subscription, period: Period, sections: list[Section]) -> bool:
    """Queue the digest of `period` for `subscription`, once.

    Returns False when there is nothing to tell or it was already sent: the unique
    (subscription, period) row is what makes a second run send nothing.
    """
    if not sections:
        return False
    _digest, created = SubscriptionDigest.objects.get_or_create(
        subscription=subscription,
        period_start=period.start,
        defaults={
            "period_end": period.end,
            "changes_count": sum(len(s.items) + s.more for s in sections),
        },
    )
    if not created:
        return False
    with translation.override(subscription.language):
        context = {
            "period": period,
            "last_day": period.end - dt.timedelta(days=1),
            "sections": [
                {
                    "title": section.title,
                    "items": [(item, absolute(item.path)) for item in section.items],
                    "more": section.more,
                }
                for section in sections
            ],
        }
    _send(subscription=subscription, template="portal/follow/email/digest.txt", context=context)
    return True


@dataclass
class DigestRun:
    sent: int = 0
    unchanged: int = 0  # confirmed subscriptions with nothing new in their period
    already_sent: int = 0


def _due(frequency: str, period: Period) -> Iterator[Subscription]:
    # Ordered by what is followed, so one followed thing's changes are read once
    # per language and then forgotten: memory stays flat however many subscribe.
    return (
        Subscription.objects.confirmed()
        .filter(frequency=frequency, confirmed_at__lt=period.bounds()[1])
        .exclude(digests__period_start=period.start)
        .select_related("city", "theme", "partnership", "need")
        .order_by("target", "language", "pk")
        .iterator(chunk_size=DIGEST_BATCH)
    )


def digests_send(*, today: dt.date) -> DigestRun:
    """Send every digest due on `today` (the `send_subscription_digest` command)."""
    run = DigestRun()
    for frequency in Subscription.Frequency.values:
        period = digest_period(frequency, today)
        if period is None:
            continue
        run.already_sent += SubscriptionDigest.objects.filter(
            subscription__frequency=frequency, period_start=period.start
        ).count()
        current: tuple[str, str] | None = None
        sections: list[Section] = []
        for subscription in _due(frequency, period):
            if (subscription.target, subscription.language) != current:
                current = (subscription.target, subscription.language)
                with translation.override(subscription.language):
                    sections = changes(subscription, period)
            if digest_send(subscription=subscription, period=period, sections=sections):
                run.sent += 1
            else:
                run.unchanged += 1
    return run
