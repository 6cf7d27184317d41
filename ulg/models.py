"""Each city's URBACT Local Group (ULG), its members, meetings and pilot projects."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partnerships.models import (
    City,
    CityScopedQuerySet,
    Partnership,
    Publishable,
    SourcesField,
    Stakeholder,
    SyntheticMarker,
    Theme,
    end_after_start,
)


class UrbactLocalGroup(SyntheticMarker, Publishable):
    city = models.OneToOneField(
        City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="ulg"
    )
    name = models.CharField(_("name"), max_length=200)
    focus = models.TextField(_("focus"), blank=True)
    description = models.TextField(_("description"), blank=True)
    established = models.DateField(_("established"), null=True, blank=True)
    sources = SourcesField()

    objects = CityScopedQuerySet.as_manager()
    city_path = "city"
    publication_parents = ("city",)

    class Meta:
        verbose_name = _("URBACT Local Group")
        verbose_name_plural = _("URBACT Local Groups")
        ordering = ["city__name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ulg:detail", kwargs={"slug": self.city.slug})


class Membership(SyntheticMarker):
    """A stakeholder's seat in a ULG; `left` set when it leaves, so composition has a history."""

    class Role(models.TextChoices):
        CORE = "core", _("Core member")
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")
        FACILITATOR = "facilitator", _("Facilitator")

    ulg = models.ForeignKey(
        UrbactLocalGroup,
        verbose_name=_("ULG"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("stakeholder"),
        on_delete=models.PROTECT,
        related_name="ulg_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined = models.DateField(_("joined"), null=True, blank=True)
    left = models.DateField(_("left"), null=True, blank=True)

    objects = CityScopedQuerySet.as_manager()
    city_path = "ulg__city"
    publication_parents = ("ulg", "ulg__city")

    class Meta:
        verbose_name = _("ULG membership")
        verbose_name_plural = _("ULG memberships")
        ordering = ["ulg", "stakeholder__name"]
        constraints = [end_after_start("membership", start="joined", end="left")]

    def __str__(self) -> str:
        return f"{self.stakeholder} – {self.ulg}"

    @property
    def sector(self) -> str:
        """The sector the member represents, derived from the kind of organisation."""
        return self.stakeholder.get_kind_display()


class Meeting(SyntheticMarker, Publishable):
    ulg = models.ForeignKey(
        UrbactLocalGroup, verbose_name=_("ULG"), on_delete=models.CASCADE, related_name="meetings"
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    # Organisations, not people: attendance lists of persons would be personal data.
    attendees = models.ManyToManyField(
        Stakeholder, verbose_name=_("attending organisations"), blank=True, related_name="+"
    )

    objects = CityScopedQuerySet.as_manager()
    city_path = "ulg__city"
    # Minutes may name the people who spoke (core.personal_data).
    free_text_fields = ("minutes",)
    publication_parents = ("ulg", "ulg__city")

    class Meta:
        verbose_name = _("ULG meeting")
        verbose_name_plural = _("ULG meetings")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date})"


class SmallScaleActionQuerySet(CityScopedQuerySet):
    def with_partners(self) -> SmallScaleActionQuerySet:
        return self.select_related("ulg__city").prefetch_related(
            "themes",
            models.Prefetch(
                "partner_roles", queryset=SSAPartner.objects.select_related("stakeholder")
            ),
        )


class SmallScaleAction(SyntheticMarker, Publishable):
    """A pilot project a city ran with its ULG (SSA)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")

    ulg = models.ForeignKey(
        UrbactLocalGroup,
        verbose_name=_("ULG"),
        on_delete=models.PROTECT,
        related_name="small_scale_actions",
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="small_scale_actions"
    )
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, blank=True, db_index=True
    )
    resources = models.TextField(_("resources"), blank=True)
    results = models.TextField(_("results"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    partners = models.ManyToManyField(
        Stakeholder,
        through="SSAPartner",
        verbose_name=_("partners"),
        related_name="small_scale_actions",
    )
    partnerships = models.ManyToManyField(
        Partnership,
        verbose_name=_("related partnerships"),
        blank=True,
        related_name="small_scale_actions",
    )
    sources = SourcesField()
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SmallScaleActionQuerySet.as_manager()
    city_path = "ulg__city"
    publication_parents = ("ulg", "ulg__city")

    class Meta:
        verbose_name = _("Small-Scale Action")
        verbose_name_plural = _("Small-Scale Actions")
        ordering = ["-start_date", "title"]
        constraints = [end_after_start("ssa")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ulg:ssa-detail", kwargs={"slug": self.slug})


class SSAPartner(SyntheticMarker):
    small_scale_action = models.ForeignKey(
        SmallScaleAction,
        verbose_name=_("Small-Scale Action"),
        on_delete=models.CASCADE,
        related_name="partner_roles",
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("stakeholder"),
        on_delete=models.PROTECT,
        related_name="ssa_roles",
    )
    role = models.CharField(_("role"), max_length=200, blank=True)

    objects = CityScopedQuerySet.as_manager()
    city_path = "small_scale_action__ulg__city"
    # Partners of a public pilot project are named by its publication, as for partnerships.
    publication_parents = (
        "small_scale_action",
        "small_scale_action__ulg",
        "small_scale_action__ulg__city",
    )

    class Meta:
        verbose_name = _("SSA partner")
        verbose_name_plural = _("SSA partners")
        constraints = [
            models.UniqueConstraint(
                fields=["small_scale_action", "stakeholder"], name="ssa_partner_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} – {self.small_scale_action}"
