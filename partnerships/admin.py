"""Back-office of the network, its cities, stakeholders, partnerships and engagement.

Every admin here builds on `partnerships.admin_base.CityScopedAdmin`: what a user
sees and changes is decided by `partnerships.scoping`, never here.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from partnerships.admin_base import (
    CityImportExportMixin,
    CityScopedAdmin,
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
    Stakeholder,
    SustainableDevelopmentGoal,
    Theme,
)
from partnerships.resources import (
    ContactResource,
    ParticipationResource,
    PartnershipResource,
    StakeholderResource,
)
from partnerships.roles import city_role_grant, city_role_revoke
from partnerships.services import contact_delete

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


class ContactInline(CityScopedTabularInline):
    model = Contact
    extra = 0
    # A person is deleted on their own page, where deleting erases them.
    can_delete = False
    fields = ["name", "role", "email", "phone", "consent_date", "consent_source"]


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


@admin.register(Stakeholder)
class StakeholderAdmin(CityImportExportMixin, TranslatedHistoryAdmin):
    resource_classes = [StakeholderResource]
    list_display = [
        "name",
        "kind",
        "city",
        "engagement_stage",
        "account_manager",
        "listing_consent",
    ]
    list_filter = ["kind", "engagement_stage", "listing_consent", CITY_FILTER]
    list_select_related = ["city", "account_manager"]
    # Tens of thousands of rows: no second COUNT(*) of the whole table per page, and
    # 50 rows a page (not 100), as rendering the rows is most of a changelist's time.
    show_full_result_count = False
    list_per_page = 50
    search_fields = ["name", "slug", "website"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["city"]
    date_hierarchy = "created_at"
    inlines = [ContactInline, ParticipationOfStakeholderInline]


@admin.register(Contact)
class ContactAdmin(CityImportExportMixin, HistoryAdmin):
    resource_classes = [ContactResource]
    list_display = ["name", "role", "stakeholder", "consent_date"]
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
    list_display = ["stakeholder", "kind", "date", "owner", "follow_up_date", "follow_up_done"]
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

    list_display = ["user", "city", "role"]
    list_filter = ["role", CITY_FILTER]
    list_select_related = ["user", "city"]
    search_fields = ["user__username", "city__name"]
    autocomplete_fields = ["city"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        city_role_grant(user=obj.user, city=obj.city, role=obj.role)

    def delete_model(self, request, obj) -> None:
        city_role_revoke(city_role=obj)

    def delete_queryset(self, request, queryset) -> None:
        for city_role in queryset:
            city_role_revoke(city_role=city_role)
