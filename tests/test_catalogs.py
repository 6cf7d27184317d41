"""The interface translations: one catalog per language, each message translated once.

Django merges every catalog it finds (LOCALE_PATHS first, then each app's), so a
message translated in two catalogs shows whichever wins, not the one its author
wrote ("Core member" read "Membro promotore" while ulg's catalog said "Membro del
nucleo"). The project keeps one catalog per language in `locale/`, which
`make messages` updates, and the compiled `.mo` files are committed: both checked here.
"""

from collections import defaultdict
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIPPED = {".venv", ".tools", "node_modules", "staticfiles"}


def project_catalogs() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.po")
        if not SKIPPED.intersection(path.relative_to(ROOT).parts)
    )


def translation_of(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        return " | ".join(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
    return entry.msgstr


def test_no_message_has_two_translations():
    seen: dict[tuple, dict[str, str]] = defaultdict(dict)
    for path in project_catalogs():
        language = path.relative_to(ROOT).parts[-3]
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            key = (language, entry.msgctxt, entry.msgid)
            seen[key][str(path.relative_to(ROOT))] = translation_of(entry)
    twice = {key: where for key, where in seen.items() if len(where) > 1}
    assert not twice, f"messages in more than one catalog: {sorted(twice)[:10]}"


# The admin's JavaScript catalog (jsi18n) reads the "djangojs" domain: Italian only,
# for the strings Django's own Italian catalog leaves untranslated.
JAVASCRIPT_CATALOGS = ["locale/it/LC_MESSAGES/djangojs.po"]


def test_one_catalog_per_language_in_locale():
    assert [str(path.relative_to(ROOT)) for path in project_catalogs()] == sorted(
        [f"locale/{code}/LC_MESSAGES/django.po" for code, _name in settings.LANGUAGES]
        + JAVASCRIPT_CATALOGS
    )


@pytest.mark.parametrize("path", project_catalogs(), ids=str)
def test_compiled_catalog_matches_its_source(path):
    """A .po edited without `compilemessages` would not show its change on any page."""
    source = {
        (entry.msgctxt, entry.msgid): translation_of(entry)
        for entry in polib.pofile(str(path))
        if not entry.obsolete and "fuzzy" not in entry.flags and translation_of(entry).strip(" |")
    }
    compiled = {
        (entry.msgctxt, entry.msgid): translation_of(entry)
        for entry in polib.mofile(str(path.with_suffix(".mo")))
        if entry.msgid
    }
    assert compiled == source
