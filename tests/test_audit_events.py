"""Permission denials, imports, exports and erasures reach the audit log with user
and city, and never with the person's e-mail or phone."""

import json
import logging

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from import_export.formats.base_formats import CSV
from rest_framework.test import APIClient

from core.logformat import RedactingJsonFormatter
from partnerships import services
from partnerships.models import Partnership, Stakeholder
from portal.demo.factories import (
    ContactFactory,
    PartnershipFactory,
    ProposalFactory,
    StakeholderFactory,
)
from tests.api_support import ENDPOINTS_BY_NAME
from tests.partnerships.test_admin import STAKEHOLDER_HEADER, confirm, stakeholder_rows, upload


@pytest.fixture
def audit_lines(caplog):
    caplog.set_level(logging.INFO, logger="core.audit")
    formatter = RedactingJsonFormatter()

    def lines(event: str) -> list[dict]:
        found = [
            json.loads(formatter.format(record))
            for record in caplog.records
            if record.name == "core.audit"
        ]
        return [line for line in found if line["event"] == event]

    return lines


@pytest.fixture
def person(milan):
    return ContactFactory(
        stakeholder__city=milan,
        name="Laura Verdi",
        email="laura@example.org",
        phone="+39 02 7654321",
    )


def test_an_api_403_is_logged_with_the_user(audit_lines, coordinator, milan):
    client = APIClient()
    client.force_authenticate(coordinator)
    endpoint = ENDPOINTS_BY_NAME["city"]

    response = client.post(endpoint.path, endpoint.payload(milan), format="json")

    assert response.status_code == 403
    [line] = audit_lines("permission denied")
    assert line["username"] == "coord"
    assert line["level"] == "WARNING"
    assert line["details"] == {"where": "api", "method": "POST", "path": endpoint.path}


def test_the_admin_save_guard_logs_the_refused_city(audit_lines, coordinator, sofia):
    partnership = PartnershipFactory(city=sofia)
    model_admin = admin.site._registry[Partnership]
    request = RequestFactory().post("/admin/")
    request.user = coordinator

    with pytest.raises(PermissionDenied):
        model_admin.save_model(request, partnership, form=None, change=True)

    [line] = audit_lines("permission denied")
    assert line["username"] == "coord" and line["city"] == sofia.pk
    assert line["details"]["where"] == "admin save"


def test_a_workspace_service_refusal_for_another_city_is_logged(audit_lines, coordinator, sofia):
    contact = ContactFactory(stakeholder__city=sofia)

    with pytest.raises(PermissionDenied):
        services.contact_export(contact=contact, actor=coordinator)

    [line] = audit_lines("permission denied")
    assert line["username"] == "coord" and line["city"] == "sofia"
    assert audit_lines("export") == []


def test_an_admin_import_is_logged_with_user_city_and_counts(
    audit_lines, client, coordinator, milan
):
    client.force_login(coordinator)
    content = (STAKEHOLDER_HEADER + "".join(stakeholder_rows(3))).encode()

    confirm(client, Stakeholder, upload(client, Stakeholder, content, city=milan))

    [line] = audit_lines("import")
    assert line["username"] == "coord" and line["city"] == "milano"
    assert line["details"]["model"] == "partnerships.Stakeholder"
    assert line["details"]["new"] == 3


def test_an_admin_export_is_logged_with_user_rows_and_cities(audit_lines, coordinator, milan):
    StakeholderFactory.create_batch(2, city=milan)
    model_admin = admin.site._registry[Stakeholder]
    request = RequestFactory().get("/admin/")
    request.user = coordinator

    model_admin.get_export_data(CSV(), request, model_admin.get_queryset(request))

    [line] = audit_lines("export")
    assert line["username"] == "coord"
    assert line["details"] == {
        "model": "partnerships.Stakeholder",
        "format": "csv",
        "rows": 2,
        "cities": ["milano"],
    }


def test_contact_export_and_erasure_are_logged_without_email_or_phone(
    audit_lines, caplog, coordinator, person
):
    services.contact_export(contact=person, actor=coordinator)
    services.contact_erase(contact=person, actor=coordinator)

    [export] = audit_lines("export")
    erasures = audit_lines("erasure")
    assert export["city"] == "milano" and export["details"]["contact_id"] == person.pk
    assert {"username": "coord", "city": "milano"}.items() <= erasures[-1].items()
    assert erasures[-1]["details"] == {"record": "contact", "contact_id": person.pk}
    logged = caplog.text + json.dumps(audit_lines("erasure") + audit_lines("export"))
    assert "laura@example.org" not in logged
    assert "7654321" not in logged


def test_the_retention_anonymisation_of_a_proposal_is_logged_as_an_erasure(audit_lines, milan):
    proposal = ProposalFactory(city=milan, email="mario@example.org")

    services.proposal_anonymise(proposal=proposal)

    [line] = audit_lines("erasure")
    assert line["city"] == "milano"
    assert line["details"] == {"record": "proposal", "proposal_id": proposal.pk}
