"""`.env.example` lists every variable the settings and gunicorn read: an operator
learns what can be set from it alone."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
READ_BY_SETTINGS = re.compile(r"""env(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]+)["']""")
READ_BY_GUNICORN = re.compile(r"""environ\.get\(\s*["']([A-Z][A-Z0-9_]+)["']""")
LISTED = re.compile(r"^#?\s*([A-Z][A-Z0-9_]+)=", re.MULTILINE)


def test_env_example_lists_every_variable_read():
    read = set(READ_BY_SETTINGS.findall((ROOT / "cities4csr" / "settings.py").read_text()))
    read |= set(READ_BY_GUNICORN.findall((ROOT / "gunicorn.conf.py").read_text()))
    listed = set(LISTED.findall((ROOT / ".env.example").read_text()))
    assert read, "the patterns no longer find how settings read the environment"
    assert sorted(read - listed) == []
