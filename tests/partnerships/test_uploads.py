import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import RandomName, validate_document, validate_image
from portal.demo.factories import PartnershipFactory

pytestmark = pytest.mark.usefixtures("english")


def jpeg_with_gps_exif() -> bytes:
    image = Image.new("RGB", (8, 8), "red")
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0131] = "Editing Software 1.0"  # Software
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_pdf_with_pdf_content_is_accepted():
    validate_document(SimpleUploadedFile("guida.pdf", b"%PDF-1.7\n..."))


def test_script_renamed_to_pdf_is_refused():
    with pytest.raises(ValidationError, match="not a PDF"):
        validate_document(SimpleUploadedFile("guida.pdf", b"#!/bin/sh\nrm -rf /"))


@pytest.mark.parametrize("name", ["run.exe", "page.html", "script.js", "shell.php", "noextension"])
def test_dangerous_or_unknown_extensions_are_refused(name):
    with pytest.raises(ValidationError, match="not accepted"):
        validate_document(SimpleUploadedFile(name, b"%PDF-1.7"))


def test_office_document_must_really_be_one():
    with pytest.raises(ValidationError, match="office document"):
        validate_document(SimpleUploadedFile("contratto.docx", b"plain text pretending"))


def test_oversized_file_is_refused(settings):
    settings.MAX_UPLOAD_BYTES = 1024 * 1024

    with pytest.raises(ValidationError, match="too large"):
        validate_document(SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (1024 * 1024)))


def test_non_image_is_refused_as_image():
    with pytest.raises(ValidationError, match="not an image"):
        validate_image(SimpleUploadedFile("photo.jpg", b"GIF89a not really"))


def test_stored_names_are_random_and_keep_only_the_extension():
    name = RandomName("toolbox")(None, "../../etc/Contratto Finale.PDF")

    assert name.startswith("toolbox/") and name.endswith(".pdf")
    assert "Contratto" not in name and ".." not in name


@pytest.mark.django_db
def test_uploaded_image_is_stored_without_metadata(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    original = jpeg_with_gps_exif()
    assert b"CameraMaker" in original

    partnership = PartnershipFactory(image=SimpleUploadedFile("me.jpg", original))

    stored = (tmp_path / partnership.image.name).read_bytes()
    assert b"CameraMaker" not in stored
    assert Image.open(io.BytesIO(stored)).size == (8, 8)
    assert not partnership.image.name.endswith("me.jpg")
