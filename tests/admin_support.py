"""Helpers of the admin tests: make a record of any model in a given city, and fill its form."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Model
from django.test import RequestFactory
from django.urls import reverse

from partnerships.models import City
from partnerships.scoping import NOT_CITY_DATA, city_path_of
from portal.demo import factories


def factory_for(model: type[Model]):
    return getattr(factories, f"{model.__name__}Factory", None)


def in_city(model: type[Model], city: City, *, new: bool = True) -> Model:
    """A record of `model` that belongs to `city` (a new one unless `new` is False)."""
    path = city_path_of(model)
    if path == "pk":
        return city
    if not new:
        existing = model._default_manager.filter(**{path: city}).first()
        if existing is not None:
            return existing
    hop, _, rest = path.partition("__")
    if not rest:
        return factory_for(model)(**{hop: city})
    parent_model = model._meta.get_field(hop).related_model
    return factory_for(model)(**{hop: in_city(parent_model, city, new=False)})


def network_wide_record(model: type[Model]) -> Model:
    factory = factory_for(model)
    return model._default_manager.first() or factory()


def admin_url(obj_or_model, view: str, *args) -> str:
    opts = obj_or_model._meta
    if isinstance(obj_or_model, Model) and not args:
        args = (obj_or_model.pk,)
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def city_models() -> list[type[Model]]:
    return [
        model for model in admin.site._registry if city_path_of(model) not in (None, NOT_CITY_DATA)
    ]


def change_form_data(model_admin: admin.ModelAdmin, obj: Model, user) -> dict:
    """The POST a browser sends when saving `obj`'s change form unchanged."""
    request = RequestFactory().get("/")
    request.user = user
    form = model_admin.get_form(request, obj, change=True)(instance=obj)
    data = {}
    for bound_field in form:
        name = bound_field.name
        value = bound_field.value()  # already as the widget renders it (JSON as text, pks)
        if isinstance(bound_field.field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif isinstance(bound_field.field, forms.FileField):
            continue
        else:
            data[name] = "" if value is None else str(value)
    # Inline formsets: sent empty, so only the record itself changes.
    for formset, _inline in model_admin.get_formsets_with_inlines(request, obj):
        prefix = formset(instance=obj).prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data
