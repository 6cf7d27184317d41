"""django-filter filter sets of the public IAP pages."""

from __future__ import annotations

import django_filters
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from iap.models import ToolboxResource


def toolbox_language_choices() -> list[tuple[str, str]]:
    """The languages published resources are written in, by their local name."""
    codes = (
        ToolboxResource.objects.published()
        .order_by("language")
        .values_list("language", flat=True)
        .distinct()
    )
    choices = []
    for code in codes:
        try:
            name = get_language_info(code)["name_local"]
        except KeyError:
            name = code
        choices.append((code, name))
    return choices


class ToolboxResourceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=ToolboxResource.Kind.choices, empty_label=_("Any type")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=toolbox_language_choices, empty_label=_("Any language")
    )

    class Meta:
        model = ToolboxResource
        fields: list[str] = []
