"""The public pages' front end: valid filter forms, no blocking script, the icon sprite
cut to the icons the templates use (README, "The public site")."""

import importlib.util
import re
from xml.etree import ElementTree

import pytest
from django.conf import settings

# A build script that make runs by path, not a package: loaded the same way.
_spec = importlib.util.spec_from_file_location(
    "build_sprite", settings.BASE_DIR / "assets" / "build_sprite.py"
)
build_sprite = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_sprite)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["partnerships/", "stakeholders/", "needs/", "toolbox/"])
def test_filter_form_submits_to_its_page_without_an_empty_action(client, path):
    html = client.get(f"/it/{path}").content.decode()

    form = re.search(r'<form [^>]*class="filter-form"[^>]*>', html).group(0)
    # An empty action is invalid HTML; without one the form posts to the page itself.
    assert "action=" not in form


@pytest.mark.django_db
def test_public_pages_load_only_the_trimmed_script_and_defer_it(client, milan):
    html = client.get("/it/").content.decode()

    scripts = re.findall(r"<script [^>]*>", html)
    assert len(scripts) == 1
    assert "public.min" in scripts[0] and " defer" in scripts[0]
    assert "bootstrap-italia.bundle" not in html


def test_sprite_keeps_only_the_icons_templates_use(tmp_path):
    source = tmp_path / "all.svg"
    source.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg">'
        '<symbol id="it-burger"><path d="M1"/></symbol>'
        '<symbol id="it-close-big"><path d="M2"/></symbol>'
        '<symbol id="it-pa"><path d="M3"/></symbol>'
        '<symbol id="it-download"><path d="M4"/></symbol>'
        '<symbol id="it-chevron-left"><path d="M5"/></symbol>'
        '<symbol id="it-chevron-right"><path d="M6"/></symbol>'
        '<symbol id="it-search"><path d="M8"/></symbol>'
        '<symbol id="it-android"><path d="M7"/></symbol></svg>'
    )
    output = tmp_path / "svg" / "sprites.svg"

    build_sprite.main(source, output)

    kept = {symbol.get("id") for symbol in ElementTree.parse(output).getroot()}  # noqa: S314
    assert "it-burger" in kept and "it-pa" in kept
    assert "it-android" not in kept
    assert "ns0:" not in output.read_text()


def test_sprite_build_fails_when_a_template_uses_an_icon_the_sprite_lacks(tmp_path):
    source = tmp_path / "all.svg"
    source.write_text('<svg xmlns="http://www.w3.org/2000/svg"></svg>')

    with pytest.raises(SystemExit, match="it-burger"):
        build_sprite.main(source, tmp_path / "out.svg")
