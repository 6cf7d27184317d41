"""The personal-data registry, and erasure that reaches every place it names."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.db import models

from core import personal_data
from core.logformat import redact
from partnerships.models import Contact, Participation, Partnership, Proposal
from portal.demo.factories import ContactFactory, InteractionFactory
from tests.admin_support import admin_url, change_form_data

NAME, EMAIL, PHONE = "Lucia Ferri", "lucia.ferri@enel.example.org", "+39 333 1234567"
# Staff accounts are users of the site, not contacts: their data follow the account.
NOT_CONTACT_DATA = {"auth.User"}


def _is_history(model) -> bool:
    return hasattr(model, "instance_type")


def test_every_email_or_phone_field_is_in_the_registry():
    forgotten = []
    for model in apps.get_models():
        if _is_history(model) or model._meta.label in NOT_CONTACT_DATA:
            continue
        for field in model._meta.concrete_fields:
            looks_personal = isinstance(field, models.EmailField) or any(
                word in field.name for word in ("phone", "mobile", "email")
            )
            if looks_personal and field.name not in personal_data.personal_fields(model):
                forgotten.append(f"{model._meta.label}.{field.name}")
    assert forgotten == []


def test_log_lines_never_show_a_registered_personal_field():
    line = redact({"contact_name": "Lucia Ferri", "record": "contact", "phone": "12"})

    assert line == {
        "contact_name": "[personal data]",
        "record": "contact",
        "phone": "[personal data]",
    }


def _text_columns(model) -> list[str]:
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
    ]


def _where_the_person_is() -> list[str]:
    found = []
    for model in apps.get_models():
        columns = _text_columns(model)
        for row in model._base_manager.values_list(*columns) if columns else []:
            for column, value in zip(columns, row, strict=True):
                text = str(value or "")
                for needle in (NAME, EMAIL, PHONE, "Ferri"):
                    if needle.lower() in text.lower():
                        found.append(f"{model._meta.db_table}.{column}: {text[:60]}")
    return found


@pytest.mark.django_db
def test_erasure_leaves_the_person_in_no_table(client, milan, coordinator, account_manager):
    cache.clear()  # the proposal form's rate limit
    # 1. The person proposes, naming themself in their own words.
    client.post(
        "/it/propose/",
        {
            "organisation_name": "ENEL S.p.A.",
            "organisation_kind": "company",
            "contact_name": NAME,
            "email": EMAIL,
            "phone": PHONE,
            "city": milan.pk,
            "resource_kinds": ["money"],
            "offer": f"Buongiorno, sono {NAME} ({PHONE}, {EMAIL}).",
            "resources_offered": f"Chiedete di {NAME}.",
            "privacy_consent": "on",
        },
    )
    proposal = Proposal.objects.get()
    # 2. The account manager accepts it, and names the person in the partnership.
    client.force_login(account_manager)
    client.post(
        f"/workspace/proposals/{proposal.pk}/accept/",
        {"title": f"Borse di studio con {NAME}", "summary": f"Referente: {NAME}, {EMAIL}"},
    )
    partnership = Partnership.objects.get()
    contact = Contact.objects.get()
    InteractionFactory(
        stakeholder=contact.stakeholder, contact=contact, summary=f"Chiamata con {NAME}"
    )
    # 3. The coordinator edits the records in the admin (history and admin log).
    client.force_login(coordinator)
    for obj, field, text in [
        (partnership, "outcomes_it", f"Grazie a {NAME}"),
        (Participation.objects.get(), "contribution", f"Fondi, tramite {NAME}"),
        (contact, "role", "Responsabile CSR"),
    ]:
        data = change_form_data(admin.site._registry[type(obj)], obj, coordinator)
        response = client.post(admin_url(obj, "change"), {**data, field: text})
        assert response.status_code == 302, response.content[:2000]
    assert LogEntry.objects.filter(object_repr=NAME).exists()
    assert _where_the_person_is()

    response = client.post(f"/workspace/contacts/{contact.pk}/erase/")

    assert response.status_code == 302
    assert _where_the_person_is() == []


def _historical_values(contact_pk: int) -> set[str]:
    return {
        value
        for row in Contact.history.filter(id=contact_pk).values_list("name", "email", "phone")
        for value in row
    }


@pytest.mark.django_db
def test_deleting_a_contact_in_the_admin_erases_them_from_the_history(client, coordinator, milan):
    contact = ContactFactory(stakeholder__city=milan, name=NAME, email=EMAIL, phone=PHONE)
    client.force_login(coordinator)

    response = client.post(admin_url(contact, "delete"), {"post": "yes"})

    assert response.status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert not {NAME, EMAIL, PHONE} & _historical_values(contact.pk)
    assert not LogEntry.objects.filter(object_repr__contains="Ferri").exists()


@pytest.mark.django_db
def test_bulk_deleting_contacts_in_the_admin_erases_them(client, coordinator, milan):
    contact = ContactFactory(stakeholder__city=milan, name=NAME, email=EMAIL, phone=PHONE)
    client.force_login(coordinator)

    client.post(
        admin_url(Contact, "changelist"),
        {"action": "delete_selected", "_selected_action": [contact.pk], "post": "yes"},
    )

    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert not {NAME, EMAIL, PHONE} & _historical_values(contact.pk)


@pytest.mark.django_db
def test_account_manager_cannot_bulk_export_contacts_a_coordinator_can(
    client, coordinator, account_manager, milan
):
    ContactFactory(stakeholder__city=milan, name=NAME, email=EMAIL)
    export_url = admin_url(Contact, "export")

    client.force_login(account_manager)
    assert client.get(export_url).status_code == 403
    assert client.post(export_url, {"format": "0"}).status_code == 403

    client.force_login(coordinator)
    assert client.get(export_url).status_code == 200


@pytest.mark.django_db
def test_erasing_a_milan_contact_rewrites_no_other_citys_records(coordinator, milan, sofia):
    from partnerships.services import contact_erase

    contact = ContactFactory(stakeholder__city=milan, name=NAME, email=EMAIL, phone=PHONE)
    milan_note = InteractionFactory(stakeholder=contact.stakeholder, summary=f"Call with {NAME}")
    sofia_note = InteractionFactory(stakeholder__city=sofia, summary=f"Met {NAME} of Sofia")

    contact_erase(contact=contact, actor=coordinator)

    milan_note.refresh_from_db()
    sofia_note.refresh_from_db()
    assert NAME not in milan_note.summary
    assert sofia_note.summary == f"Met {NAME} of Sofia"


@pytest.mark.django_db
def test_a_first_name_alone_is_erased_as_written_not_inside_other_words(coordinator, milan):
    from partnerships.services import contact_erase

    contact = ContactFactory(stakeholder__city=milan, name="Anna", email="", phone="")
    note = InteractionFactory(
        stakeholder=contact.stakeholder, summary="Anna called; Giovanna and annata 2021 stay"
    )

    contact_erase(contact=contact, actor=coordinator)

    note.refresh_from_db()
    assert note.summary == f"{personal_data.ERASED} called; Giovanna and annata 2021 stay"
