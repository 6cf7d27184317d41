"""The network, its cities, and the public-private partnerships they run.

Every city-owned model declares `city_path`, the lookup from the model to its
`City`; `partnerships.scoping.scope_to_user` reads it, so a new model is scoped by
declaring that path, never by writing another filter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.personal_data import erased_in_words
from core.publication import public_filter
from core.unaccent import strip_accents
from core.uploads import CleanImageField, DocumentField
from partnerships.vat_numbers import VATNumberField

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from simple_history.manager import HistoryManager


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ResourceKind(models.TextChoices):
    """What an organisation can offer or a city can need."""

    MONEY = "money", _("Money")
    VOLUNTEERS = "volunteers", _("Volunteers")
    GOODS = "goods", _("Goods")
    SKILLS = "skills", _("Skills")
    SPACE = "space", _("Spaces")


def validate_resource_kinds(value) -> None:
    if not isinstance(value, list) or not set(value) <= set(ResourceKind.values):
        raise ValidationError(
            _("Choose among: %(kinds)s."), params={"kinds": ", ".join(ResourceKind.values)}
        )


class CityScopedQuerySet(models.QuerySet[Any]):
    """Reads every city-owned model shares: who may see it, and what is public."""

    def for_user(self, user) -> Self:
        from partnerships.scoping import scope_to_user

        return scope_to_user(self, user)

    def public(self) -> Self:
        """What anyone may see: the record and every publication parent published.

        The rule is each model's `publication_parents` (and `publication_rule`),
        read by `core.publication`; no surface checks a parent by hand.
        """
        return self.filter(public_filter(self.model))

    def synthetic(self) -> Self:
        return self.filter(is_synthetic=True)

    def running_in(self, year: int) -> Self:
        """Records under way at some point of `year`, for models with a start and an end.

        The one rule of every "year" filter, public list and API alike: started in or
        before `year` and ended in or after it; without an end date, still running.
        """
        return self.filter(
            Q(start_date__year__lte=year), Q(end_date__isnull=True) | Q(end_date__year__gte=year)
        )


class SyntheticMarker(models.Model):
    """Marks rows made by `generate_demo_data`, so they can be told apart and purged."""

    is_synthetic = models.BooleanField(
        _("synthetic (demo) data"), default=False, editable=False, db_index=True
    )

    class Meta:
        abstract = True


class Publishable(models.Model):
    publication_status = models.CharField(
        _("publication status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.publication_status == PublicationStatus.PUBLISHED


def end_after_start(prefix: str, start: str = "start_date", end: str = "end_date"):
    """A CheckConstraint that refuses an end date before the start date."""
    return models.CheckConstraint(
        condition=Q(**{f"{start}__isnull": True})
        | Q(**{f"{end}__isnull": True})
        | Q(**{f"{end}__gte": F(start)}),
        name=f"{prefix}_end_not_before_start",
        violation_error_message=_("The end date cannot be before the start date."),
    )


def non_negative(prefix: str, field: str):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
        name=f"{prefix}_{field}_non_negative",
        violation_error_message=_("This amount cannot be negative."),
    )


def validate_source_lines(value: str) -> None:
    validate_url = URLValidator(schemes=["http", "https"])
    for line in value.splitlines():
        if line.strip():
            validate_url(line.strip())


class SourcesField(models.TextField):
    """Where the facts of a record come from: one web address per line."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("sources"))
        kwargs.setdefault("blank", True)
        kwargs.setdefault("validators", [validate_source_lines])
        kwargs.setdefault("help_text", _("Web addresses the facts come from, one per line."))
        super().__init__(*args, **kwargs)


class NetworkQuerySet(CityScopedQuerySet):
    def current(self) -> Network | None:
        """The network the public site presents: the real one before any demo network."""
        return self.select_related("lead_city").order_by("is_synthetic", "pk").first()


class Network(SyntheticMarker):
    name = models.CharField(_("name"), max_length=200)
    full_name = models.CharField(_("full name"), max_length=300, blank=True)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    lead_city = models.ForeignKey(
        "City",
        verbose_name=_("lead city"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lead_expert = models.CharField(_("lead expert"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    transnational_meetings_count = models.PositiveSmallIntegerField(
        _("transnational meetings held"), null=True, blank=True
    )
    csr_academies_count = models.PositiveSmallIntegerField(
        _("CSR academies held"), null=True, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    sources = SourcesField()

    objects = NetworkQuerySet.as_manager()
    # A network spans cities; only network administrators may edit it.
    city_path = None

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]
        constraints = [end_after_start("network")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnerships:network")


class CityQuerySet(CityScopedQuerySet):
    def with_public_counts(self) -> CityQuerySet:
        """Each city with the number of its published partnerships."""
        public = public_filter(Partnership, through="partnerships")
        return self.annotate(
            published_partnerships=Count("partnerships", filter=public, distinct=True)
        )


class City(SyntheticMarker, Publishable):
    class Role(models.TextChoices):
        LEAD_PARTNER = "lead_partner", _("Lead partner")
        PARTNER = "partner", _("Partner")

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.PROTECT, related_name="cities"
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    country = models.CharField(
        _("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code, e.g. IT.")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    csr_focus = models.TextField(_("CSR focus"), blank=True)
    description = models.TextField(_("description"), blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    sources = SourcesField()
    # Not public (no page, API or open-data set shows it): it fills the drafts of
    # partnership agreements (iap.agreements), and may name a person.
    agreement_signatory = models.CharField(
        _("agreement signatory"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who signs partnership agreements for the city, as the drafts should name them "
            "(e.g. the office or the person and their role). Left empty, drafts show a blank "
            "line to fill in."
        ),
    )

    objects = CityQuerySet.as_manager()
    city_path = "pk"
    free_text_fields = ("agreement_signatory",)

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="city_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="city_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnerships:city-detail", kwargs={"slug": self.slug})


class Theme(SyntheticMarker):
    """A CSR priority a partnership, pilot or need can be about."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    objects = CityScopedQuerySet.as_manager()
    city_path = None
    # Themes are a shared vocabulary: no publication status, no parents, all public.

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnerships:list") + f"?theme={self.slug}"


class SustainableDevelopmentGoal(models.Model):
    """One of the 17 UN Sustainable Development Goals (reference data).

    It lives here, beside `Theme`, so that every domain app can tag its records with
    SDGs (it moved from `iap`, which the other apps may not import).
    """

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    name = models.CharField(_("name"), max_length=120)

    objects = CityScopedQuerySet.as_manager()
    city_path = None

    class Meta:
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class StakeholderQuerySet(CityScopedQuerySet):
    def similar_to(
        self, *, name: str, website: str = "", vat_number: str = ""
    ) -> list[Stakeholder]:
        """The organisations that are probably the one called `name` (at `website`,
        with `vat_number`).

        Same normalised name, website host or VAT number. The database narrows the
        candidates on the name's first word, the host or the VAT number (stored
        normalised); Python compares exactly.
        """
        from partnerships.duplicates import normalise_organisation_name, normalise_website
        from partnerships.vat_numbers import normalise_vat_number

        wanted_name = normalise_organisation_name(name)
        wanted_host = normalise_website(website)
        wanted_vat = normalise_vat_number(vat_number)
        if not wanted_name and not wanted_host and not wanted_vat:
            return []
        narrow = Q()
        if wanted_name:
            narrow |= Q(name__icontains=wanted_name.split()[0])
        if wanted_host:
            narrow |= Q(website__icontains=wanted_host)
        if wanted_vat:
            narrow |= Q(vat_number=wanted_vat)
        return [
            stakeholder
            for stakeholder in self.filter(narrow)
            if (wanted_name and normalise_organisation_name(stakeholder.name) == wanted_name)
            or (wanted_host and normalise_website(stakeholder.website) == wanted_host)
            or (wanted_vat and stakeholder.vat_number == wanted_vat)
        ]

    def with_engagement(self) -> StakeholderQuerySet:
        """Last interaction and next open follow-up, for the account managers' lists.

        One indexed look-up per stakeholder shown (index stakeholder, -date), not a join
        and GROUP BY over every interaction of the list's stakeholders: with 100,000
        interactions that join was most of the workspace list's time, and its COUNT for
        the paginator repeated it.
        """
        interactions = Interaction.objects.filter(stakeholder=models.OuterRef("pk")).order_by()
        open_follow_ups = interactions.filter(follow_up_done=False, follow_up_date__isnull=False)
        return self.select_related("city", "account_manager").annotate(
            last_interaction=models.Subquery(interactions.order_by("-date").values("date")[:1]),
            next_follow_up=models.Subquery(
                open_follow_ups.order_by("follow_up_date").values("follow_up_date")[:1]
            ),
        )

    def with_public_counts(self) -> StakeholderQuerySet:
        """Each organisation with the number of published partnerships it takes part in.

        A count per organisation shown (a subquery, which PostgreSQL runs after ORDER BY
        and LIMIT), not a join and GROUP BY over every participation of the directory:
        that grouping was most of the directory's time, and its paginator's COUNT and
        its filters' counts repeated it.
        """
        participations = (
            Participation.objects.filter(public_filter(Participation), stakeholder=OuterRef("pk"))
            .order_by()
            .values("stakeholder")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(published_partnerships=Coalesce(Subquery(participations), 0))


class Stakeholder(SyntheticMarker):
    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        FOUNDATION = "foundation", _("Foundation")
        ASSOCIATION = "association", _("Association / NGO")
        PUBLIC_BODY = "public_body", _("Public body")
        UNIVERSITY = "university", _("University / research")
        SCHOOL = "school", _("School")
        SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
        OTHER = "other", _("Other")

    class EngagementStage(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        CONTACTED = "contacted", _("Contacted")
        IN_DISCUSSION = "in_discussion", _("In discussion")
        COMMITTED = "committed", _("Committed")
        ACTIVE_PARTNER = "active_partner", _("Active partner")
        DORMANT = "dormant", _("Dormant")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, blank=True, db_index=True
    )
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="stakeholders"
    )
    website = models.URLField(_("website"), blank=True)
    # An organisation's identifier, shown to staff; no public page or API shows it.
    vat_number = VATNumberField(
        _("VAT number"),
        max_length=20,
        blank=True,
        db_index=True,
        help_text=_(
            "Partita IVA (11 digits) for an Italian organisation; for another country, "
            "with its country code (DE123456789)."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    listing_consent = models.BooleanField(
        _("agrees to be listed publicly"),
        default=False,
        db_index=True,
        help_text=_("Only organisations that agreed appear in the public directory."),
    )
    account_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_stakeholders",
    )
    engagement_stage = models.CharField(
        _("engagement stage"),
        max_length=20,
        choices=EngagementStage.choices,
        default=EngagementStage.PROSPECT,
        blank=True,
        db_index=True,
    )
    offered_resource_kinds = models.JSONField(
        _("what it offers"),
        default=list,
        blank=True,
        validators=[validate_resource_kinds],
        help_text=_("Any of: money, volunteers, goods, skills, space."),
    )
    interest_themes = models.ManyToManyField(
        "Theme", verbose_name=_("themes of interest"), blank=True, related_name="+"
    )
    tags = models.ManyToManyField(
        "Tag",
        verbose_name=_("tags"),
        blank=True,
        related_name="stakeholders",
        help_text=_("The city's own labels; the coordinator manages the list."),
    )
    # Indexed: "new this month" filters on it.
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    objects = StakeholderQuerySet.as_manager()
    # Read by django-simple-history when it writes the history row: who changed it, and why.
    _history_user: User | None
    _change_reason: str
    city_path = "city"
    # The public directory lists an organisation only with its consent, and only
    # while its city is public. As a partner it is named by the partnership's own
    # publication instead (see `Participation`).
    publication_rule = {"listing_consent": True}
    publication_parents = ("city",)

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["city", "name"]),
            # The admin's order (name, then newest first): its page of 50 is read from
            # the index instead of sorting every row by name.
            models.Index(fields=["name", "-id"], name="stakeholder_admin_order"),
        ]

    def __str__(self) -> str:
        return self.name


def validate_tags_of_city(tags, city_id: int | None) -> None:
    """A stakeholder wears only its own city's tags (each city has its own list)."""
    strangers = [tag.name for tag in tags if tag.city_id != city_id]
    if strangers:
        raise ValidationError(
            _("These tags belong to another city: %(tags)s."),
            params={"tags": ", ".join(strangers)},
        )


class Tag(models.Model):
    """A city's free label for its stakeholders ("school canteens", "Expo 2015 sponsor").

    Each city has its own list, managed by its coordinators in the admin; a tag is
    given only to the stakeholders of its city (checked where tags are given)."""

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="tags"
    )
    name = models.CharField(_("name"), max_length=60)

    objects = CityScopedQuerySet.as_manager()
    city_path = "city"

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "name"], name="tag_name_unique_in_city")
        ]

    def __str__(self) -> str:
        return self.name


class Contact(SyntheticMarker):
    """A person at a stakeholder. Personal data: never on a public page or the public API."""

    stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("stakeholder"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    consent_date = models.DateField(_("consent date"), null=True, blank=True)
    consent_source = models.CharField(_("consent source"), max_length=200, blank=True)
    consent_scope = models.CharField(_("consent scope"), max_length=200, blank=True)
    # Set by `contact_erase`: the personal fields above have been anonymised.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)

    objects = CityScopedQuerySet.as_manager()
    # The change history, added by core.history.register_history (django-simple-history).
    history: HistoryManager
    city_path = "stakeholder__city"
    # The personal-data registry (core.personal_data): erasure, export, log redaction.
    personal_fields = ("name", "role", "email", "phone")

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name"]
        # The admin's order: see Stakeholder's.
        indexes = [models.Index(fields=["name", "-id"], name="contact_admin_order")]

    def __str__(self) -> str:
        return erased_in_words(self.name)


class PartnershipQuerySet(CityScopedQuerySet):
    def with_partners(self) -> PartnershipQuerySet:
        """What a list or detail page needs, in a constant number of queries."""
        return self.select_related("city").prefetch_related(
            "themes",
            "sdgs",
            models.Prefetch(
                "participations",
                queryset=Participation.objects.select_related("stakeholder").order_by(
                    "stakeholder__name"
                ),
            ),
        )

    def for_cards(self) -> PartnershipQuerySet:
        """What a partnership's card shows (includes/partnership_card.html): its city, and
        its themes and partners as plain lists (`card_themes`, `card_partners`, partners
        by name), as `with_partner_summaries` reads them and for the same reason."""
        return self.select_related("city").prefetch_related(
            models.Prefetch("themes", to_attr="card_themes"),
            models.Prefetch(
                "participations",
                queryset=Participation.objects.select_related("stakeholder")
                .only("partnership_id", "stakeholder__name")
                .order_by("stakeholder__name"),
                to_attr="card_partners",
            ),
        )

    def with_partner_summaries(self) -> PartnershipQuerySet:
        """`with_partners` as the API reads it: each link as a plain list on the record
        (`theme_list`, `sdg_list`, `participation_list`) holding only the columns shown.

        A to_attr list spares the per-record manager and queryset Django builds to cache
        a prefetch (three per record, each a filter through modeltranslation): the
        larger part of an API list's build before this. Lists are read, never written:
        a write reads the relations themselves (`with_partners`).
        """
        return self.select_related("city").prefetch_related(
            models.Prefetch("themes", queryset=Theme.objects.only("slug"), to_attr="theme_list"),
            models.Prefetch(
                "sdgs",
                queryset=SustainableDevelopmentGoal.objects.only("number"),
                to_attr="sdg_list",
            ),
            models.Prefetch(
                "participations",
                queryset=Participation.objects.select_related("stakeholder")
                .only(
                    "partnership_id",
                    "role",
                    "contribution",
                    "amount_eur",
                    "stakeholder__slug",
                    "stakeholder__name",
                    "stakeholder__kind",
                )
                .order_by("stakeholder__name"),
                to_attr="participation_list",
            ),
        )

    def with_related_work(self) -> PartnershipQuerySet:
        """The published pilots (SSAs) and IAP actions a partnership is part of.

        `partnerships` may not import `ulg` or `iap` (imports point one way), so the
        related models are reached through the reverse relations' metadata.
        """
        ssa_model = self.model._meta.get_field("small_scale_actions").related_model
        action_model = self.model._meta.get_field("iap_actions").related_model
        return self.prefetch_related(
            models.Prefetch(
                "small_scale_actions",
                queryset=ssa_model.objects.public().select_related("ulg__city"),
            ),
            models.Prefetch(
                "iap_actions",
                queryset=action_model.objects.public().select_related("plan__city"),
            ),
        )

    def featured(self) -> PartnershipQuerySet:
        return self.filter(featured=True)

    def search(self, text: str) -> PartnershipQuerySet:
        """Free-text search in both languages and in the partners' names, blind to
        accents and case ("qubi" finds "Qubì": `core/unaccent.py`)."""
        text = strip_accents(text) or ""
        words = Q()
        for field in ("title", "summary", "description", "outcomes"):
            for language, _name in settings.LANGUAGES:
                words |= Q(**{f"{field}_{language}__unaccent__icontains": text})
        words |= Q(neighbourhood__unaccent__icontains=text)
        # A subquery, not a join: a join repeats a partnership per partner and needs
        # DISTINCT over every column, which PostgreSQL sorts the whole table for.
        words |= Q(
            pk__in=Participation.objects.filter(stakeholder__name__unaccent__icontains=text).values(
                "partnership"
            )
        )
        return self.filter(words)

    def with_partner_of_kind(self, kind: str) -> PartnershipQuerySet:
        """Partnerships with at least one partner of `kind` (company, foundation, …)."""
        return self.filter(
            pk__in=Participation.objects.filter(stakeholder__kind=kind).values("partnership")
        )

    def sharing_partners_with(self, partnership: Partnership) -> PartnershipQuerySet:
        """Other partnerships in which at least one of `partnership`'s partners takes part."""
        partner_ids = Participation.objects.filter(partnership=partnership).values("stakeholder")
        # Subqueries rather than a join + DISTINCT (see search()).
        return self.filter(
            pk__in=Participation.objects.filter(stakeholder__in=partner_ids).values("partnership")
        ).exclude(pk=partnership.pk)


class Partnership(SyntheticMarker, Publishable):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="partnerships"
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="partnerships"
    )
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal,
        verbose_name=_("UN SDGs"),
        blank=True,
        related_name="partnerships",
    )
    neighbourhood = models.CharField(_("neighbourhood"), max_length=120, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True, db_index=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, blank=True, db_index=True
    )
    featured = models.BooleanField(_("featured"), default=False, db_index=True)
    image = CleanImageField(_("image"), folder="partnerships", blank=True)
    sources = SourcesField()
    # `sources` holds web addresses only (the API validates them as URLs); a source
    # without an address, such as a presentation, is named here.
    source_document = models.CharField(
        _("source document"),
        max_length=200,
        blank=True,
        help_text=_("A source without a web address, e.g. a presentation, by name."),
    )
    stakeholders = models.ManyToManyField(
        Stakeholder,
        through="Participation",
        verbose_name=_("partners"),
        related_name="partnerships",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PartnershipQuerySet.as_manager()
    city_path = "city"
    # Partnerships built from proposals may repeat a proposer's words (core.personal_data).
    free_text_fields = ("title", "slug", "summary", "description", "outcomes")
    publication_parents = ("city",)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-start_date", "title"]
        constraints = [end_after_start("partnership")]
        indexes = [models.Index(fields=["publication_status", "city", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partnerships:detail", kwargs={"slug": self.slug})


class Participation(SyntheticMarker):
    class Role(models.TextChoices):
        PROMOTER = "promoter", _("Promoter")
        FUNDER = "funder", _("Funder")
        IMPLEMENTER = "implementer", _("Implementer")
        IN_KIND = "in_kind", _("In-kind contributor")
        PUBLIC_PARTNER = "public_partner", _("Public partner")

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    # PROTECT: deleting an organisation must not silently erase the record of
    # what it did in a partnership.
    stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("stakeholder"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    contribution = models.TextField(_("contribution"), blank=True)
    amount_eur = models.DecimalField(
        _("amount (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    objects = CityScopedQuerySet.as_manager()
    city_path = "partnership__city"
    # Once built from a proposal, it may repeat the proposer's words (core.personal_data).
    free_text_fields = ("contribution",)
    # A published partnership names its partners: the organisation agreed to the
    # partnership, which is public, so its listing consent is not asked here.
    publication_parents = ("partnership", "partnership__city")

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["partnership", "stakeholder__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "stakeholder"], name="participation_unique_partner"
            ),
            non_negative("participation", "amount_eur"),
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} – {self.partnership}"


class NetworkEvent(SyntheticMarker, Publishable):
    class Kind(models.TextChoices):
        TRANSNATIONAL_MEETING = "transnational_meeting", _("Transnational meeting")
        CSR_ACADEMY = "csr_academy", _("CSR academy")
        BILATERAL_MEETING = "bilateral_meeting", _("Bilateral meeting")
        FINAL_EVENT = "final_event", _("Final event")

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    # A source that gives only the month ("June 2022") still places the event in the
    # timeline: the first of the month is stored, and pages show the month alone.
    month_only = models.BooleanField(
        _("month only"),
        default=False,
        help_text=_("The source gives only the month: pages show the month, not the day."),
    )
    host_city = models.ForeignKey(
        City,
        verbose_name=_("host city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_events",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    participating_cities = models.ManyToManyField(
        City, verbose_name=_("participating cities"), blank=True, related_name="events"
    )
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    sources = SourcesField()

    objects = CityScopedQuerySet.as_manager()
    city_path = "host_city"

    class Meta:
        verbose_name = _("network event")
        verbose_name_plural = _("network events")
        ordering = ["start_date", "title"]
        constraints = [end_after_start("network_event")]

    def __str__(self) -> str:
        return self.title


class InteractionQuerySet(CityScopedQuerySet):
    def open_follow_ups(self) -> InteractionQuerySet:
        return self.filter(follow_up_date__isnull=False, follow_up_done=False)

    def followed_by(self, user) -> InteractionQuerySet:
        """The follow-ups `user` must work: theirs, or of the stakeholders they manage."""
        return self.filter(Q(owner=user) | Q(stakeholder__account_manager=user))


class Interaction(SyntheticMarker):
    """One contact between an account manager and a stakeholder."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        CALL = "call", _("Call")
        EMAIL = "email", _("E-mail")
        EVENT = "event", _("Event")
        VISIT = "visit", _("Visit")

    stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("stakeholder"),
        on_delete=models.PROTECT,
        related_name="interactions",
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
    )
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("date"), db_index=True)
    summary = models.TextField(_("summary"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
    )
    follow_up_date = models.DateField(_("follow-up date"), null=True, blank=True)
    follow_up_action = models.CharField(_("follow-up action"), max_length=300, blank=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)

    objects = InteractionQuerySet.as_manager()
    city_path = "stakeholder__city"
    # Notes of a call or a meeting name the people met (core.personal_data).
    free_text_fields = ("summary", "follow_up_action")

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["stakeholder", "-date"]),
            models.Index(fields=["owner", "follow_up_done", "follow_up_date"]),
            # The open follow-ups (a few percent of all interactions), by date: the
            # workspace's follow-up page reads them for the user's own and their
            # stakeholders' (an OR across two tables no other index serves).
            models.Index(
                fields=["follow_up_date"],
                condition=Q(follow_up_date__isnull=False, follow_up_done=False),
                name="interaction_open_follow_ups",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.stakeholder} ({self.date})"


class InteractionAttachment(SyntheticMarker):
    """A file kept with an interaction: minutes, a letter, a signed agreement.

    Private to the city's staff: stored under a random name in a folder no URL
    serves, and read only through the workspace's scoped download view. One that
    names or shows a person (`personal`) goes with that person's data: it is in the
    contact's export and deleted by their erasure.
    """

    interaction = models.ForeignKey(
        Interaction,
        verbose_name=_("interaction"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    title = models.CharField(_("title"), max_length=200)
    file = DocumentField(_("file"), folder="private/interactions")
    personal = models.BooleanField(
        _("personal data"),
        default=False,
        help_text=_("It names or shows a person: it goes with their data export and erasure."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = CityScopedQuerySet.as_manager()
    history: HistoryManager
    city_path = "interaction__stakeholder__city"
    # A title may name the person met (core.personal_data).
    free_text_fields = ("title",)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Proposal(models.Model):
    """A CSR action proposed through the single contact point. Holds personal data."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        TRIAGE = "triage", _("In triage")
        ASSIGNED = "assigned", _("Assigned")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    organisation_name = models.CharField(_("organisation"), max_length=200)
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=20, choices=Stakeholder.Kind.choices
    )
    website = models.URLField(_("website"), blank=True)
    vat_number = VATNumberField(_("VAT number"), max_length=20, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="proposals"
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="proposals"
    )
    resource_kinds = models.JSONField(
        _("what is offered"),
        default=list,
        blank=True,
        validators=[validate_resource_kinds],
        help_text=_("Any of: money, volunteers, goods, skills, space."),
    )
    offer = models.TextField(_("description of the offer"))
    resources_offered = models.TextField(_("resources offered"), blank=True)
    privacy_consent = models.BooleanField(_("privacy consent"), default=False)
    # The language the proposer wrote in (of the form's page): their e-mails speak it.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_proposals",
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("converted to stakeholder"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("converted to partnership"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    first_answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = CityScopedQuerySet.as_manager()
    # The change history, added by core.history.register_history (django-simple-history).
    history: HistoryManager
    city_path = "city"
    # The proposer's data, and their own words that may name them (core.personal_data).
    personal_fields = ("contact_name", "email", "phone")
    free_text_fields = ("offer", "resources_offered", "decline_reason")

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.get_status_display()})"

    def resource_kind_labels(self) -> list[str]:
        return [str(ResourceKind(kind).label) for kind in self.resource_kinds]


class CityRole(models.Model):
    """What a signed-in user may do, and in which city. Read by `scope_to_user`."""

    class Role(models.TextChoices):
        NETWORK_ADMIN = "network_admin", _("Network administrator")
        COORDINATOR = "coordinator", _("City coordinator")
        ACCOUNT_MANAGER = "account_manager", _("Account manager")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="city_roles",
    )
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        help_text=_("Empty for a network administrator, who works on every city."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    objects = CityScopedQuerySet.as_manager()
    city_path = "city"

    class Meta:
        verbose_name = _("city role")
        verbose_name_plural = _("city roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "city", "role"], name="city_role_unique"),
            models.CheckConstraint(
                condition=Q(role="network_admin") | Q(city__isnull=False),
                name="city_role_city_required",
                violation_error_message=_("Coordinators and account managers need a city."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.city or _('all cities')}"


class FollowUpDigest(models.Model):
    """One follow-up digest e-mailed to a user for a day: makes the digest idempotent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="follow_up_digests",
    )
    date = models.DateField(_("date"))
    follow_ups_count = models.PositiveIntegerField(_("follow-ups listed"))
    # The organisations whose follow-ups it listed: their timelines show the digest.
    stakeholders = models.ManyToManyField(
        Stakeholder,
        verbose_name=_("stakeholders"),
        blank=True,
        related_name="follow_up_digests",
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    objects = CityScopedQuerySet.as_manager()
    # A digest belongs to a person and spans their cities.
    city_path = None

    class Meta:
        verbose_name = _("follow-up digest")
        verbose_name_plural = _("follow-up digests")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="follow_up_digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.date}"


class Segment(models.Model):
    """A saved filter of a city's stakeholders, for anyone working on that city.

    `query` is the workspace stakeholder list's filter as a query string (the one
    reading of it is `portal.workspace.forms.StakeholderFilter`); the segment's
    city bounds it, whatever the query says, so a shared link shows nothing of a
    city the reader does not work on (404) and nothing of another city to one who does.
    """

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="segments"
    )
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(_("filters"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CityScopedQuerySet.as_manager()
    city_path = "city"

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SavedView(models.Model):
    """One user's own way of seeing a workspace list: its filters, sort and columns,
    kept as the page's query string and opened from the page by name."""

    class Page(models.TextChoices):
        STAKEHOLDERS = "stakeholders", _("Stakeholders")
        PIPELINE = "pipeline", _("Pipeline")
        FOLLOW_UPS = "follow_ups", _("Follow-ups")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="saved_views",
    )
    page = models.CharField(_("page"), max_length=20, choices=Page.choices)
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(_("filters"), max_length=1000, blank=True)

    # A person's own rows, read only through `user=request.user` (like a digest):
    # what they show is scoped again by the page that opens them.
    city_path = None

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page", "name"], name="saved_view_name_unique_per_page"
            )
        ]

    def __str__(self) -> str:
        return self.name


class StakeholderMerge(models.Model):
    """Two records of one organisation made one, and what it takes to make them two again.

    Written and read only by `partnerships.merging`: `duplicate` is the removed
    record as Django serialises it, `survivor_before` the survivor as it was, and
    `moved` the rows that pointed at the duplicate (model label → primary keys), so
    undoing puts every row back where it was and nothing else.
    """

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="+"
    )
    survivor = models.ForeignKey(
        Stakeholder,
        verbose_name=_("kept stakeholder"),
        on_delete=models.CASCADE,
        related_name="merges",
    )
    duplicate_id = models.PositiveIntegerField(_("removed stakeholder id"))
    duplicate_name = models.CharField(_("removed stakeholder"), max_length=200)
    duplicate = models.JSONField(_("removed record"))
    survivor_before = models.JSONField(_("kept record before the merge"))
    moved = models.JSONField(_("moved rows"), default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    merged_at = models.DateTimeField(_("merged"), auto_now_add=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)

    objects = CityScopedQuerySet.as_manager()
    city_path = "city"

    class Meta:
        verbose_name = _("stakeholder merge")
        verbose_name_plural = _("stakeholder merges")
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.duplicate_name} → {self.survivor}"
