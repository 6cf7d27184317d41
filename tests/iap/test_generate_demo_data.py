import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from iap.models import Need
from partnerships.models import City, Contact, Interaction, Partnership, Stakeholder

pytestmark = pytest.mark.django_db


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_demo_data", *args, "--no-progress", stdout=out)
    return out.getvalue()


def test_small_scale_makes_proportional_marked_data():
    generate("--scale", "0.02")

    assert Stakeholder.objects.count() == 100
    assert Contact.objects.count() == 400
    assert Partnership.objects.count() == 40
    assert Interaction.objects.count() == 2000
    assert all(
        name.startswith("[demo]") for name in Partnership.objects.values_list("title", flat=True)
    )
    assert not Stakeholder.objects.filter(is_synthetic=False).exists()


def test_each_partnership_has_partners_of_its_own_city():
    generate("--scale", "0.02")

    for partnership in Partnership.objects.prefetch_related("stakeholders")[:10]:
        assert partnership.stakeholders.count() == 3
        assert {s.city_id for s in partnership.stakeholders.all()} == {partnership.city_id}


def test_same_seed_gives_the_same_data():
    generate("--scale", "0.01", "--seed", "7")
    first = list(Stakeholder.objects.order_by("slug").values_list("slug", "kind", "city__name"))
    generate("--purge")
    generate("--scale", "0.01", "--seed", "7")

    assert (
        list(Stakeholder.objects.order_by("slug").values_list("slug", "kind", "city__name"))
        == first
    )


def test_refuses_to_generate_twice_without_purge():
    generate("--scale", "0.01")

    with pytest.raises(CommandError, match="--purge"):
        generate("--scale", "0.01")


def test_refuses_a_nonsense_scale():
    with pytest.raises(CommandError, match="--scale"):
        generate("--scale", "0")


def test_purge_removes_exactly_the_synthetic_data():
    call_command("load_cities4csr", stdout=StringIO())
    real = {model._meta.label: model.objects.count() for model in apps.get_models()}
    generate("--scale", "0.02")

    output = generate("--purge")

    assert {model._meta.label: model.objects.count() for model in apps.get_models()} == real
    assert City.objects.count() == 10
    assert "Synthetic data removed" in output


def test_demo_needs_use_units_that_fit_their_kind():
    generate("--scale", "0.01")

    units = set(Need.objects.values_list("resource_kind", "unit").distinct())
    assert units <= {
        ("money", "EUR"),
        ("volunteers", "people"),
        ("goods", "items"),
        ("skills", "hours"),
        ("space", "m²"),
    }
    assert units


def test_demo_data_does_not_change_the_real_networks_home_counts(client):
    call_command("load_cities4csr", stdout=StringIO())
    generate("--scale", "0.01")

    html = client.get("/it/").content.decode()

    assert re.search(r'<span class="key-number">10</span>\s*città', html)


def test_demo_data_adds_no_city_to_the_real_networks_page(client):
    call_command("load_cities4csr", stdout=StringIO())
    generate("--scale", "0.01")

    response = client.get("/it/network/")

    assert len(response.context["cities"]) == 10
    assert "[demo]" not in response.content.decode()
