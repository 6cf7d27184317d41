"""The one PDF engine: tagged, in the document's language, fonts embedded, nothing remote."""

import io
from unittest import mock

import pypdf
from django.templatetags.static import static

from core.pdf import html_to_pdf

FONT = "vendor/bootstrap-italia/fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-600.woff2"


def read(html: str) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(html_to_pdf(html)))


def test_a_document_is_tagged_in_its_language_with_title_and_bookmarks():
    pdf = read(
        '<html lang="it"><head><title>Piano di azione</title></head>'
        "<body><h1>Obiettivo strategico</h1><p>Testo</p><h2>Azioni</h2></body></html>"
    )
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "it"
    assert "/StructTreeRoot" in root
    assert pdf.metadata.title == "Piano di azione"
    assert pdf.outline[0]["/Title"] == "Obiettivo strategico"
    assert "Obiettivo strategico" in pdf.pages[0].extract_text()


def test_fonts_come_from_the_projects_static_files_and_are_embedded():
    pdf = read(
        f'<html lang="en"><head><title>T</title><style>@font-face {{font-family: Body;'
        f" src: url({static(FONT)})}} body {{font-family: Body}}</style></head>"
        "<body><p>Report</p></body></html>"
    )
    fonts = [f.get_object() for f in pdf.pages[0]["/Resources"]["/Font"].values()]
    assert any("Semi-Bold" in font["/BaseFont"] for font in fonts)
    # A Type0 (composite) font keeps its descriptor on its descendant font.
    descendants = [font["/DescendantFonts"][0].get_object() for font in fonts]
    descriptors = [font["/FontDescriptor"] for font in descendants]
    embedded = {"/FontFile", "/FontFile2", "/FontFile3"}
    assert descriptors and all(embedded & set(d) for d in descriptors)


def test_a_document_never_fetches_from_another_host():
    with mock.patch("urllib.request.OpenerDirector.open") as network:
        html_to_pdf(
            '<html lang="it"><head><title>T</title>'
            '<link rel="stylesheet" href="https://cdn.example.org/x.css"></head>'
            '<body><img src="https://tracker.example.org/p.png" alt="x"><p>ok</p></body></html>'
        )
    assert not any("example.org" in str(call) for call in network.call_args_list)
