"""Back-office of the network, its cities, stakeholders, partnerships and engagement.

Every admin here builds on `partnerships.admin_base.CityScopedAdmin`: what a user
sees and changes is decided by `partnerships.scoping`, never here.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.forms import Textarea
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.people import PersonChoiceField, full_name
from partnerships.admin_base import (
    CityImportExportMixin,
    CityScopedAdmin,
    CityScopedStackedInline,
    CityScopedTabularInline,
    TranslatedCityScopedAdmin,
)
from partnerships.models import (
    City,
    CityRole,
    Contact,
    Interaction,
    Network,
    NetworkEvent,
    Participation,
    Partnership,
    Proposal,
    Segment,
    Stakeholder,
    SustainableDevelopmentGoal,
    Tag,
    Theme,
    validate_tags_of_city,
)
from partnerships.resources import (
    ContactResource,
    ParticipationResource,
    PartnershipResource,
    StakeholderResource,
)
from partnerships.roles import city_role_grant, city_role_revoke
from partnerships.services import (
    assignable_users,
    contact_delete,
    follow_ups_mark_done,
    stakeholders_assign_manager,
)

# The names the other apps' admins (and later ones) build on: scoped, with history.
HistoryAdmin = CityScopedAdmin
TranslatedHistoryAdmin = TranslatedCityScopedAdmin
CITY_FILTER = ("city", admin.RelatedOnlyFieldListFilter)

# The index opens on a dashboard of the user's cities (partnerships.dashboard).
admin.site.index_template = "admin/cities4csr_index.html"
admin.site.site_header = _("cities4csr back-office")
admin.site.site_title = _("cities4csr back-office")


@admin.register(Network)
class NetworkAdmin(TranslatedHistoryAdmin):
    list_display = ["name", "programme", "start_date", "end_date", "lead_city"]
    list_select_related = ["lead_city"]
    search_fields = ["name", "full_name"]


@admin.register(City)
class CityAdmin(TranslatedHistoryAdmin):
    list_display = ["name", "country", "role", "network", "publication_status"]
    list_filter = ["publication_status", "role", "country"]
    list_select_related = ["network"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Theme)
class ThemeAdmin(TranslatedHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


@admin.register(SustainableDevelopmentGoal)
class SustainableDevelopmentGoalAdmin(TranslatedHistoryAdmin):
    list_display = ["number", "name"]
    search_fields = ["name"]


class ContactInline(CityScopedStackedInline):
    """Stacked: a person's six fields side by side made the form 2,000 px wide."""

    model = Contact
    extra = 0
    # A person is deleted on their own page, where deleting erases them.
    can_delete = False
    fields = [("name", "role"), ("email", "phone"), ("consent_date", "consent_source")]


class ParticipationOfStakeholderInline(CityScopedTabularInline):
    """Read-only: where the organisation takes part (partners are edited on the partnership)."""

    model = Participation
    fk_name = "stakeholder"
    extra = 0
    fields = ["partnership", "role", "amount_eur"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("takes part in")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Tag)
class TagAdmin(HistoryAdmin):
    """Each city's list of tags, kept by its coordinators (account managers read it)."""

    list_display = ["name", "city"]
    list_filter = [CITY_FILTER]
    list_select_related = ["city"]
    search_fields = ["name"]


@admin.register(Segment)
class SegmentAdmin(HistoryAdmin):
    """Segments are made in the workspace (from the stakeholder list's filters); here a
    coordinator renames or removes their city's."""

    list_display = ["name", "city", "created_at"]
    list_filter = [CITY_FILTER]
    list_select_related = ["city"]
    search_fields = ["name"]
    readonly_fields = ["query", "created_by"]


class StakeholderAdminForm(forms.ModelForm):
    def clean(self) -> dict:
        cleaned = super().clean() or self.cleaned_data
        city = cleaned.get("city")
        if city is not None and cleaned.get("tags"):
            try:
                validate_tags_of_city(cleaned["tags"], city.pk)
            except ValidationError as error:
                self.add_error("tags", error)
        return cleaned


@admin.register(Stakeholder)
class StakeholderAdmin(CityImportExportMixin, TranslatedHistoryAdmin):
    form = StakeholderAdminForm
    resource_classes = [StakeholderResource]
    list_display = [
        "name",
        "kind",
        "city",
        "engagement_stage",
        "manager_name",
        "listing_consent",
    ]
    list_filter = ["kind", "engagement_stage", "listing_consent", CITY_FILTER, "tags"]
    list_select_related = ["city", "account_manager"]
    # Tens of thousands of rows: no second COUNT(*) of the whole table per page, and
    # 50 rows a page (not 100), as rendering the rows is most of a changelist's time.
    show_full_result_count = False
    list_per_page = 50
    search_fields = ["name", "slug", "website"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["city"]
    date_hierarchy = "created_at"
    filter_horizontal = ["tags"]
    inlines = [ContactInline, ParticipationOfStakeholderInline]
    actions = ["assign_account_manager"]

    @admin.action(description=_("Assign an account manager"), permissions=["change"])
    def assign_account_manager(
        self, request: HttpRequest, queryset: QuerySet[Stakeholder]
    ) -> HttpResponse | None:
        """First asks whom (among the people of the selected stakeholders' cities), then
        assigns through the service."""
        cities = City.objects.filter(pk__in=queryset.values("city"))
        form = AccountManagerForm(
            request.POST if "apply" in request.POST else None,
            managers=assignable_users(cities),
        )
        if form.is_valid():
            try:
                changed = stakeholders_assign_manager(
                    stakeholders=queryset, manager=form.cleaned_data["manager"], actor=request.user
                )
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d stakeholder assigned.",
                        "%(count)d stakeholders assigned.",
                        changed,
                    )
                    % {"count": changed},
                    messages.SUCCESS,
                )
            return None
        return TemplateResponse(
            request,
            "admin/partnerships/stakeholder/assign_account_manager.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Assign an account manager"),
                "opts": self.model._meta,
                "form": form,
                "stakeholders": queryset.select_related("city"),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.display(description=_("account manager"), ordering="account_manager__last_name")
    def manager_name(self, obj: Stakeholder) -> str:
        return full_name(obj.account_manager) or "—"


class AccountManagerForm(forms.Form):
    manager = PersonChoiceField(label=_("Account manager"), queryset=None)

    def __init__(self, *args, managers: QuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = managers


@admin.register(Contact)
class ContactAdmin(CityImportExportMixin, HistoryAdmin):
    resource_classes = [ContactResource]
    # __str__, not "name": an erased person reads "[cancellato]" in Italian.
    list_display = ["__str__", "role", "stakeholder", "consent_date"]
    list_filter = [("stakeholder__city", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["stakeholder"]
    # Tens of thousands of rows: no second COUNT(*) of the whole table per page, and
    # 50 rows a page (not 100), as rendering the rows is most of a changelist's time.
    show_full_result_count = False
    list_per_page = 50
    search_fields = ["name", "email", "stakeholder__name"]
    autocomplete_fields = ["stakeholder"]

    # Deleting a person erases them first: otherwise the change history keeps their
    # name, e-mail and phone, and "Revert" brings them back.
    def delete_model(self, request, obj) -> None:
        contact_delete(contact=obj, actor=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for contact in queryset.select_related("stakeholder__city"):
            contact_delete(contact=contact, actor=request.user)


class ParticipationInline(CityScopedTabularInline):
    model = Participation
    extra = 1
    fields = ["stakeholder", "role", "contribution", "amount_eur"]
    autocomplete_fields = ["stakeholder"]
    # A row-sized box: the default 40 × 10 made the partnership form 1,750 px wide.
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 30})}}


@admin.register(Partnership)
class PartnershipAdmin(CityImportExportMixin, TranslatedHistoryAdmin):
    resource_classes = [PartnershipResource]
    list_display = ["title", "city", "status", "start_date", "publication_status", "featured"]
    list_filter = ["publication_status", "status", "featured", CITY_FILTER, "themes"]
    list_select_related = ["city"]
    # Rendering the rows is most of a changelist's time (bench/profile.py).
    list_per_page = 50
    search_fields = ["title", "slug", "neighbourhood"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["city"]
    filter_horizontal = ["themes", "sdgs"]
    date_hierarchy = "start_date"
    inlines = [ParticipationInline]


@admin.register(Participation)
class ParticipationAdmin(CityImportExportMixin, HistoryAdmin):
    resource_classes = [ParticipationResource]
    list_display = ["partnership", "stakeholder", "role", "amount_eur"]
    list_filter = ["role", ("partnership__city", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["partnership", "stakeholder"]
    search_fields = ["partnership__title", "stakeholder__name"]
    autocomplete_fields = ["partnership", "stakeholder"]


@admin.register(NetworkEvent)
class NetworkEventAdmin(TranslatedHistoryAdmin):
    list_display = ["title", "kind", "start_date", "host_city", "online", "publication_status"]
    list_filter = ["kind", "online", "publication_status"]
    list_select_related = ["host_city"]
    search_fields = ["title", "slug", "place"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["host_city"]
    filter_horizontal = ["participating_cities"]
    cross_city_fields = ("participating_cities",)
    date_hierarchy = "start_date"


@admin.register(Interaction)
class InteractionAdmin(HistoryAdmin):
    list_display = [
        "stakeholder",
        "kind",
        "date",
        "owner_name",
        "follow_up_date",
        "follow_up_done",
    ]
    # By date with the sidebar's periods (today, past 7 days, this month, this year), not
    # a date hierarchy: its row of years is a DISTINCT over every interaction's date,
    # half of this changelist's time at 100,000 rows.
    list_filter = ["kind", "follow_up_done", ("date", admin.DateFieldListFilter)]
    list_select_related = ["stakeholder", "owner"]
    # Tens of thousands of rows: no second COUNT(*) of the whole table per page, and
    # 50 rows a page (not 100), as rendering the rows is most of a changelist's time.
    show_full_result_count = False
    list_per_page = 50
    search_fields = ["stakeholder__name", "summary"]
    autocomplete_fields = ["stakeholder", "contact", "partnership"]
    actions = ["mark_follow_ups_done"]

    @admin.action(description=_("Mark the follow-ups done"), permissions=["change"])
    def mark_follow_ups_done(self, request: HttpRequest, queryset: QuerySet[Interaction]) -> None:
        changed = follow_ups_mark_done(interactions=queryset, actor=request.user)
        self.message_user(
            request,
            ngettext("%(count)d follow-up done.", "%(count)d follow-ups done.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.display(description=_("owner"), ordering="owner__last_name")
    def owner_name(self, obj: Interaction) -> str:
        return full_name(obj.owner) or "—"


@admin.register(Proposal)
class ProposalAdmin(HistoryAdmin):
    list_display = ["organisation_name", "organisation_kind", "city", "status", "created_at"]
    list_filter = ["status", "organisation_kind", CITY_FILTER]
    list_select_related = ["city"]
    search_fields = ["organisation_name"]
    autocomplete_fields = ["city", "stakeholder", "partnership"]
    filter_horizontal = ["themes"]
    date_hierarchy = "created_at"


@admin.register(CityRole)
class CityRoleAdmin(HistoryAdmin):
    """Roles are granted and revoked through the role services, so groups follow."""

    list_display = ["user_name", "city", "role"]
    list_filter = ["role", CITY_FILTER]
    list_select_related = ["user", "city"]
    search_fields = ["user__username", "city__name"]
    autocomplete_fields = ["city"]

    @admin.display(description=_("user"), ordering="user__last_name")
    def user_name(self, obj: CityRole) -> str:
        return full_name(obj.user)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        city_role_grant(user=obj.user, city=obj.city, role=obj.role)

    def delete_model(self, request, obj) -> None:
        city_role_revoke(city_role=obj)

    def delete_queryset(self, request, queryset) -> None:
        for city_role in queryset:
            city_role_revoke(city_role=city_role)
