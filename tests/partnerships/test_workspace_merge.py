"""Duplicates in the workspace: suggestions, the side-by-side merge and its undo, per city."""

import pytest
from django.urls import reverse

from partnerships.merging import MERGE_FIELDS
from partnerships.models import Interaction, Stakeholder, StakeholderMerge
from portal.demo.factories import CityRoleFactory, InteractionFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def twins(milan):
    kept = StakeholderFactory(city=milan, name="Acme S.p.A.", website="https://acme.it")
    other = StakeholderFactory(city=milan, name="ACME srl", website="", kind="foundation")
    InteractionFactory(stakeholder=other)
    return kept, other


def all_from(record) -> dict[str, str]:
    """The merge form's choice of `record` for every field."""
    return {name: str(record.pk) for name in MERGE_FIELDS}


def merge_url(first, second):
    return reverse("workspace:stakeholders-merge", args=[first.pk, second.pk])


def test_suggestions_list_only_the_users_cities(client, coordinator, twins, sofia):
    StakeholderFactory(city=sofia, name="Sofia Twin")
    StakeholderFactory(city=sofia, name="Sofia twin ltd")
    client.force_login(coordinator)

    response = client.get(reverse("workspace:duplicates"))

    assert [(s.first.name, s.second.name) for s in response.context["suggestions"]] == [
        ("Acme S.p.A.", "ACME srl")
    ]
    assert "Sofia" not in response.text
    assert merge_url(*twins) in response.text


def test_coordinator_merges_choosing_field_by_field(client, coordinator, twins):
    kept, other = twins
    client.force_login(coordinator)
    fields = all_from(kept) | {name: str(other.pk) for name in ("kind", "account_manager")}

    response = client.post(merge_url(kept, other), {"keep": str(kept.pk), **fields})

    assert response.status_code == 302
    assert response.url == reverse("workspace:stakeholder-detail", args=[kept.pk])
    kept.refresh_from_db()
    assert (kept.name, kept.kind) == ("Acme S.p.A.", "foundation")
    assert not Stakeholder.objects.filter(pk=other.pk).exists()
    assert Interaction.objects.get().stakeholder == kept
    page = client.get(response.url)
    assert "«ACME srl» merged into this record" in page.text
    assert reverse("workspace:merge-undo", args=[StakeholderMerge.objects.get().pk]) in page.text


def test_undo_from_the_kept_records_page_brings_the_other_back(client, coordinator, twins):
    kept, other = twins
    client.force_login(coordinator)
    client.post(merge_url(kept, other), {"keep": str(kept.pk), **all_from(kept)})

    undo = reverse("workspace:merge-undo", args=[StakeholderMerge.objects.get().pk])

    response = client.post(undo)

    assert response.url == reverse("workspace:stakeholder-detail", args=[other.pk])
    assert Interaction.objects.get().stakeholder_id == other.pk
    kept_page = client.get(reverse("workspace:stakeholder-detail", args=[kept.pk]))
    assert undo not in kept_page.text


def test_account_manager_may_compare_but_not_merge(client, account_manager, twins):
    kept, other = twins
    client.force_login(account_manager)

    page = client.get(merge_url(kept, other))
    refused = client.post(
        merge_url(kept, other),
        {"keep": str(kept.pk), **all_from(kept)},
    )

    assert "Only the city's coordinators can merge" in page.text
    assert refused.status_code == 200
    assert Stakeholder.objects.filter(pk=other.pk).exists()


def test_another_citys_coordinator_reaches_neither_records_nor_undo(
    client, coordinator, twins, sofia
):
    kept, other = twins
    client.force_login(coordinator)
    client.post(
        merge_url(kept, other),
        {"keep": str(kept.pk), **all_from(kept)},
    )
    stranger = CityRoleFactory(city=sofia, role="coordinator").user
    client.force_login(stranger)
    elsewhere = StakeholderFactory(city=sofia)

    assert client.get(merge_url(kept, elsewhere)).status_code == 404
    undo = reverse("workspace:merge-undo", args=[StakeholderMerge.objects.get().pk])
    assert client.post(undo).status_code == 404
    assert StakeholderMerge.objects.get().undone_at is None
