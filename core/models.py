"""core's models: the e-mail outbox (core/outbox.py) and the calendar feeds' secret
addresses (core/calendar_feed.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.personal_data import ERASED


class OutboundEmail(models.Model):
    """An e-mail the site sends, kept until it is sent and the retention has passed.

    Holds personal data (addresses, names in the text): purged by
    `send_queued_email` OUTBOX_RETENTION_DAYS after it was sent or given up.
    """

    # Text, one address a line (not JSON), so the erasure of a person can reach it like
    # any other text column of the personal-data registry.
    to = models.TextField(_("recipients"))
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("body"))
    html = models.TextField(_("HTML body"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The error's kind and SMTP code only: never the server's whole answer, which
    # may echo addresses or credentials.
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # The addresses and the text may name a person: erasure scrubs them (core.personal_data).
    free_text_fields = ("to", "subject", "body", "html")

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"])]

    def __str__(self) -> str:
        return self.subject

    @property
    def recipients(self) -> list[str]:
        """The addresses still to write to: an erased person's is no longer one."""
        return [line for line in self.to.splitlines() if line.strip() and ERASED not in line]


class CalendarToken(models.Model):
    """The secret part of a user's private calendar feed address.

    Only its SHA-256 is stored: a copy of the database (a backup) does not give anyone
    the address. One per user; issuing a new one revokes the old address.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed address")
        verbose_name_plural = _("calendar feed addresses")

    def __str__(self) -> str:
        return str(self.user)


class Notification(models.Model):
    """Something a member of staff should look at, shown under the workspace's bell.

    Written by `core.notifications.notify` for the people the domain's services name
    (who works on the record's city is their rule, not this model's); read only by
    its recipient. `subject` names the record (an organisation, a need), never a
    person; the sentence around it is said in the reader's language from `kind`.
    """

    class Kind(models.TextChoices):
        PROPOSAL_ASSIGNED = "proposal_assigned", _("A proposal was assigned to you")
        FOLLOW_UP_DUE = "follow_up_due", _("A follow-up is due today")
        PLEDGE_RECORDED = "pledge_recorded", _("A pledge was recorded by one of your stakeholders")
        MENTION = "mention", _("You were mentioned in a note")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=300)
    url = models.CharField(_("address"), max_length=300)
    # What it is about ("interaction 12 on 2026-12-04"): one notification per event.
    key = models.CharField(_("event"), max_length=100)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    # A follow-up's action, repeated in its notification, may name a person (core.personal_data).
    free_text_fields = ("subject",)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="notification_once")
        ]
        # The bell's count: one index-only lookup per page.
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"


class NotificationPreference(models.Model):
    """Whether a user also receives their notifications by e-mail (off until they ask)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    also_mailed = models.BooleanField(_("also by e-mail"), default=False)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)
