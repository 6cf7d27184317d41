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
