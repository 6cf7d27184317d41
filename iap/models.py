"""Each city's Integrated Action Plan (IAP), its toolbox, priorities and needs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.uploads import DocumentField
from iap.agreement_templates import check_agreement_template_file
from partnerships.models import (
    City,
    CityScopedQuerySet,
    Partnership,
    Proposal,
    Publishable,
    ResourceKind,
    SourcesField,
    Stakeholder,
    SustainableDevelopmentGoal,
    SyntheticMarker,
    Theme,
    end_after_start,
    non_negative,
)
from ulg.models import SmallScaleAction


class IntegratedActionPlan(SyntheticMarker, Publishable):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Being drafted")
        ADOPTED = "adopted", _("Adopted")

    city = models.OneToOneField(
        City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="iap"
    )
    title = models.CharField(_("title"), max_length=200)
    strategic_objective = models.TextField(_("strategic objective"), blank=True)
    policy_theme = models.ForeignKey(
        Theme,
        verbose_name=_("policy theme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
    )
    summary = models.TextField(_("summary"), blank=True)
    resources = models.TextField(_("resources"), blank=True)
    monitoring = models.TextField(_("monitoring"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, blank=True)
    adoption_date = models.DateField(_("adoption date"), null=True, blank=True)
    document = DocumentField(_("document"), folder="iap", blank=True)
    sources = SourcesField()

    objects = CityScopedQuerySet.as_manager()
    city_path = "city"
    publication_parents = ("city",)

    class Meta:
        verbose_name = _("Integrated Action Plan")
        verbose_name_plural = _("Integrated Action Plans")
        ordering = ["city__name"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("iap:detail", kwargs={"slug": self.city.slug})


class Action(SyntheticMarker):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        # "Done" is also the follow-up button ("Fatto"); an action is "Concluso".
        DONE = "done", pgettext_lazy("action status", "Done")
        DELAYED = "delayed", _("Delayed")
        DROPPED = "dropped", _("Dropped")

    plan = models.ForeignKey(
        IntegratedActionPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    # Optional: a plan whose source does not number its actions gets no invented codes.
    code = models.CharField(_("code"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    resources = models.TextField(_("resources"), blank=True)
    budget_eur = models.DecimalField(
        _("budget (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, blank=True, db_index=True
    )
    related_ssas = models.ManyToManyField(
        SmallScaleAction, verbose_name=_("related SSAs"), blank=True, related_name="iap_actions"
    )
    partners = models.ManyToManyField(
        Stakeholder, verbose_name=_("partners"), blank=True, related_name="iap_actions"
    )
    partnerships = models.ManyToManyField(
        Partnership,
        verbose_name=_("related partnerships"),
        blank=True,
        related_name="iap_actions",
    )

    objects = CityScopedQuerySet.as_manager()
    city_path = "plan__city"
    publication_parents = ("plan", "plan__city")

    class Meta:
        verbose_name = _("IAP action")
        verbose_name_plural = _("IAP actions")
        ordering = ["plan", "code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                condition=~models.Q(code=""),
                name="action_unique_code",
            ),
            end_after_start("action"),
            non_negative("action", "budget_eur"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    @property
    def anchor(self) -> str:
        """The action's id on the plan page: its code, or its pk when it has none."""
        return f"action-{self.code or self.pk}"

    def get_absolute_url(self) -> str:
        return self.plan.get_absolute_url() + f"#{self.anchor}"


class Indicator(SyntheticMarker):
    """A monitoring indicator of a plan, or of one of its actions."""

    plan = models.ForeignKey(
        IntegratedActionPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    action = models.ForeignKey(
        Action,
        verbose_name=_("action"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)

    objects = CityScopedQuerySet.as_manager()
    city_path = "plan__city"
    publication_parents = ("plan", "plan__city")

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["plan", "name"]

    def __str__(self) -> str:
        return self.name


class Measurement(SyntheticMarker):
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = CityScopedQuerySet.as_manager()
    city_path = "indicator__plan__city"
    publication_parents = ("indicator__plan", "indicator__plan__city")

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "date"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.date})"


class Risk(SyntheticMarker):
    class Level(models.IntegerChoices):
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")

    plan = models.ForeignKey(
        IntegratedActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="risks"
    )
    description = models.TextField(_("description"))
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood"),
        choices=Level.choices,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"), choices=Level.choices, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    mitigation = models.TextField(_("mitigation"), blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)

    objects = CityScopedQuerySet.as_manager()
    city_path = "plan__city"
    publication_parents = ("plan", "plan__city")

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["plan", "-likelihood", "-impact"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=3),
                name="risk_likelihood_1_to_3",
                violation_error_message=_("Likelihood goes from 1 to 3."),
            ),
            models.CheckConstraint(
                condition=Q(impact__gte=1, impact__lte=3),
                name="risk_impact_1_to_3",
                violation_error_message=_("Impact goes from 1 to 3."),
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]


class ToolboxResource(SyntheticMarker, Publishable):
    """A method, procedure or contract template for public-private engagement."""

    class Kind(models.TextChoices):
        METHOD = "method", _("Method")
        PROCEDURE = "procedure", _("Procedure")
        CONTRACT_TEMPLATE = "contract_template", _("Contract template")
        GUIDELINE = "guideline", _("Guideline")
        CASE_STUDY = "case_study", _("Case study")
        # A DOCX with placeholders, filled from a partnership's records (iap.agreements).
        AGREEMENT_TEMPLATE = "agreement_template", _("Agreement template")

    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        related_name="toolbox_resources",
        help_text=_("The city that maintains this resource."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, db_index=True)
    description = models.TextField(_("description"), blank=True)
    file = DocumentField(_("file"), folder="toolbox", blank=True)
    url = models.URLField(_("link"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="it", db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CityScopedQuerySet.as_manager()
    city_path = "city"
    publication_parents = ("city",)

    class Meta:
        verbose_name = _("toolbox resource")
        verbose_name_plural = _("toolbox resources")
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("iap:toolbox") + f"#{self.slug}"

    def clean(self) -> None:
        super().clean()
        if self.kind == self.Kind.AGREEMENT_TEMPLATE:
            # Refused here, at upload, rather than when a coordinator drafts from it.
            check_agreement_template_file(self.file)


class Priority(SyntheticMarker, Publishable):
    """A city's CSR priority and guideline, under which it publishes concrete needs."""

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="priorities"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="priorities"
    )
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal, verbose_name=_("UN SDGs"), blank=True, related_name="priorities"
    )
    related_actions = models.ManyToManyField(
        Action, verbose_name=_("related IAP actions"), blank=True, related_name="priorities"
    )

    objects = CityScopedQuerySet.as_manager()
    city_path = "city"
    publication_parents = ("city",)

    class Meta:
        verbose_name = _("CSR priority")
        verbose_name_plural = _("CSR priorities")
        ordering = ["city", "title"]

    def __str__(self) -> str:
        return self.title


class NeedQuerySet(CityScopedQuerySet):
    def with_progress(self) -> NeedQuerySet:
        """Annotate what was pledged and delivered, summed in the database.

        A sum per need read (subqueries), not a join and GROUP BY over every pledge: the
        grouping made the needs board's count, its filters' counts and its page each
        group the whole board.
        """
        zero = models.Value(Decimal(0), output_field=models.DecimalField())
        pledges = Pledge.objects.filter(need=models.OuterRef("pk")).order_by().values("need")

        def summed(field: str) -> Coalesce:
            total = pledges.annotate(total=Sum(field)).values("total")
            return Coalesce(models.Subquery(total, output_field=models.DecimalField()), zero)

        return self.annotate(
            pledged=summed("quantity_pledged"), delivered=summed("quantity_delivered")
        )

    def still_open(self, today: dt.date) -> NeedQuerySet:
        """Needs an offer can still meet: open or partly met, deadline not passed."""
        return self.filter(
            Q(deadline__isnull=True) | Q(deadline__gte=today),
            status__in=[Need.Status.OPEN, Need.Status.PARTLY_MET],
        )


class Need(SyntheticMarker, Publishable):
    """A concrete thing a city asks companies for, under one of its priorities."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PARTLY_MET = "partly_met", _("Partly met")
        MET = "met", _("Met")
        CLOSED = "closed", _("Closed")

    priority = models.ForeignKey(
        Priority, verbose_name=_("priority"), on_delete=models.PROTECT, related_name="needs"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True)
    resource_kind = models.CharField(
        _("what is needed"), max_length=12, choices=ResourceKind.choices, db_index=True
    )
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    amount_eur = models.DecimalField(
        _("amount (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    beneficiaries = models.TextField(_("who benefits"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    network_wide = models.BooleanField(
        _("open to the whole network"),
        default=False,
        help_text=_("Offers from organisations of other cities of the network may meet it."),
    )
    action = models.ForeignKey(
        Action,
        verbose_name=_("IAP action served"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
    )
    small_scale_action = models.ForeignKey(
        SmallScaleAction,
        verbose_name=_("SSA served"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
    )
    offered_by = models.ManyToManyField(
        Proposal,
        verbose_name=_("proposals offering help"),
        blank=True,
        related_name="offered_needs",
        help_text=_("Proposals sent with “offer help” from this need's page."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = NeedQuerySet.as_manager()
    city_path = "priority__city"
    publication_parents = ("priority", "priority__city")

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["deadline", "title"]
        constraints = [
            non_negative("need", "quantity"),
            non_negative("need", "amount_eur"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("iap:need-detail", kwargs={"slug": self.slug})

    @property
    def requested(self) -> Decimal | None:
        """How much is asked for: the quantity, or the amount in EUR for money."""
        return self.quantity if self.quantity is not None else self.amount_eur


class PledgeQuerySet(CityScopedQuerySet):
    def with_partnership_publicity(self) -> PledgeQuerySet:
        """Annotate `partnership_is_public`: a pledge names its partnership only if public."""
        return self.annotate(
            partnership_is_public=models.Exists(
                Partnership.objects.public().filter(pk=models.OuterRef("partnership"))
            )
        )


class Pledge(SyntheticMarker):
    """What an organisation promised towards a need, and what it delivered."""

    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.PROTECT, related_name="pledges"
    )
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pledges",
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("stakeholder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
    )
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("through partnership"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pledges",
    )
    quantity_pledged = models.DecimalField(
        _("quantity pledged"), max_digits=12, decimal_places=2, default=0
    )
    quantity_delivered = models.DecimalField(
        _("quantity delivered"), max_digits=12, decimal_places=2, default=0
    )
    pledged_on = models.DateField(_("pledged on"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)

    objects = PledgeQuerySet.as_manager()
    city_path = "need__priority__city"
    publication_parents = ("need", "need__priority", "need__priority__city")

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["need", "-pledged_on"]
        constraints = [
            non_negative("pledge", "quantity_pledged"),
            non_negative("pledge", "quantity_delivered"),
            models.CheckConstraint(
                condition=Q(proposal__isnull=False) | Q(stakeholder__isnull=False),
                name="pledge_has_a_pledger",
                violation_error_message=_("A pledge comes from a proposal or a stakeholder."),
            ),
            end_after_start("pledge", start="pledged_on", end="delivered_on"),
        ]

    def __str__(self) -> str:
        return f"{self.need}: {self.quantity_pledged}"
