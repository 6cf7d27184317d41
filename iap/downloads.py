"""Uploaded documents served as downloads, never rendered or executed by the browser.

Toolbox files and plan documents are read through their storage (local disk or S3)
and sent as `application/octet-stream` attachments with `nosniff`, so even a file
that slipped past core/uploads.py cannot run as a page on our origin. Only
published items are served; the stored (random) name is replaced by the item's slug.
"""

from pathlib import Path

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404

from iap.models import IntegratedActionPlan, ToolboxResource


def attachment(field_file: FieldFile, download_name: str) -> FileResponse:
    if not field_file:
        raise Http404("No file.")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404("File missing from storage.") from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name + Path(field_file.name).suffix.lower(),
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def toolbox_file(request: HttpRequest, slug: str) -> FileResponse:
    resource = get_object_or_404(ToolboxResource.objects.public(), slug=slug)
    return attachment(resource.file, resource.slug)


def plan_document(request: HttpRequest, slug: str) -> FileResponse:
    plan = get_object_or_404(IntegratedActionPlan.objects.public(), city__slug=slug)
    return attachment(plan.document, f"iap-{plan.city.slug}")
