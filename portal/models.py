"""Follow by e-mail: a visitor's subscription to a city, theme, partnership, need or the
needs board, and the digests sent to it (see portal/follow/README.md)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from iap.models import Need
from partnerships.models import City, Partnership, Theme


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def confirmed(self) -> SubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=False)

    def pending(self) -> SubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=True)


class Subscription(models.Model):
    """One address following one thing, with the consent it gave.

    The address is personal data (the registry below): it never appears on a page, in
    the admin or in the API; coordinators see counts only.
    """

    class Kind(models.TextChoices):
        CITY = "city", _("city")
        THEME = "theme", _("theme")
        PARTNERSHIP = "partnership", _("partnership")
        NEED = "need", _("need")
        NEEDS_BOARD = "needs", _("needs board")

    class Frequency(models.TextChoices):
        DAILY = "daily", _("every day")
        WEEKLY = "weekly", _("every week, on Mondays")

    # What the signed links carry: never the address, never a guessable number.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail"), db_index=True)
    kind = models.CharField(_("follows"), max_length=12, choices=Kind.choices)
    # "city:12", "needs": one value per followed thing, for the one-per-address rule.
    target = models.CharField(_("target"), max_length=40)
    city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    need = models.ForeignKey(
        Need, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    frequency = models.CharField(
        _("frequency"), max_length=6, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    language = models.CharField(_("language"), max_length=8)
    # The consent: when, what (the words shown), from which page.
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True, db_index=True)
    consent_text = models.TextField(_("consent given"))
    source_page = models.CharField(_("from page"), max_length=500, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    # The personal-data registry (core.personal_data): erasure, export, log redaction.
    personal_fields = ("email",)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["email", "target"], name="subscription_once_per_target")
        ]
        indexes = [models.Index(fields=["frequency", "target", "language"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.target}"

    @property
    def followed(self) -> models.Model | None:
        """The record followed (None for the needs board)."""
        return self.city or self.theme or self.partnership or self.need


class SubscriptionDigest(models.Model):
    """One digest sent to a subscription for a period: a second run sends nothing again."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="digests")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until (excluded)"))
    changes_count = models.PositiveIntegerField(_("changes"), default=0)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription digest")
        verbose_name_plural = _("subscription digests")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "period_start"], name="subscription_digest_once_a_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subscription} {self.period_start}"
