"""A form renderer that draws `<select>` elements in Python, for the public lists' filters.

Django renders a select through a template, and each of its options through another
one, included once per option: a list page's filter form (six selects, some forty
options) spent more time there than in the rest of the page. `QuickSelectRenderer`
writes the same markup directly (tests/test_form_rendering.py compares it with
Django's for every filter form) and leaves every other widget to Django's templates.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _text(value: Any) -> str:
    # `{{ value|stringformat:"s" }}`: the value as text, escaped unless already safe.
    return str(conditional_escape(value if isinstance(value, SafeData) else str(value)))


def _attrs(attrs: dict[str, Any]) -> str:
    # django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name.
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def render_select(widget: dict[str, Any]) -> str | None:
    """django/forms/widgets/select.html for this widget context, or None if one of its
    options is drawn by another template."""
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class QuickSelectRenderer(DjangoTemplates):
    """Django's form renderer, with selects written in Python (see the module docstring)."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name == SELECT_TEMPLATE:
            html = render_select(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request)
