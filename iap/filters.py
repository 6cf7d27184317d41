"""django-filter filter sets of the public IAP pages."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from iap.models import Need, ToolboxResource
from partnerships.filters import CountedFilterSet
from partnerships.models import City, ResourceKind, SustainableDevelopmentGoal, Theme


def toolbox_language_choices() -> list[tuple[str, str]]:
    """The languages published resources are written in, by their local name."""
    codes = (
        ToolboxResource.objects.public()
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


class ToolboxResourceFilter(CountedFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=ToolboxResource.Kind.choices, empty_label=_("Any type")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=toolbox_language_choices, empty_label=_("Any language")
    )

    counted = ("kind", "language")

    class Meta:
        model = ToolboxResource
        fields: list[str] = []


def need_place_choices() -> list[tuple[str, str]]:
    """The places (neighbourhoods, schools) that published needs name."""
    places = (
        Need.objects.public()
        .exclude(place="")
        .order_by("place")
        .values_list("place", flat=True)
        .distinct()
    )
    return [(place, place) for place in places]


class NeedFilter(CountedFilterSet):
    city = django_filters.ModelChoiceFilter(
        label=_("City"),
        field_name="priority__city",
        queryset=City.objects.public(),
        to_field_name="slug",
        empty_label=_("All cities"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="priority__themes",
        queryset=Theme.objects.public(),
        to_field_name="slug",
        distinct=True,
        empty_label=_("All themes"),
    )
    sdg = django_filters.ModelChoiceFilter(
        label=_("UN Sustainable Development Goal"),
        field_name="priority__sdgs",
        queryset=SustainableDevelopmentGoal.objects.all(),
        to_field_name="number",
        distinct=True,
        empty_label=_("Any goal"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("What is needed"),
        field_name="resource_kind",
        choices=ResourceKind.choices,
        empty_label=_("Any kind"),
    )
    place = django_filters.ChoiceFilter(
        label=_("Place"), choices=need_place_choices, empty_label=_("Any place")
    )
    deadline_before = django_filters.DateFilter(
        label=_("Deadline by"),
        field_name="deadline",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Need.Status.choices, empty_label=_("Any status")
    )

    counted = ("city", "theme", "sdg", "kind", "place", "status")

    class Meta:
        model = Need
        fields: list[str] = []
