"""PDF documents from HTML: WeasyPrint, tagged for assistive technology (PDF/UA-1).

Every generated document (a plan, a city's report, an agreement) is an HTML page laid
out for print and turned into a PDF here, so there is one engine and one set of rules:
the PDF/UA-1 variant gives a structure tree, the language from ``<html lang>``, the
title from ``<title>``, bookmarks from the headings and embedded fonts. A document
loads nothing from the network: only the project's own static files (fonts, the print
style sheet, images) and ``data:`` URLs, so a PDF never depends on, or tells, a third
party.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from fontTools.ttLib import TTFont

# Relative addresses in a document resolve against this base; the fetcher maps the
# static prefix under it to files on disk.
_BASE_URL = "file:///"


def _static_file(name: str) -> Path | None:
    """The file behind a static name: the source file, or the collected (hashed) one."""
    found = finders.find(name)
    if isinstance(found, str):
        return Path(found)
    if staticfiles_storage.exists(name):
        return Path(staticfiles_storage.path(name))
    return None


@functools.cache
def _static_files_only() -> type:
    """The engine's URL fetcher that serves the project's static files and nothing else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class _StaticFilesOnly(URLFetcher):  # type: ignore[misc]
        """Serve the project's static files from disk; refuse every other address."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parts = urlsplit(url)
            prefix = "/" + settings.STATIC_URL.strip("/") + "/"
            if parts.scheme == "file" and parts.path.startswith(prefix):
                found = _static_file(unquote(parts.path[len(prefix) :]))
                if found is not None and found.suffix == ".woff2":
                    return URLFetcherResponse(url, _decompressed_font(found))
                if found is not None:
                    response = super().fetch(found.as_uri(), headers)
                    # Keep the static address, not the file's place on disk: the relative
                    # addresses in a style sheet (its fonts) resolve against it, and so
                    # come back here.
                    response.url = url
                    return response
            raise ValueError(f"A document loads only the project's static files, not {url}")

    return _StaticFilesOnly


@functools.cache
def _decompressed_font(path: Path) -> bytes:
    """A WOFF2 font as plain OpenType, decompressed once per process.

    The engine would decompress every face of every document again: a quarter of a
    second a document for the three faces of the print layout.
    """
    font = TTFont(path)
    font.flavor = None
    plain = io.BytesIO()
    font.save(plain)
    return plain.getvalue()


def html_to_pdf(html: str) -> bytes:
    """The tagged PDF (PDF/UA-1) of an HTML document laid out for print."""
    # Imported here, not with the module: importing WeasyPrint parses its user-agent
    # style sheets and starts fontconfig (seconds on a busy machine), and this module is
    # imported with the views, i.e. on every worker's first request, document or not.
    from weasyprint import HTML

    document = HTML(string=html, base_url=_BASE_URL, url_fetcher=_static_files_only()())
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf


def pdf_download(html: str, *, filename: str) -> HttpResponse:
    """The PDF of `html` as a download named `filename`.

    A plain (not streaming) answer, so the anonymous page cache keeps a public
    document like a public page and rebuilds it when a record it shows changes.
    """
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
