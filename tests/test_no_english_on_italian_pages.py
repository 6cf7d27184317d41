"""No English on an Italian staff page: every registered admin model's changelist, add
form and change form (with a row), every workspace page and the two-factor pages are
rendered in Italian and in English, and interface text that reads the same in both is
a string nobody translated.

Excluded: the records' own data (every text value of the rows in the database), numbers
and dates, and an explicit allow-list of words Italian offices use as they are.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db.models import CharField, TextField
from django.test import RequestFactory
from import_export.admin import ImportExportMixin

from partnerships.scoping import NOT_CITY_DATA, city_path_of
from portal.demo.factories import (
    ContactFactory,
    InteractionFactory,
    ParticipationFactory,
    PartnershipFactory,
    ProposalFactory,
    StakeholderFactory,
)
from tests.admin_support import admin_url, factory_for, in_city, network_wide_record

# Words an Italian back-office uses untranslated, each with its reason.
SAME_IN_BOTH = {
    # Brand and programme names.
    "CITIES4CSR",
    "URBACT",
    "cities4csr",
    # Loanwords of Italian administrative and CSR practice (Treccani lists them).
    "Stakeholder",
    "stakeholder",
    "Pipeline",
    "Follow-up",
    "Account manager",
    "Toolbox",
    "Partner",
    "Budget",
    "Budget (EUR)",
    "Slug",
    "Online",
    "Email",
    "E-mail",
    "File",
    "Small-Scale Action",
    "Standard",
    # Product and file-format names.
    "Axes",
    "csv",
    "xlsx",
    # Acronyms, the same in both languages.
    "CSR",
    "IAP",
    "ULG",
    "SSA",
    "SDG",
    "EUR",
    "CSV",
    "XLSX",
    "JSON",
    "URL",
    "API",
    "ID",
    "ISO",
    # Terms of the URBACT programme, used in English by its Italian cities too.
    "Lead expert",
    "Focus",
    # Italian as it is: "per" is Italian for "by"; password hashes are named so.
    "Per account manager",
    "Password",
    "hash",
    "salt",
    # Django's admin writes the alt text of its yes/no icons in English, untranslatable
    # (admin_list._boolean_icon); the icon itself is what people read.
    "True",
    "False",
    # Language names, each written in its own language on purpose (the language menu).
    "English",
    "italiano",
    "Italiano",
    "IT",
    "EN",
    # Markup punctuation and symbols.
    "—",
    "–",
    "/",
    "·",
    "›",
    "|",
    "+",
    "-",
    "*",
    "?",
    ":",
    "×",
}
DATA_FIELDS = (CharField, TextField)
WORD = re.compile(r"[^\W\d_]{3,}")
SECRET_KEY = re.compile(r"^[A-Z2-7]{16,}$")
LANGUAGE_TAG = re.compile(r" \[(it|en)\]$")


class VisibleText(HTMLParser):
    """The text a person reads or hears: text nodes and the attributes read aloud."""

    SKIPPED = {"script", "style", "template"}
    READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}

    def __init__(self) -> None:
        super().__init__()
        self.segments: set[str] = set()
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self._skipping.append(tag)
        for name, value in attrs:
            if value and (
                name in self.READ_ATTRIBUTES or (name == "value" and ("type", "submit") in attrs)
            ):
                self.segments.add(value.strip())

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping and data.strip():
            self.segments.add(" ".join(data.split()))


def visible_text(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.segments


def database_text() -> set[str]:
    """Every text value stored in the rows that the pages show: data, not interface."""
    values: set[str] = set()
    # Permissions' names are rows too (Django stores "Can add token" in the database).
    values.update(str(permission) for permission in Permission.objects.all())
    for model in admin.site._registry:
        text_fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, DATA_FIELDS)]
        for row in model._default_manager.values_list(*text_fields) if text_fields else []:
            values.update(" ".join(str(value).split()) for value in row if value)
        values.update(str(obj) for obj in model._default_manager.all()[:50])
    return values


def as_label(text: str) -> str:
    """A field label as its words: "Focus [it]:" is "Focus"."""
    return LANGUAGE_TAG.sub("", text.rstrip(":")).strip()


def untranslated(italian: str, english: str, data: set[str]) -> set[str]:
    same = visible_text(italian) & visible_text(english)
    return {
        text
        for text in same
        if WORD.search(text)
        # A masked API token or a two-factor secret key: data.
        and "****" not in text
        and not SECRET_KEY.match(text)
        and as_label(text) not in SAME_IN_BOTH
        and text not in data
        # A record's name inside interface text ("Modifica «X»") is data too.
        and not any(value in text for value in data if len(value) > 3)
    }


@pytest.fixture
def pages_data(milan, coordinator):
    """A row of every model of the admin, in Milan, and a desk for the workspace."""
    for model in admin.site._registry:
        if factory_for(model) is None:
            continue
        path = city_path_of(model)
        if path is NOT_CITY_DATA:
            continue
        if path is None:
            network_wide_record(model)
        else:
            in_city(model, milan, new=False)
    stakeholder = StakeholderFactory(city=milan, account_manager=coordinator, engagement_stage="")
    ContactFactory(stakeholder=stakeholder)
    partnership = PartnershipFactory(city=milan)
    ParticipationFactory(partnership=partnership, stakeholder=stakeholder)
    InteractionFactory(stakeholder=stakeholder, owner=coordinator, follow_up_action="x")
    ProposalFactory(city=milan)
    return {"stakeholder": stakeholder, "proposal": ProposalFactory(city=milan)}


def admin_pages(superuser) -> list[str]:
    request = RequestFactory().get("/")
    request.user = superuser
    urls = []
    for model, model_admin in sorted(
        admin.site._registry.items(), key=lambda item: item[0]._meta.label
    ):
        urls.append(admin_url(model, "changelist"))
        if model_admin.has_add_permission(request):
            urls.append(admin_url(model, "add"))
        row = model._default_manager.first()
        if row is not None:
            urls.append(admin_url(row, "change"))
            if hasattr(model._meta, "simple_history_manager_attribute"):
                urls.append(admin_url(row, "history"))
                version = getattr(row, model._meta.simple_history_manager_attribute).first()
                if version is not None:
                    urls.append(admin_url(row, "simple_history", row.pk, version.pk))
        if isinstance(model_admin, ImportExportMixin):
            urls.append(admin_url(model, "import"))
            urls.append(admin_url(model, "export"))
    return urls


def workspace_pages(data) -> list[str]:
    stakeholder, proposal = data["stakeholder"], data["proposal"]
    return [
        "/workspace/",
        "/workspace/pipeline/",
        "/workspace/follow-ups/",
        "/workspace/proposals/",
        "/workspace/dashboard/",
        f"/workspace/stakeholders/{stakeholder.pk}/",
        f"/workspace/proposals/{proposal.pk}/",
        "/workspace/api-token/",
        "/two-factor/setup/",
    ]


def render_both(client, url: str) -> tuple[str, str]:
    pages = []
    for language in ("it", "en"):
        client.cookies["django_language"] = language
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, (url, response.status_code)
        pages.append(response.content.decode())
    return pages[0], pages[1]


def test_no_staff_page_shows_english_in_italian(client, superuser, pages_data):
    client.force_login(superuser)
    data = database_text()
    found: dict[str, set[str]] = {}
    for url in [*workspace_pages(pages_data), *admin_pages(superuser)]:
        italian, english = render_both(client, url)
        if english_left := untranslated(italian, english, data):
            found[url] = english_left
    by_text: dict[str, list[str]] = {}
    for url, texts in found.items():
        for text in texts:
            by_text.setdefault(text, []).append(url)
    report = "\n".join(
        f"{text!r}: {urls[0]} (+{len(urls) - 1})" for text, urls in sorted(by_text.items())
    )
    assert not by_text, f"{len(by_text)} untranslated strings:\n{report}"
