"""Every kind of public page says its interface in the page's language: rendered in
Italian and in English, no interface text is the same in both (an untranslated string).

Data are left out: text from the database (names, titles, summaries), numbers, dates,
addresses, identifiers in <code>, a few words the same in both languages (SAME_IN_BOTH),
and passages marked as another language (`lang="en"` on an Italian page) or with
`data-same-in-every-language`.
"""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models

from tests.public_data import PAGE_KINDS, populate

pytestmark = pytest.mark.django_db

# Attributes a reader (or a screen reader) meets as text.
TEXT_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class InterfaceText(HTMLParser):
    """The text nodes and text attributes of <body>, outside marked passages."""

    def __init__(self, language: str):
        super().__init__()
        self.language = language
        self.stack: list[bool] = []  # for each open element: is its text left out?
        self.texts: list[str] = []

    def skipped(self) -> bool:
        return any(self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        skip = (
            tag in ("script", "style", "head", "title", "code")
            or attributes.get("lang", self.language) != self.language
            or "data-same-in-every-language" in attributes
        )
        if not self.skipped() and not skip:
            self.texts += [attributes[name] or "" for name in TEXT_ATTRIBUTES if name in attributes]
        if tag not in VOID:
            self.stack.append(skip)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self.skipped():
            self.texts.append(data)


def database_text() -> list[str]:
    """Every text value stored in the database, longest first (to remove from the pages)."""
    values = set()
    for model in apps.get_models():
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField))
        ]
        if fields:
            for row in model._default_manager.values_list(*fields):
                values.update(str(value).strip() for value in row if value)
    return sorted((value for value in values if len(value) > 1), key=len, reverse=True)


NOT_WORDS = re.compile(r"https?://\S+|[\W\d_]+")
# Words that are the same in both languages, rightly: the network's name, English words
# Italian public administrations use as they are, and languages named in their own
# language (the toolbox's language filter).
SAME_IN_BOTH = re.compile(
    r"\b(CITIES4CSR|URBACT|Privacy|Toolbox|Budget|Focus|E-mail|Partner|English|italiano)\b"
)


def interface_strings(html: str, language: str, data: list[str]) -> set[str]:
    parser = InterfaceText(language)
    parser.feed(html.split("<body", 1)[1])
    found = set()
    for text in parser.texts:
        text = " ".join(text.split())
        rest = text
        for value in data:
            if value in rest:  # cheap test first: the values run to thousands
                rest = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", rest)
        rest = SAME_IN_BOTH.sub(" ", rest)
        if len(NOT_WORDS.sub("", rest)) >= 3:
            found.add(text)
    return found


def untranslated_strings(client, kinds: list[str]) -> dict[str, list[str]]:
    data = database_text()
    untranslated = {}
    for kind in kinds:
        path = PAGE_KINDS[kind]
        italian = interface_strings(client.get(f"/it/{path}").content.decode(), "it", data)
        english = interface_strings(client.get(f"/en/{path}").content.decode(), "en", data)
        if same := sorted(italian & english):
            untranslated[kind] = same
    return untranslated


def test_no_interface_text_is_the_same_in_italian_and_english(client, milan, sofia):
    populate(milan, sofia, scale=14)
    kinds = [kind for kind in PAGE_KINDS if kind != "open-data"]

    untranslated = untranslated_strings(client, kinds)

    assert untranslated == {}, "\n".join(f"{k}: {v}" for k, v in untranslated.items())


@pytest.mark.xfail(
    strict=True,
    reason="the open-data page's dataset and field labels (Participations, Related ssas…) "
    "are being reworked with the open-data files; remove this mark when it passes",
)
def test_the_open_data_page_is_translated_too(client, milan, sofia):
    populate(milan, sofia, scale=1)

    assert untranslated_strings(client, ["open-data"]) == {}
