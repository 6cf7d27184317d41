"""Files kept with interactions: private to the city's staff, and a person's go with them."""

import base64
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships import services
from partnerships.models import InteractionAttachment
from portal.demo.factories import CityRoleFactory, ContactFactory, InteractionFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def interaction(milan):
    return InteractionFactory(stakeholder__city=milan, contact=None)


def upload(client, interaction, name="verbale.pdf", content=PDF, **fields):
    return client.post(
        reverse("workspace:interaction-attach", args=[interaction.pk]),
        {"file": SimpleUploadedFile(name, content), "title": "Verbale", **fields},
    )


def test_staff_attach_a_file_and_read_it_back_as_a_download(client, account_manager, interaction):
    client.force_login(account_manager)

    response = upload(client, interaction)

    assert response.url == reverse(
        "workspace:stakeholder-detail", args=[interaction.stakeholder_id]
    )
    attachment = InteractionAttachment.objects.get()
    assert attachment.uploaded_by == account_manager
    assert attachment.file.name.startswith("private/interactions/")
    page = client.get(response.url)
    download_url = reverse("workspace:attachment-download", args=[attachment.pk])
    assert download_url in page.text
    download = client.get(download_url)
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/octet-stream"
    assert 'filename="verbale.pdf"' in download["Content-Disposition"]


def test_a_script_renamed_pdf_is_refused(client, account_manager, interaction):
    client.force_login(account_manager)

    upload(client, interaction, content=b"#!/bin/sh\nrm -rf /\n")

    assert not InteractionAttachment.objects.exists()


def test_another_citys_staff_and_the_public_never_reach_the_file(
    client, account_manager, interaction, sofia
):
    client.force_login(account_manager)
    upload(client, interaction)
    attachment = InteractionAttachment.objects.get()
    download_url = reverse("workspace:attachment-download", args=[attachment.pk])

    client.force_login(CityRoleFactory(city=sofia, role="account_manager").user)
    assert client.get(download_url).status_code == 404
    assert upload(client, interaction).status_code == 404
    client.logout()
    assert client.get(download_url).status_code == 302  # to the sign-in page
    assert client.get(f"/media/{attachment.file.name}").status_code == 404
    assert InteractionAttachment.objects.count() == 1


def test_a_persons_files_are_in_their_export_and_go_with_their_erasure(
    coordinator, account_manager, milan, tmp_path
):
    contact = ContactFactory(stakeholder__city=milan, name="Lucia Ferri")
    met = InteractionFactory(stakeholder=contact.stakeholder, contact=contact)
    personal = services.interaction_attach(
        interaction=met,
        upload=SimpleUploadedFile("firma.pdf", PDF),
        title="Accordo firmato da Lucia Ferri",
        personal=True,
        actor=account_manager,
    )
    minutes = services.interaction_attach(
        interaction=met,
        upload=SimpleUploadedFile("agenda.txt", b"Ordine del giorno"),
        title="Ordine del giorno",
        personal=False,
        actor=account_manager,
    )
    stored = Path(personal.file.path)

    export = services.contact_export(contact=contact, actor=coordinator)
    assert [
        (item["title"], base64.b64decode(item["content_base64"])) for item in export["attachments"]
    ] == [("Accordo firmato da Lucia Ferri", PDF)]

    services.contact_erase(contact=contact, actor=coordinator)

    assert not stored.exists()
    assert list(InteractionAttachment.objects.all()) == [minutes]
    assert not InteractionAttachment.history.filter(id=personal.pk).exists()
    assert Path(minutes.file.path).exists()
