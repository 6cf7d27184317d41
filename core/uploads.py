"""Uploaded files are checked by content, stored under random names, and images lose metadata.

An upload is accepted only if its extension is allowed *and* its bytes are what the
extension claims (a ".pdf" must start like a PDF), so a script renamed to
"guide.pdf" is refused. Stored names are random, so an upload can neither guess
nor overwrite another file's address. Images are re-encoded with Pillow, which
drops EXIF and other metadata (camera, GPS position, author).
"""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

# Office documents are zip packages; each kind names the part it cannot be without
# (Office Open XML: its main part; OpenDocument: its `mimetype` entry), so any zip
# renamed to ".docx" is refused.
OOXML_MAIN_PART = {
    ".docx": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
    ".pptx": "ppt/presentation.xml",
}
ODF_MIMETYPE = {
    ".odt": b"application/vnd.oasis.opendocument.text",
    ".ods": b"application/vnd.oasis.opendocument.spreadsheet",
    ".odp": b"application/vnd.oasis.opendocument.presentation",
}
ZIP_BASED = {*OOXML_MAIN_PART, *ODF_MIMETYPE}
PLAIN_TEXT = {".txt", ".csv", ".md"}
DOCUMENT_EXTENSIONS = {".pdf", *ZIP_BASED, *PLAIN_TEXT}
IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


def _max_bytes() -> int:
    return getattr(settings, "MAX_UPLOAD_BYTES", 10 * 1024 * 1024)


@deconstructible
class RandomName:
    """upload_to: `<folder>/<random hex><extension>`, whatever the uploader called it."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __call__(self, instance: models.Model, filename: str) -> str:
        return f"{self.folder}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder


def _check_size(upload: File[Any]) -> None:
    if upload.size > _max_bytes():
        raise ValidationError(
            _("The file is too large (at most %(limit)s MB)."),
            params={"limit": _max_bytes() // (1024 * 1024)},
        )


def _head(upload: File[Any], length: int = 8) -> bytes:
    upload.seek(0)
    head: bytes = upload.read(length)
    upload.seek(0)
    return head


def _is_office_package(upload: File[Any], extension: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
            if extension in OOXML_MAIN_PART:
                return {"[Content_Types].xml", OOXML_MAIN_PART[extension]} <= names
            return "mimetype" in names and package.read("mimetype") == ODF_MIMETYPE[extension]
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def validate_document(upload: File[Any]) -> None:
    _check_size(upload)
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in DOCUMENT_EXTENSIONS:
        raise ValidationError(
            _("This kind of file is not accepted. Accepted: %(kinds)s."),
            params={"kinds": ", ".join(sorted(DOCUMENT_EXTENSIONS))},
        )
    if extension == ".pdf" and not _head(upload).startswith(b"%PDF-"):
        raise ValidationError(_("The file is not a PDF document."))
    if extension in ZIP_BASED and not _is_office_package(upload, extension):
        raise ValidationError(_("The file is not a valid office document."))
    if extension in PLAIN_TEXT:
        upload.seek(0)
        content = upload.read()
        upload.seek(0)
        try:
            content.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValidationError(_("A text file must be UTF-8 text.")) from error
        if b"\x00" in content:
            raise ValidationError(_("A text file must be UTF-8 text."))


def validate_image(upload: File[Any]) -> None:
    _check_size(upload)
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValidationError(_("The file is not an image.")) from error
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(_("Images must be JPEG, PNG or WebP."))


def without_metadata(upload: File[Any]) -> ContentFile[bytes]:
    """Re-encode an image, keeping only its pixels."""
    upload.seek(0)
    with Image.open(upload) as image:
        image_format = image.format
        pixels = image.copy()
    buffer = io.BytesIO()
    pixels.save(buffer, format=image_format)
    return ContentFile(buffer.getvalue(), name=PurePath(upload.name or "").name)


class DocumentField(models.FileField):
    def __init__(self, *args: Any, folder: str = "documents", **kwargs: Any) -> None:
        kwargs.setdefault("upload_to", RandomName(folder))
        kwargs.setdefault("validators", [validate_document])
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, Any, Any]:
        name, path, args, kwargs = super().deconstruct()
        return name, "django.db.models.FileField", args, kwargs


class CleanImageField(models.ImageField):
    """An image field that re-encodes new uploads, so no metadata is ever stored."""

    def __init__(self, *args: Any, folder: str = "images", **kwargs: Any) -> None:
        kwargs.setdefault("upload_to", RandomName(folder))
        kwargs.setdefault("validators", [validate_image])
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        field_file = getattr(model_instance, self.attname)
        if field_file and not field_file._committed:
            field_file.file = without_metadata(field_file.file)
        return super().pre_save(model_instance, add)

    def deconstruct(self) -> tuple[str, str, Any, Any]:
        name, path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs
