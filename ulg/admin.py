from django.contrib import admin

from partnerships.admin import HistoryAdmin, TranslatedHistoryAdmin
from partnerships.admin_base import CityScopedStackedInline, CityScopedTabularInline
from ulg.models import Meeting, Membership, SmallScaleAction, SSAPartner, UrbactLocalGroup

ULG_CITY_FILTER = ("ulg__city", admin.RelatedOnlyFieldListFilter)


class MembershipInline(CityScopedTabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["stakeholder"]


class MeetingInline(CityScopedStackedInline):
    model = Meeting
    extra = 0
    fields = ["date", "title", "place", "publication_status"]
    show_change_link = True


@admin.register(UrbactLocalGroup)
class UrbactLocalGroupAdmin(TranslatedHistoryAdmin):
    list_display = ["name", "city", "established", "publication_status"]
    list_filter = ["publication_status"]
    list_select_related = ["city"]
    search_fields = ["name", "city__name"]
    autocomplete_fields = ["city"]
    inlines = [MembershipInline, MeetingInline]


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["stakeholder", "ulg", "role", "joined", "left"]
    list_filter = ["role", ULG_CITY_FILTER]
    list_select_related = ["stakeholder", "ulg"]
    search_fields = ["stakeholder__name", "ulg__name"]
    autocomplete_fields = ["ulg", "stakeholder"]


@admin.register(Meeting)
class MeetingAdmin(TranslatedHistoryAdmin):
    list_display = ["title", "ulg", "date", "publication_status"]
    list_filter = ["publication_status", ULG_CITY_FILTER]
    list_select_related = ["ulg"]
    search_fields = ["title", "place"]
    autocomplete_fields = ["ulg", "attendees"]
    date_hierarchy = "date"


class SSAPartnerInline(CityScopedTabularInline):
    model = SSAPartner
    extra = 1
    autocomplete_fields = ["stakeholder"]


@admin.register(SmallScaleAction)
class SmallScaleActionAdmin(TranslatedHistoryAdmin):
    list_display = ["title", "ulg", "status", "start_date", "publication_status"]
    list_filter = ["publication_status", "status", "themes", ULG_CITY_FILTER]
    list_select_related = ["ulg"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["ulg", "partnerships"]
    filter_horizontal = ["themes"]
    date_hierarchy = "start_date"
    inlines = [SSAPartnerInline]


@admin.register(SSAPartner)
class SSAPartnerAdmin(HistoryAdmin):
    list_display = ["stakeholder", "small_scale_action", "role"]
    list_select_related = ["stakeholder", "small_scale_action"]
    search_fields = ["stakeholder__name", "small_scale_action__title"]
    autocomplete_fields = ["small_scale_action", "stakeholder"]
