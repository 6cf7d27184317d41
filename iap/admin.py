import re
from copy import copy

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from iap.models import (
    Action,
    Indicator,
    IntegratedActionPlan,
    Measurement,
    Need,
    Pledge,
    Priority,
    Risk,
    ToolboxResource,
)
from iap.services import (
    need_refresh_status,
    pledge_check,
    pledge_create,
    pledge_delete,
    pledge_record_delivery,
    pledge_update,
)
from partnerships.admin import HistoryAdmin, TranslatedHistoryAdmin
from partnerships.admin_base import CityScopedStackedInline, CityScopedTabularInline


class ActionInline(CityScopedStackedInline):
    model = Action
    extra = 0
    fields = ["code", "title", "start_date", "end_date", "budget_eur", "status"]
    show_change_link = True


ACTIONS_PREFIX = Action._meta.get_field("plan").remote_field.get_accessor_name()


class PlanIndicatorForm(forms.ModelForm):
    """An indicator of the plan, pointing at one of its actions by code or title: also at an
    action added in the same save, which a list of the saved actions could not offer."""

    action_name = forms.CharField(
        label=_("action (code or title)"),
        required=False,
        max_length=300,
        help_text=_("Of an action of this plan, also one added above; empty for the whole plan."),
    )

    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "target", "target_date"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.action_id:
            action = self.instance.action
            self.initial["action_name"] = action.code or action.title

    def _actions_on_the_page(self) -> set[str]:
        """Codes and titles of the action rows sent with this form (saved or new)."""
        pattern = re.compile(rf"^{ACTIONS_PREFIX}-\d+-(code|title)$")
        return {value.strip() for key, value in self.data.items() if pattern.match(key)} - {""}

    def clean_action_name(self) -> str:
        name = self.cleaned_data["action_name"].strip()
        if name and name not in self._actions_on_the_page():
            raise ValidationError(
                _("No action of this plan has the code or title “%(name)s”."), params={"name": name}
            )
        return name

    def save(self, commit: bool = True) -> Indicator:
        # Run when the plan's action rows are already saved (inlines save in order).
        name = self.cleaned_data.get("action_name")
        self.instance.action = (
            Action.objects.filter(plan=self.instance.plan)
            .filter(Q(code=name) | Q(title=name))
            .first()
            if name
            else None
        )
        return super().save(commit)


class IndicatorInline(CityScopedTabularInline):
    model = Indicator
    form = PlanIndicatorForm
    extra = 0
    fields = ["name", "action_name", "unit", "baseline", "target", "target_date"]
    show_change_link = True


class RiskInline(CityScopedTabularInline):
    model = Risk
    extra = 0
    fields = ["description", "likelihood", "impact", "owner"]


@admin.register(IntegratedActionPlan)
class IntegratedActionPlanAdmin(TranslatedHistoryAdmin):
    list_display = ["title", "city", "status", "adoption_date", "publication_status"]
    list_filter = ["status", "publication_status", ("city", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["city"]
    search_fields = ["title", "city__name"]
    date_hierarchy = "adoption_date"
    autocomplete_fields = ["city", "policy_theme"]
    inlines = [ActionInline, IndicatorInline, RiskInline]


@admin.register(Action)
class ActionAdmin(TranslatedHistoryAdmin):
    list_display = ["code", "title", "plan", "status", "start_date", "end_date", "budget_eur"]
    list_filter = ["status", ("plan__city", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["plan"]
    search_fields = ["code", "title", "plan__title"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["plan", "related_ssas", "partners", "partnerships"]


class MeasurementInline(CityScopedTabularInline):
    model = Measurement
    extra = 1


@admin.register(Indicator)
class IndicatorAdmin(TranslatedHistoryAdmin):
    list_display = ["name", "plan", "action", "unit", "baseline", "target", "target_date"]
    list_filter = [("plan__city", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["plan", "action"]
    search_fields = ["name"]
    autocomplete_fields = ["plan", "action"]
    inlines = [MeasurementInline]


@admin.register(Measurement)
class MeasurementAdmin(HistoryAdmin):
    list_display = ["indicator", "date", "value"]
    list_select_related = ["indicator"]
    list_filter = [("indicator__plan__city", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["indicator__name", "note"]
    autocomplete_fields = ["indicator"]
    date_hierarchy = "date"


@admin.register(Risk)
class RiskAdmin(TranslatedHistoryAdmin):
    list_display = ["__str__", "plan", "likelihood", "impact", "owner"]
    list_filter = ["likelihood", "impact"]
    list_select_related = ["plan"]
    search_fields = ["description", "owner"]
    autocomplete_fields = ["plan"]


@admin.register(ToolboxResource)
class ToolboxResourceAdmin(TranslatedHistoryAdmin):
    list_display = ["title", "kind", "language", "city", "publication_status"]
    list_filter = [
        "kind",
        "language",
        "publication_status",
        ("city", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["city"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["city"]


class NeedInline(CityScopedTabularInline):
    """The needs under a priority, at a glance; each is edited on its own page (slug, pledges)."""

    model = Need
    extra = 0
    fields = ["title", "resource_kind", "quantity", "unit", "deadline", "status"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Priority)
class PriorityAdmin(TranslatedHistoryAdmin):
    list_display = ["title", "city", "publication_status"]
    list_filter = ["publication_status", "themes", ("city", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["city"]
    search_fields = ["title"]
    autocomplete_fields = ["city", "related_actions"]
    filter_horizontal = ["themes", "sdgs"]
    inlines = [NeedInline]


class PledgeInline(CityScopedTabularInline):
    """A need's pledges, to read: they are written on the pledge's own page, through
    the pledge services, so the checks and the need's status hold on every path."""

    model = Pledge
    extra = 0
    fields = ["stakeholder", "proposal", "quantity_pledged", "quantity_delivered", "pledged_on"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Need)
class NeedAdmin(TranslatedHistoryAdmin):
    list_display = [
        "title",
        "priority",
        "resource_kind",
        "deadline",
        "status",
        "publication_status",
    ]
    list_filter = [
        "status",
        "resource_kind",
        "publication_status",
        "network_wide",
        ("priority__city", admin.RelatedOnlyFieldListFilter),
        ("priority", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["priority"]
    search_fields = ["title", "slug", "place"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["priority", "action", "small_scale_action"]
    date_hierarchy = "deadline"
    inlines = [PledgeInline]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # A new quantity asked for may meet or reopen the need.
        need_refresh_status(need=form.instance)


class PledgeAdminForm(forms.ModelForm):
    def clean(self):
        cleaned_data = super().clean()
        candidate = copy(self.instance)
        for name, value in cleaned_data.items():
            setattr(candidate, name, value)
        if candidate.need_id is not None:
            # The services' own checks, so a refusal is a form error, not a 500.
            pledge_check(pledge=candidate)
        return cleaned_data


@admin.register(Pledge)
class PledgeAdmin(HistoryAdmin):
    list_display = ["need", "stakeholder", "quantity_pledged", "quantity_delivered", "pledged_on"]
    list_select_related = ["need", "stakeholder"]
    search_fields = ["need__title", "stakeholder__name"]
    list_filter = [("need__priority__city", admin.RelatedOnlyFieldListFilter), "delivered_on"]
    date_hierarchy = "pledged_on"
    autocomplete_fields = ["need", "proposal", "stakeholder", "partnership"]
    actions = ["record_full_delivery"]
    form = PledgeAdminForm

    # Every write goes through the pledge services: the old and the new need follow.
    def save_model(self, request, obj, form, change) -> None:
        if change:
            pledge_update(pledge=obj, actor=request.user)
        else:
            pledge_create(pledge=obj, actor=request.user)

    def delete_model(self, request, obj) -> None:
        pledge_delete(pledge=obj, actor=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for pledge in queryset.select_related("need__priority"):
            pledge_delete(pledge=pledge, actor=request.user)

    @admin.action(
        description=_("Record the pledged quantity as delivered today"), permissions=["change"]
    )
    def record_full_delivery(self, request, queryset) -> None:
        recorded = 0
        for pledge in queryset.select_related("need__priority"):
            try:
                pledge_record_delivery(
                    pledge=pledge,
                    quantity_delivered=pledge.quantity_pledged,
                    delivered_on=timezone.localdate(),
                    actor=request.user,
                )
            except (ValidationError, PermissionDenied) as error:
                for message in getattr(error, "messages", None) or [str(error)]:
                    self.message_user(request, f"{pledge}: {message}", messages.ERROR)
            else:
                recorded += 1
        self.message_user(
            request,
            ngettext("%(count)d delivery recorded.", "%(count)d deliveries recorded.", recorded)
            % {"count": recorded},
            messages.SUCCESS,
        )
