from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

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
    Theme,
)


class HistoryAdmin(SimpleHistoryAdmin):
    """Every model's admin: change history visible under "History"."""


class TranslatedHistoryAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    """Admin for models with Italian and English text, shown as language tabs."""


@admin.register(Network)
class NetworkAdmin(TranslatedHistoryAdmin):
    list_display = ["name", "programme", "start_date", "end_date", "lead_city"]
    search_fields = ["name", "full_name"]


@admin.register(City)
class CityAdmin(TranslatedHistoryAdmin):
    list_display = ["name", "country", "role", "network", "publication_status"]
    list_filter = ["publication_status", "role", "country", "network"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Theme)
class ThemeAdmin(TranslatedHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Stakeholder)
class StakeholderAdmin(TranslatedHistoryAdmin):
    list_display = [
        "name",
        "kind",
        "city",
        "engagement_stage",
        "account_manager",
        "listing_consent",
    ]
    list_filter = ["kind", "engagement_stage", "listing_consent", "city"]
    list_select_related = ["city", "account_manager"]
    search_fields = ["name", "slug", "website"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["city", "account_manager"]
    inlines = [ContactInline]


@admin.register(Contact)
class ContactAdmin(HistoryAdmin):
    list_display = ["name", "role", "stakeholder", "consent_date"]
    list_select_related = ["stakeholder"]
    search_fields = ["name", "email", "stakeholder__name"]
    autocomplete_fields = ["stakeholder"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 1
    autocomplete_fields = ["stakeholder"]


@admin.register(Partnership)
class PartnershipAdmin(TranslatedHistoryAdmin):
    list_display = ["title", "city", "status", "start_date", "publication_status", "featured"]
    list_filter = ["publication_status", "status", "featured", "city", "themes"]
    list_select_related = ["city"]
    search_fields = ["title", "slug", "neighbourhood"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["city"]
    filter_horizontal = ["themes"]
    date_hierarchy = "start_date"
    inlines = [ParticipationInline]


@admin.register(Participation)
class ParticipationAdmin(HistoryAdmin):
    list_display = ["partnership", "stakeholder", "role", "amount_eur"]
    list_filter = ["role"]
    list_select_related = ["partnership", "stakeholder"]
    search_fields = ["partnership__title", "stakeholder__name"]
    autocomplete_fields = ["partnership", "stakeholder"]


@admin.register(NetworkEvent)
class NetworkEventAdmin(TranslatedHistoryAdmin):
    list_display = ["title", "kind", "start_date", "host_city", "online", "publication_status"]
    list_filter = ["kind", "online", "publication_status"]
    list_select_related = ["host_city"]
    search_fields = ["title", "place"]
    filter_horizontal = ["participating_cities"]


@admin.register(Interaction)
class InteractionAdmin(HistoryAdmin):
    list_display = ["stakeholder", "kind", "date", "owner", "follow_up_date", "follow_up_done"]
    list_filter = ["kind", "follow_up_done"]
    list_select_related = ["stakeholder", "owner"]
    search_fields = ["stakeholder__name", "summary"]
    autocomplete_fields = ["stakeholder", "contact", "partnership", "owner"]
    date_hierarchy = "date"


@admin.register(Proposal)
class ProposalAdmin(HistoryAdmin):
    list_display = ["organisation_name", "organisation_kind", "city", "status", "created_at"]
    list_filter = ["status", "organisation_kind", "city"]
    list_select_related = ["city"]
    search_fields = ["organisation_name"]
    autocomplete_fields = ["city", "assignee", "stakeholder", "partnership"]
    date_hierarchy = "created_at"


@admin.register(CityRole)
class CityRoleAdmin(HistoryAdmin):
    list_display = ["user", "city", "role"]
    list_filter = ["role", "city"]
    list_select_related = ["user", "city"]
    search_fields = ["user__username", "city__name"]
    autocomplete_fields = ["user", "city"]
