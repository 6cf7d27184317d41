"""The base of every admin of city data: each read and write goes through `partnerships.scoping`.

`CityScopedAdmin` routes the changelist, the object views (change, delete, history),
the choices of foreign keys and many-to-many fields (and so autocomplete results,
which read the target admin's queryset), saves, bulk actions and import/export
through `scope_to_user`. Network-wide models (`city_path = None`) are read by
every member and changed only by network administrators.
"""

from __future__ import annotations

import csv
import logging

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ConfirmImportForm, ImportForm, SelectableFieldsExportForm
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from core import personal_data
from core.audit import audit
from core.history import HistoryInWords, inline_history
from core.people import PersonChoiceField
from core.spreadsheets import OfficeCSV, import_errors
from partnerships.models import (
    City,
    PublicationStatus,
    Publishable,
    ResourceKind,
    validate_resource_kinds,
)
from partnerships.scoping import (
    ENGAGEMENT,
    NOT_CITY_DATA,
    city_id_of,
    city_path_of,
    has_city_role,
    may_change_network_data,
    scope_to_user,
    sees_all_cities,
    user_city_ids,
)
from partnerships.services import personal_data_city_ids, records_set_publication


class ScopedChoicesMixin:
    """Foreign-key and many-to-many choices limited to what the user may see."""

    # Fields that name other cities without touching their records, e.g. the cities
    # taking part in a network event: every city is offered.
    cross_city_fields: tuple[str, ...] = ()

    def _scoped_choices(self, db_field, request: HttpRequest) -> QuerySet:
        related_model = db_field.remote_field.model
        # get_field_queryset keeps the ordering of the related model's admin.
        queryset = self.get_field_queryset(None, db_field, request)
        if queryset is None:
            queryset = related_model._default_manager.all()
        if db_field.name in self.cross_city_fields:
            return queryset
        return scope_to_user(queryset, request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", self._scoped_choices(db_field, request))
        if db_field.remote_field.model is get_user_model():
            kwargs.setdefault("form_class", PersonChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", self._scoped_choices(db_field, request))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A list of resource kinds (what an organisation offers) is ticked, not typed as JSON.
        if validate_resource_kinds in db_field.validators:
            return forms.MultipleChoiceField(
                label=capfirst(db_field.verbose_name),
                choices=ResourceKind.choices,
                widget=forms.CheckboxSelectMultiple,
                required=not db_field.blank,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CityScopedInlineMixin(ScopedChoicesMixin):
    """Inline rows and their choices scoped like the page they sit on."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return scope_to_user(super().get_queryset(request), request.user)


class CityScopedTabularInline(CityScopedInlineMixin, admin.TabularInline):
    pass


class CityScopedStackedInline(CityScopedInlineMixin, admin.StackedInline):
    pass


def city_guarded_form(form_class, *, user, original_city_id: int | None):
    """A ModelForm that refuses to save a record outside the user's cities, or to move it."""

    class CityGuardedForm(form_class):
        def _post_clean(self) -> None:
            super()._post_clean()
            if sees_all_cities(user):
                return
            city_path = city_path_of(type(self.instance))
            if city_path is None or city_path is NOT_CITY_DATA:
                return
            first_hop = city_path.split("__")[0]
            field = first_hop if first_hop in self.fields else None
            city_id = city_id_of(self.instance)
            if original_city_id is not None and city_id != original_city_id:
                self.add_error(
                    field,
                    _("Moving a record to another city is reserved to network administrators."),
                )
            elif not has_city_role(user, city_id, ENGAGEMENT):
                self.add_error(field, _("You can only save records of your own cities."))

    CityGuardedForm.__name__ = form_class.__name__
    return CityGuardedForm


class CityScopedAdmin(ScopedChoicesMixin, SimpleHistoryAdmin):
    """Admin of a city-owned or network-wide model, with change history and publishing."""

    actions = ["publish", "unpublish"]

    @property
    def is_network_wide(self) -> bool:
        return city_path_of(self.model) is None

    # --- reads -----------------------------------------------------------------
    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return scope_to_user(super().get_queryset(request), request.user)

    def get_object(self, request: HttpRequest, object_id: str, from_field=None) -> Model:
        # Another city's record is "not found", exactly like a record that never existed.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("No such record among those of your cities."))
        return obj

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        if not hasattr(self.model._meta, "simple_history_manager_attribute"):
            # A model kept without change history (e.g. the fixed list of SDGs):
            # Django's own log of admin actions.
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        # The rows edited on this record's page (its partners, its contacts) are part of
        # its history, as they are part of its page.
        rows = inline_history(
            self.model,
            object_id,
            [inline.model for inline in self.inlines],
            scope=lambda history: scope_to_user(history, request.user),
        )
        return super().history_view(
            request, object_id, {"inline_history": rows, **(extra_context or {})}
        )

    def get_historical_record_context_helper(self, request: HttpRequest, historical_record):
        return HistoryInWords(self.model, historical_record)

    def history_form_view(self, request: HttpRequest, object_id: str, version_id: str, **kwargs):
        # One past version (the "Revert" page): simple-history finds it unscoped and
        # answers 403, which would confirm another city's record exists.
        manager = getattr(self.model._meta, "simple_history_manager_attribute", None)
        lookup = {self.model._meta.pk.attname: object_id, "history_id": version_id}
        try:
            visible = (
                manager
                and scope_to_user(
                    getattr(self.model, manager).filter(**lookup), request.user
                ).exists()
            )
        except (ValueError, ValidationError):
            visible = False
        if not visible:
            raise Http404(_("No such record among those of your cities."))
        return super().history_form_view(request, object_id, version_id, **kwargs)

    def get_history_queryset(self, request, history_manager, pk_name, object_id) -> QuerySet:
        # Without this, the history of another city's record (or of a deleted one)
        # would be shown from the history table.
        history = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return scope_to_user(history, request.user)

    # --- permissions -------------------------------------------------------------
    def _may_write(self, request: HttpRequest, obj: Model | None) -> bool:
        if self.is_network_wide:
            return may_change_network_data(request.user)
        return obj is None or has_city_role(request.user, city_id_of(obj), ENGAGEMENT)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if not super().has_view_permission(request, obj):
            return False
        return (
            obj is None
            or self.is_network_wide
            or has_city_role(request.user, city_id_of(obj), ENGAGEMENT)
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and self._may_write(request, None)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and self._may_write(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_delete_permission(request, obj) and self._may_write(request, obj)

    # --- writes ------------------------------------------------------------------
    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        initial = super().get_changeform_initial_data(request)
        # Whoever works on one city only has no other to choose: it is filled in.
        city_path = city_path_of(self.model)
        first_hop = city_path.split("__")[0] if isinstance(city_path, str) else ""
        if first_hop in {field.name for field in self.model._meta.fields}:
            field = self.model._meta.get_field(first_hop)
            if field.related_model is City and not sees_all_cities(request.user):
                city_ids = list(user_city_ids(request.user, ENGAGEMENT).distinct()[:2])
                if len(city_ids) == 1:
                    initial.setdefault(first_hop, city_ids[0]["city"])
        return initial

    def get_form(self, request: HttpRequest, obj: Model | None = None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        original_city_id = city_id_of(obj) if obj is not None else None
        return city_guarded_form(form_class, user=request.user, original_city_id=original_city_id)

    def save_model(self, request: HttpRequest, obj: Model, form, change: bool) -> None:
        # The form already refused; this guards any other path into save_model.
        if not self.is_network_wide and not has_city_role(
            request.user, city_id_of(obj), ENGAGEMENT
        ):
            audit(
                "permission denied",
                level=logging.WARNING,
                user=request.user,
                city=city_id_of(obj),
                where="admin save",
                model=obj._meta.label,
            )
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    # --- publishing ----------------------------------------------------------------
    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        if not issubclass(self.model, Publishable):
            actions.pop("publish", None)
            actions.pop("unpublish", None)
        return actions

    def _set_publication_status(
        self, request: HttpRequest, queryset: QuerySet, status: str, done: Promise
    ) -> None:
        """Give the selected records `status` and say how many changed (`done`: a
        lazy plural message counting "count")."""
        # The service saves one record at a time (the history says who published),
        # audits, and leaves alone any record outside the user's cities.
        changed = records_set_publication(records=queryset, status=status, actor=request.user)
        self.message_user(request, done % {"count": changed}, messages.SUCCESS)

    @admin.action(description=_("Publish selected records"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set_publication_status(
            request,
            queryset,
            PublicationStatus.PUBLISHED,
            ngettext_lazy("%(count)d record published.", "%(count)d records published.", "count"),
        )

    @admin.action(
        description=_("Unpublish selected records (back to draft)"), permissions=["change"]
    )
    def unpublish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set_publication_status(
            request,
            queryset,
            PublicationStatus.DRAFT,
            ngettext_lazy(
                "%(count)d record unpublished.", "%(count)d records unpublished.", "count"
            ),
        )


class TranslatedCityScopedAdmin(CityScopedAdmin, TabbedTranslationAdmin):
    """For models with Italian and English text, shown as language tabs."""


class CityImportForm(ImportForm):
    city = forms.ModelChoiceField(
        queryset=City.objects.none(),
        label=_("Import into city"),
        help_text=_("New records are created in this city."),
    )

    def __init__(self, formats, resources, *, user, **kwargs):
        super().__init__(formats, resources, **kwargs)
        cities = scope_to_user(City.objects.all(), user)
        self.fields["city"].queryset = cities
        if len(cities) == 1:
            self.fields["city"].initial = cities[0].pk


class CityConfirmImportForm(ConfirmImportForm):
    city = forms.ModelChoiceField(queryset=City.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = scope_to_user(City.objects.all(), user)


class LabelledExportForm(SelectableFieldsExportForm):
    """The export's field picker, each field by the column name it gets ("Nome")."""

    def _get_field_label(self, resource, field_name: str) -> str:
        # An instance: the column names are given in the page's language when built.
        field = resource().fields.get(field_name)
        return str(field.column_name) if field else field_name


class CityImportExportMixin(ImportExportMixin):
    """CSV and XLSX import/export scoped to the user; imports land in a city of the user.

    CSV is read as Italian offices save it (core.spreadsheets.OfficeCSV); each model
    offers a template file to fill in; errors are a table of row, column, value and
    message (core.spreadsheets.import_errors), never a traceback."""

    import_form_class = CityImportForm
    confirm_form_class = CityConfirmImportForm
    export_form_class = LabelledExportForm
    import_formats = [OfficeCSV, XLSX]
    export_formats = [CSV, XLSX]
    import_error_display = ("message",)
    import_template_name = "admin/import_export/city_import.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "import/template/",
                self.admin_site.admin_view(self.import_template_view),
                name=f"{opts.app_label}_{opts.model_name}_import_template",
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request: HttpRequest) -> HttpResponse:
        """An empty file to fill in: the header row, with the column names of the page's
        language, semicolon-separated and with a BOM, as Italian Excel opens it."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = self.get_import_resource_classes(request)[0](user=request.user)
        headers = [field.column_name for field in resource.get_import_fields()]
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{self.model._meta.model_name}-template.csv"'
        )
        response.write("\ufeff")
        csv.writer(response, delimiter=";").writerow(headers)
        return response

    def import_action(self, request: HttpRequest, **kwargs):
        response = super().import_action(request, **kwargs)
        result = getattr(response, "context_data", {}).get("result")
        if result is not None and (result.has_errors() or result.has_validation_errors()):
            response.context_data["import_errors"] = import_errors(result)
        return response

    def has_import_permission(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request)

    def has_export_permission(self, request: HttpRequest) -> bool:
        if not self.has_view_permission(request):
            return False
        # One rule with the workspace's export of a person (`personal_data_city_ids`).
        return (
            not personal_data.holds_personal_data(self.model)
            or personal_data_city_ids(request.user).exists()
        )

    def process_result(self, result, request: HttpRequest):
        totals = {kind: count for kind, count in result.totals.items() if count}
        city = City.objects.filter(pk=request.POST.get("city") or None).first()
        audit("import", user=request.user, city=city, model=self.model._meta.label, **totals)
        return super().process_result(result, request)

    def get_export_data(self, file_format, request: HttpRequest, queryset: QuerySet, **kwargs):
        if personal_data.holds_personal_data(self.model):
            # Filtered here, where every export (all rows or the selected ones) passes.
            queryset = queryset.filter(
                **{f"{city_path_of(self.model)}__in": personal_data_city_ids(request.user)}
            )
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        cities = (
            "all"
            if sees_all_cities(request.user)
            else sorted(
                City.objects.filter(pk__in=user_city_ids(request.user)).values_list(
                    "slug", flat=True
                )
            )
        )
        audit(
            "export",
            user=request.user,
            model=self.model._meta.label,
            format=file_format.get_title(),
            rows=queryset.count(),
            cities=cities,
        )
        return data

    def get_import_form_kwargs(self, request: HttpRequest) -> dict:
        return {**super().get_import_form_kwargs(request), "user": request.user}

    def get_confirm_form_kwargs(self, request: HttpRequest, import_form=None) -> dict:
        return {**super().get_confirm_form_kwargs(request, import_form), "user": request.user}

    def get_confirm_form_initial(self, request: HttpRequest, import_form) -> dict:
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["city"] = import_form.cleaned_data["city"].pk
        return initial

    def get_resource_kwargs(self, request: HttpRequest, *args, **kwargs) -> dict:
        form = kwargs.get("form")
        city = getattr(form, "cleaned_data", {}).get("city")
        return {"user": request.user, "city": city}

    def get_import_data_kwargs(self, **kwargs) -> dict:
        # All rows or none, also when a row fails validation only at the real import.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}
