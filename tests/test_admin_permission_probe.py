"""The permission probe: every registered admin, tried by a coordinator of Milan against Sofia.

It iterates `admin.site._registry`, so a model registered later is probed too:
city data must never cross from one city to the other, network-wide records are
read-only to a coordinator, and what is not city data at all is refused.
"""

import csv
import io

import pytest
from django import forms
from django.contrib import admin
from django.db.models import ForeignKey, ManyToManyField

from partnerships.admin_base import CityImportExportMixin
from partnerships.scoping import NOT_CITY_DATA, city_path_of
from tests.admin_support import (
    admin_url,
    change_form_data,
    city_models,
    in_city,
    network_wide_record,
)

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
CITY_DATA = [(m, a) for m, a in REGISTERED if city_path_of(m) not in (None, NOT_CITY_DATA)]
NETWORK_WIDE = [(m, a) for m, a in REGISTERED if city_path_of(m) is None]
NOT_CITY = [(m, a) for m, a in REGISTERED if city_path_of(m) is NOT_CITY_DATA]


def by_model(pairs):
    return pytest.mark.parametrize(
        ("model", "model_admin"), pairs, ids=[model._meta.label for model, _admin in pairs]
    )


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


@by_model(CITY_DATA)
def test_coordinator_changelist_lists_only_own_city(
    as_coordinator, milan, sofia, model, model_admin
):
    own, other = in_city(model, milan), in_city(model, sofia)

    response = as_coordinator.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    content = response.content.decode()
    assert admin_url(own, "change") in content
    assert admin_url(other, "change") not in content


@by_model(CITY_DATA)
def test_coordinator_cannot_open_change_delete_or_history_of_other_city(
    as_coordinator, milan, sofia, model, model_admin
):
    other = in_city(model, sofia)

    for view in ("change", "delete", "history"):
        assert as_coordinator.get(admin_url(other, view)).status_code in (403, 404), view
    assert as_coordinator.post(admin_url(other, "delete"), {"post": "yes"}).status_code in (
        403,
        404,
    )
    assert model._default_manager.filter(pk=other.pk).exists()
    # The same views of the own city's record open: the refusal above is about the city.
    own = in_city(model, milan)
    assert as_coordinator.get(admin_url(own, "change")).status_code == 200
    assert as_coordinator.get(admin_url(own, "history")).status_code == 200


def scoped_relations(model):
    """The foreign keys and many-to-many fields of `model` that point at city data
    (except those its admin declares as naming other cities, see `cross_city_fields`)."""
    cross_city = getattr(admin.site._registry[model], "cross_city_fields", ())
    for field in model._meta.get_fields():
        if (
            isinstance(field, ForeignKey | ManyToManyField)
            and field.editable
            and field.name not in cross_city
            and city_path_of(field.related_model) not in (None, NOT_CITY_DATA)
        ):
            yield field


@by_model([(m, a) for m, a in CITY_DATA if any(scoped_relations(m))])
def test_coordinator_cannot_point_a_record_at_other_city(
    as_coordinator, coordinator, milan, sofia, model, model_admin
):
    own = in_city(model, milan)
    url = admin_url(own, "change")
    form_fields = model_admin.get_form(
        type("Request", (), {"user": coordinator, "GET": {}, "method": "GET"})(), own
    ).base_fields
    may_change = coordinator.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")
    probed = 0
    for field in scoped_relations(model):
        if field.name not in form_fields:
            continue
        probed += 1
        target_milan = in_city(field.related_model, milan, new=False)
        target_sofia = in_city(field.related_model, sofia, new=False)
        many = isinstance(field, ManyToManyField)
        data = change_form_data(model_admin, own, coordinator)

        data[field.name] = [str(target_sofia.pk)] if many else str(target_sofia.pk)
        refused = as_coordinator.post(url, data)

        if not may_change:
            # Read-only to a coordinator (e.g. city roles): refused outright.
            assert refused.status_code == 403
            continue
        assert refused.status_code == 200, field.name  # the form again, with an error
        assert refused.context["adminform"].form.errors, field.name
        own.refresh_from_db()
        if many:
            assert target_sofia not in getattr(own, field.name).all()
        else:
            assert getattr(own, field.attname) != target_sofia.pk

        # The same form pointing at the own city's record is accepted.
        data[field.name] = [str(target_milan.pk)] if many else str(target_milan.pk)
        accepted = as_coordinator.post(url, data)
        assert accepted.status_code == 302, (
            field.name,
            accepted.context and accepted.context["adminform"].form.errors,
        )
    assert probed


def autocomplete_sources(model):
    """(source model, field) pairs whose autocomplete would list `model`."""
    for source in admin.site._registry:
        for field in source._meta.get_fields():
            if isinstance(field, ForeignKey | ManyToManyField) and field.related_model is model:
                yield source, field


@by_model([(m, a) for m, a in CITY_DATA if a.search_fields and any(autocomplete_sources(m))])
def test_autocomplete_never_returns_other_city_rows(
    as_coordinator, milan, sofia, model, model_admin
):
    own, other = in_city(model, milan), in_city(model, sofia)
    source, field = next(autocomplete_sources(model))

    response = as_coordinator.get(
        "/admin/autocomplete/",
        {
            "term": "",
            "app_label": source._meta.app_label,
            "model_name": source._meta.model_name,
            "field_name": field.name,
        },
    )

    assert response.status_code == 200
    ids = {item["id"] for item in response.json()["results"]}
    assert str(own.pk) in ids
    assert str(other.pk) not in ids


def export_rows(client, model) -> list[dict]:
    url = admin_url(model, "export")
    form = client.get(url).context["form"]
    data = {"format": "0", "resource": "0"}
    data.update(
        {name: "on" for name, field in form.fields.items() if isinstance(field, forms.BooleanField)}
    )
    response = client.post(url, data)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@by_model([(m, a) for m, a in CITY_DATA if isinstance(a, CityImportExportMixin)])
def test_export_never_contains_other_city_rows(as_coordinator, milan, sofia, model, model_admin):
    own, other = in_city(model, milan), in_city(model, sofia)
    resource = model_admin.get_export_resource_classes(None)[0](user=None)

    def as_exported(record) -> dict:
        dataset = resource.export(queryset=model.objects.filter(pk=record.pk))
        return {key: "" if value is None else str(value) for key, value in dataset.dict[0].items()}

    rows = export_rows(as_coordinator, model)

    assert rows == [as_exported(own)]
    assert as_exported(other) != as_exported(own)


@by_model(NETWORK_WIDE)
def test_network_wide_records_are_read_only_to_a_coordinator(as_coordinator, model, model_admin):
    record = network_wide_record(model)

    assert as_coordinator.get(admin_url(model, "changelist")).status_code == 200
    assert as_coordinator.get(admin_url(record, "history")).status_code == 200
    assert as_coordinator.get(admin_url(model, "add")).status_code == 403
    assert as_coordinator.post(admin_url(record, "change"), {}).status_code == 403
    assert as_coordinator.get(admin_url(record, "delete")).status_code == 403
    assert model._default_manager.filter(pk=record.pk).exists()


@by_model(NOT_CITY)
def test_what_is_not_city_data_is_refused_to_a_coordinator(as_coordinator, model, model_admin):
    assert as_coordinator.get(admin_url(model, "changelist")).status_code == 403
    assert as_coordinator.get(admin_url(model, "add")).status_code == 403


@pytest.mark.parametrize("who", ["superuser", "network_admin"])
def test_superuser_and_network_admin_see_every_city(client, request, who, milan, sofia):
    client.force_login(request.getfixturevalue(who))
    for model in city_models():
        records = [in_city(model, milan), in_city(model, sofia)]

        content = client.get(admin_url(model, "changelist")).content.decode()

        for record in records:
            assert admin_url(record, "change") in content, model._meta.label


@by_model([(m, a) for m, a in CITY_DATA if any(scoped_relations(m))])
def test_coordinator_forms_offer_only_own_city_choices(
    as_coordinator, coordinator, milan, sofia, model, model_admin
):
    own = in_city(model, milan)
    may_add = coordinator.has_perm(f"{model._meta.app_label}.add_{model._meta.model_name}")
    add_page = as_coordinator.get(admin_url(model, "add"))
    change_page = as_coordinator.get(admin_url(own, "change"))

    assert add_page.status_code == (200 if may_add else 403)
    assert change_page.status_code == 200
    form = change_page.context["adminform"].form
    offered = [field for field in scoped_relations(model) if field.name in form.fields]
    for field in offered:
        choices = form.fields[field.name].queryset
        assert in_city(field.related_model, milan, new=False) in choices, field.name
        assert in_city(field.related_model, sofia, new=False) not in choices, field.name
