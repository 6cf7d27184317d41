"""The public filter forms' selects, drawn in Python (core/form_rendering.py), are
exactly what Django's own templates draw."""

import pytest
from django.forms.renderers import DjangoTemplates

from iap.filters import NeedFilter, ToolboxResourceFilter
from iap.models import Need, ToolboxResource
from partnerships.filters import PartnershipFilter, StakeholderFilter
from partnerships.models import Partnership, Stakeholder
from portal.demo.factories import CityFactory, ParticipationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

FILTER_SETS = [
    (PartnershipFilter, Partnership, {}),
    (PartnershipFilter, Partnership, {"city": "a-b", "kind": "company", "sort": "-title"}),
    (PartnershipFilter, Partnership, {"city": "atlantis", "year": "1900"}),
    (StakeholderFilter, Stakeholder, {"kind": "school"}),
    (NeedFilter, Need, {"status": "open"}),
    (ToolboxResourceFilter, ToolboxResource, {}),
]


@pytest.fixture
def records():
    # A name that must be escaped, in an option's label and value.
    city = CityFactory(name='Città <"A&B">', slug="a-b")
    for year in (2019, 2023):
        partnership = PartnershipFactory(city=city, start_date=f"{year}-01-01", end_date=None)
        ParticipationFactory(partnership=partnership, stakeholder__kind="company")


@pytest.mark.parametrize(("filter_set", "model", "data"), FILTER_SETS)
def test_every_field_reads_as_djangos_own_rendering(records, filter_set, model, data):
    quick = filter_set(data or None, queryset=model.objects.public()).form
    django = filter_set(data or None, queryset=model.objects.public()).form
    django.renderer = DjangoTemplates()
    quick.is_valid(), django.is_valid()

    selects = 0
    for name in quick.fields:
        assert str(quick[name]) == str(django[name]), name
        selects += "<select" in str(quick[name])
    assert selects >= 2


def test_a_name_is_escaped_in_its_option(records):
    form = PartnershipFilter(queryset=Partnership.objects.public()).form

    assert '<option value="a-b">Città &lt;&quot;A&amp;B&quot;&gt; (2)</option>' in str(form["city"])
