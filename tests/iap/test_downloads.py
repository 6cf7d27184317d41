"""Toolbox files and plan documents are served as downloads, never rendered."""

import pytest
from django.core.files.base import ContentFile

from partnerships.models import PublicationStatus
from portal.demo.factories import IntegratedActionPlanFactory, ToolboxResourceFactory

PDF = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def with_file(item, field: str, content: bytes = PDF):
    getattr(item, field).save("guide.pdf", ContentFile(content), save=True)
    return item


@pytest.mark.django_db
def test_a_toolbox_file_downloads_as_an_attachment_that_cannot_be_sniffed(client, milan):
    resource = with_file(ToolboxResourceFactory(city=milan, slug="guida-csr"), "file")

    response = client.get(f"/en/toolbox/{resource.slug}/download/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="guida-csr.pdf"'
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.django_db
def test_the_toolbox_page_links_the_download_view_not_the_media_file(client, milan):
    resource = with_file(ToolboxResourceFactory(city=milan, slug="guida-csr"), "file")

    html = client.get("/en/toolbox/").content.decode()

    assert f'href="/en/toolbox/{resource.slug}/download/"' in html
    assert resource.file.url not in html


@pytest.mark.django_db
def test_an_unpublished_toolbox_file_is_not_served(client, milan):
    resource = with_file(
        ToolboxResourceFactory(city=milan, publication_status=PublicationStatus.DRAFT), "file"
    )

    assert client.get(f"/en/toolbox/{resource.slug}/download/").status_code == 404


@pytest.mark.django_db
def test_a_resource_without_a_file_is_a_404_not_an_error(client, milan):
    resource = ToolboxResourceFactory(city=milan)

    assert client.get(f"/en/toolbox/{resource.slug}/download/").status_code == 404


@pytest.mark.django_db
def test_the_plan_document_downloads_from_the_plan_page(client, milan):
    with_file(IntegratedActionPlanFactory(city=milan), "document")

    page = client.get("/en/cities/milano/iap/").content.decode()
    response = client.get("/en/cities/milano/iap/document/")

    assert 'href="/en/cities/milano/iap/document/"' in page
    assert response["Content-Disposition"] == 'attachment; filename="iap-milano.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_another_citys_draft_plan_document_is_not_served(client, milan, sofia):
    with_file(
        IntegratedActionPlanFactory(city=sofia, publication_status=PublicationStatus.DRAFT),
        "document",
    )

    assert client.get("/en/cities/sofia/iap/document/").status_code == 404
