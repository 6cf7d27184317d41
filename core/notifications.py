"""Notifications inside the workspace, and by e-mail for those who ask.

The domain's services decide who is told (the assignee, the account manager, the
person mentioned, always someone working on the record's city) and call `notify`.
A notification is stored once per user and event (`key`), so a command run twice
or a note saved again tells nobody twice. Those who chose e-mail get one through
the outbox (core/outbox.py), in the staff's language, sent after the commit.

The bell costs one query per page: `unread_count` counts the reader's unread rows
on the (user, read_at) index.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from core.models import Notification, NotificationPreference
from core.outbox import queue_email


def notify(*, users: Iterable[Any], kind: str, subject: str, url: str, key: str) -> int:
    """Tell each of `users` once about the event `key`; returns how many were told."""
    told = 0
    for user in {user.pk: user for user in users if user is not None and user.is_active}.values():
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=user, kind=kind, subject=subject[:300], url=url, key=key[:100]
                )
        except IntegrityError:
            continue  # already told about this event
        told += 1
        if user.email and wants_email(user):
            _email(notification, user.email)
    return told


def wants_email(user: Any) -> bool:
    return NotificationPreference.objects.filter(user=user, also_mailed=True).exists()


def _email(notification: Notification, address: str) -> None:
    site = settings.SITE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        title = notification.get_kind_display()
        queue_email(
            to=[address],
            subject=f"{title}: {notification.subject}",
            body=f"{title}: {notification.subject}\n\n{site}{notification.url}\n",
        )


def unread_count(user: Any) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def set_email_preference(*, user: Any, also_mailed: bool) -> None:
    NotificationPreference.objects.update_or_create(
        user=user, defaults={"also_mailed": also_mailed}
    )
