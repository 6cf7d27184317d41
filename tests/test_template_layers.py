"""Templates keep the import layers: a template of a lower layer loads no tag library of a
higher one (import-linter sees Python imports only; `{% load %}` is an import too)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines

# Bottom to top, as in pyproject.toml's [tool.importlinter] layers contract.
LAYERS = ["core", "partnerships", "ulg", "iap", "portal"]

# The root templates/ folder, folder by folder. Its loose files (base.html, error pages)
# and the shared includes and admin overrides are the site's frame: the top layer.
ROOT_FOLDER_LAYER = {
    "twofactor": "core",
    "partnerships": "partnerships",
    "ulg": "ulg",
    "iap": "iap",
    # Documents laid out for print: the agreement draft is rendered by iap.agreements.
    "documents": "iap",
    "workspace": "portal",
    "staff": "portal",
    "simple_history": "portal",
    "portal": "portal",
    "includes": "portal",
    "admin": "portal",
    "drf_spectacular": "portal",
}

ROOT = settings.BASE_DIR / "templates"
LOAD = re.compile(r"{%\s*load\s+(.+?)\s*%}")


def template_layer(path: Path) -> str:
    relative = path.relative_to(settings.BASE_DIR)
    if relative.parts[0] != "templates":
        return relative.parts[0]  # an app's own templates/ folder: that app's layer
    if len(relative.parts) == 2:
        return "portal"
    return ROOT_FOLDER_LAYER[relative.parts[1]]


def loaded_libraries(text: str) -> set[str]:
    names = set()
    for arguments in LOAD.findall(text):
        words = arguments.split()
        # `{% load tag other from library %}` names one library, after "from".
        names.update(words[words.index("from") + 1 :] if "from" in words else words)
    return names


def library_layer(name: str) -> str | None:
    """The layer of the app that defines a tag library; None for Django's and third parties'."""
    package = engines["django"].engine.libraries[name].split(".")[0]
    return package if package in LAYERS else None


TEMPLATES = sorted(
    path
    for folder in [ROOT, *(settings.BASE_DIR / app / "templates" for app in LAYERS)]
    for path in folder.rglob("*")
    if path.is_file()
)


def test_every_root_template_folder_has_a_layer():
    folders = {path.name for path in ROOT.iterdir() if path.is_dir()}
    assert folders <= ROOT_FOLDER_LAYER.keys(), folders - ROOT_FOLDER_LAYER.keys()


@pytest.mark.parametrize(
    "template", TEMPLATES, ids=lambda path: str(path.relative_to(settings.BASE_DIR))
)
def test_template_loads_no_tag_library_of_a_higher_layer(template):
    layer = template_layer(template)
    for name in loaded_libraries(template.read_text(encoding="utf-8")):
        library = library_layer(name)
        assert library is None or LAYERS.index(library) <= LAYERS.index(layer), (
            f"{template.relative_to(settings.BASE_DIR)} ({layer}) loads {name!r} ({library})"
        )
