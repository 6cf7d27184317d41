"""Import/export (django-import-export) of stakeholders, contacts, partnerships, participations.

Every resource is built for one user and, on import, one of their cities: lookups
of existing records and of related records go through `scope_to_user`, and new
records land in that city. A file with a single bad row imports nothing (the
admin runs the import in a transaction and offers to confirm only a clean dry run).
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db.models import QuerySet
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets

from core.spreadsheets import (
    ChoiceLabelWidget,
    labels_in_every_language,
    normalise,
    safe_cell,
)
from partnerships.models import City, Contact, Participation, Partnership, Stakeholder, Theme
from partnerships.scoping import scope_to_user

UNIQUE_CODES = ("unique", "unique_together")
# Whose record holds the value is not said: it may be another city's.
TAKEN = ValidationError(gettext_lazy("This value is taken; choose another."), code="unique")


class ScopedForeignKeyWidget(widgets.ForeignKeyWidget):
    """Finds the related record only among those the importing user may see (in one city)."""

    def __init__(self, model, field="slug", *, city_lookup: str | None = None, **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.city_lookup = city_lookup
        self.resource: CityScopedResource | None = None

    def get_queryset(self, value, row, *args, **kwargs) -> QuerySet:
        queryset = scope_to_user(self.model._default_manager.all(), self.resource.user)
        if self.city_lookup and self.resource.city is not None:
            queryset = queryset.filter(**{self.city_lookup: self.resource.city})
        return queryset

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ObjectDoesNotExist:
            # A ValueError becomes an error on this column of this row in the preview.
            raise ValueError(
                _("No %(model)s “%(value)s” among the records of your city.")
                % {"model": self.model._meta.verbose_name, "value": value}
            ) from None


class CityScopedResource(resources.ModelResource):
    """A resource bound to the user who exports or imports, and to the city imported into.

    Columns are named as people read them, in the language of the page ("Nome", "Tipo");
    a file may name them in Italian, in English or by the field ("name"), in any case.
    Choices are read by value or label in any language ("azienda") and written as labels.
    """

    required_columns: tuple[str, ...] = ()
    # The field a missing or empty slug is made from ("name" → "fondazione-uno").
    slug_source: str | None = None
    # Per field, other words offices use for a choice: {"kind": {"azienda": "company"}}.
    choice_synonyms: dict[str, dict[str, str]] = {}

    def __init__(self, *, user=None, city: City | None = None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.city = city
        for name, field in self.fields.items():
            if isinstance(field.widget, ScopedForeignKeyWidget):
                field.widget.resource = self
            model_field = self._model_field(field.attribute or name)
            if model_field is not None and model_field.choices:
                field.widget = ChoiceLabelWidget(
                    model_field.flatchoices, self.choice_synonyms.get(model_field.name)
                )
            field.column_name = self._label(field.attribute or name)

    def _model_field(self, attribute: str):
        try:
            return self._meta.model._meta.get_field(attribute)
        except FieldDoesNotExist:
            return None

    def _label(self, attribute: str):
        model_field = self._model_field(attribute)
        return str(capfirst(model_field.verbose_name)) if model_field is not None else attribute

    def column(self, attribute: str) -> str:
        """The name of the column that holds `attribute` ("name" → "Nome")."""
        return next(
            field.column_name for field in self.fields.values() if field.attribute == attribute
        )

    def _rename_headers(self, dataset) -> None:
        """The file's column names, as typed in any language, become this resource's."""
        aliases: dict[str, str] = {}
        for field in self.fields.values():
            names = {normalise(field.attribute), normalise(field.column_name)}
            if (model_field := self._model_field(field.attribute)) is not None:
                names |= labels_in_every_language(capfirst(model_field.verbose_name))
            aliases.update(dict.fromkeys(names, field.column_name))
        dataset.headers = [aliases.get(normalise(header), header) for header in dataset.headers]

    def import_data(self, dataset, *args, **kwargs):
        result = super().import_data(dataset, *args, **kwargs)
        # For the table of errors (core.spreadsheets.import_errors): the column of each field.
        result.column_labels = {
            field.attribute: field.column_name for field in self.fields.values()
        }
        return result

    def get_queryset(self) -> QuerySet:
        # Used both to export and to find the record a row updates: never another city's.
        return scope_to_user(super().get_queryset(), self.user)

    def export_field(self, field: fields.Field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        # A number column stays a number ("-5.00" as an amount is not a formula).
        if isinstance(field.widget, widgets.NumberWidget):
            return value
        return safe_cell(value)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Django's "Stakeholder with this slug already exists" would confirm that a
        # record of another city (which this import cannot see) has that slug.
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            raise ValidationError(
                {
                    field: [TAKEN if item.code in UNIQUE_CODES else item for item in errors]
                    for field, errors in error.error_dict.items()
                }
            ) from None

    def before_import(self, dataset, **kwargs) -> None:
        self._rename_headers(dataset)
        if (
            self.slug_source
            and "slug" in self.fields
            and self.column("slug") not in dataset.headers
        ):
            # No slug column at all: one made from the names, row by row (below).
            dataset.append_col([""] * len(dataset), header=self.column("slug"))
        missing = [
            self.column(attribute)
            for attribute in self.required_columns
            if self.column(attribute) not in dataset.headers
        ]
        if missing:
            raise ValueError(
                _("The file lacks the column(s) %(missing)s. Expected columns: %(expected)s.")
                % {
                    "missing": ", ".join(missing),
                    "expected": ", ".join(field.column_name for field in self.get_import_fields()),
                }
            )
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs) -> None:
        # The slug is the row's identity; derive it from the name when left empty.
        if self.slug_source and "slug" in self.fields:
            slug, source = self.column("slug"), self.column(self.slug_source)
            if not row.get(slug) and row.get(source):
                row[slug] = slugify(row[source])
        super().before_import_row(row, **kwargs)


class StakeholderResource(CityScopedResource):
    required_columns = ("name",)
    slug_source = "name"
    # The words of Italian registers beside the labels ("Impresa", "Associazione / ONG").
    choice_synonyms = {
        "kind": {
            "azienda": "company",
            "società": "company",
            "ditta": "company",
            "associazione": "association",
            "ong": "association",
            "onlus": "association",
            "università": "university",
            "ente di ricerca": "university",
        }
    }

    class Meta:
        model = Stakeholder
        fields = (
            "slug",
            "name",
            "kind",
            "website",
            "vat_number",
            "description_it",
            "description_en",
            "listing_consent",
            "engagement_stage",
        )
        import_id_fields = ("slug",)
        clean_model_instances = True
        skip_unchanged = True

    def import_instance(self, instance: Stakeholder, row, **kwargs) -> None:
        if instance.pk is None:
            instance.city = self.city
        super().import_instance(instance, row, **kwargs)


class ContactResource(CityScopedResource):
    required_columns = ("name", "stakeholder")
    stakeholder = fields.Field(
        attribute="stakeholder",
        column_name="stakeholder",
        widget=ScopedForeignKeyWidget(Stakeholder, "slug", city_lookup="city"),
    )

    class Meta:
        model = Contact
        fields = (
            "id",
            "stakeholder",
            "name",
            "role",
            "email",
            "phone",
            "consent_date",
            "consent_source",
            "consent_scope",
        )
        clean_model_instances = True
        skip_unchanged = True


class PartnershipResource(CityScopedResource):
    required_columns = ("title_it",)
    slug_source = "title_it"
    themes = fields.Field(
        attribute="themes",
        column_name="themes",
        widget=widgets.ManyToManyWidget(Theme, field="slug", separator="|"),
    )

    class Meta:
        model = Partnership
        fields = (
            "slug",
            "title_it",
            "title_en",
            "summary_it",
            "summary_en",
            "neighbourhood",
            "start_date",
            "end_date",
            "status",
            "themes",
            "publication_status",
        )
        import_id_fields = ("slug",)
        clean_model_instances = True
        skip_unchanged = True

    def import_instance(self, instance: Partnership, row, **kwargs) -> None:
        if instance.pk is None:
            instance.city = self.city
        super().import_instance(instance, row, **kwargs)


class ParticipationResource(CityScopedResource):
    required_columns = ("partnership", "stakeholder")
    partnership = fields.Field(
        attribute="partnership",
        column_name="partnership",
        widget=ScopedForeignKeyWidget(Partnership, "slug", city_lookup="city"),
    )
    stakeholder = fields.Field(
        attribute="stakeholder",
        column_name="stakeholder",
        widget=ScopedForeignKeyWidget(Stakeholder, "slug"),
    )

    class Meta:
        model = Participation
        fields = ("partnership", "stakeholder", "role", "contribution", "amount_eur")
        import_id_fields = ("partnership", "stakeholder")
        clean_model_instances = True
        skip_unchanged = True
