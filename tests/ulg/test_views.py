"""The public ULG and Small-Scale Action pages."""

import pytest

from partnerships.models import PublicationStatus, Stakeholder
from portal.demo import factories
from tests.public_data import populate
from ulg.models import UrbactLocalGroup
from ulg.views import composition_by_sector


@pytest.fixture
def site(milan, sofia):
    return populate(milan, sofia, scale=2)


def test_ulg_page_shows_composition_by_sector_with_its_data_table(client, site):
    page = client.get("/en/cities/milano/ulg/").content.decode()
    assert "Members by sector" in page
    assert '<th scope="row">Company</th><td class="text-end">2</td>' in page
    assert "Riunione 1" in page


def test_composition_counts_only_current_members(site):
    ulg = site["ulg"]
    ulg.memberships.filter(stakeholder__kind=Stakeholder.Kind.COMPANY).update(left="2022-01-01")
    counts = {str(row.label): row.count for row in composition_by_sector(ulg).rows}
    assert counts == {str(Stakeholder.Kind.ASSOCIATION.label): 2}


def test_ulg_page_names_only_members_that_agreed_to_be_listed(client, site):
    member = site["ulg"].memberships.first().stakeholder
    Stakeholder.objects.filter(pk=member.pk).update(listing_consent=False)
    response = client.get("/it/cities/milano/ulg/")
    assert member not in {m.stakeholder for m in response.context["listed_members"]}


def test_draft_ulg_is_not_found(client, site):
    UrbactLocalGroup.objects.filter(pk=site["ulg"].pk).update(
        publication_status=PublicationStatus.DRAFT
    )
    assert client.get("/it/cities/milano/ulg/").status_code == 404


def test_city_without_ulg_has_no_ulg_page(client, sofia):
    assert client.get("/it/cities/sofia/ulg/").status_code == 404


def test_ulg_without_meetings_leaves_the_meetings_out(client, sofia):
    factories.UrbactLocalGroupFactory(city=sofia)
    page = client.get("/en/cities/sofia/ulg/").content.decode()
    assert 'id="meetings-title"' not in page
    assert "has been published yet" not in page


def test_ssa_page_shows_partners_results_and_related_partnership(client, site):
    page = client.get("/it/small-scale-actions/azione-pilota-0/").content.decode()
    ssa_partner = site["partnerships"][0].participations.first().stakeholder
    assert ssa_partner.name in page
    assert "Partenariato 0" in page


def test_draft_ssa_is_not_found(client, site):
    assert client.get("/it/small-scale-actions/pilota-in-bozza/").status_code == 404


def test_ssa_of_a_draft_ulg_is_not_found(client, site):
    UrbactLocalGroup.objects.filter(pk=site["ulg"].pk).update(
        publication_status=PublicationStatus.DRAFT
    )
    assert client.get("/it/small-scale-actions/azione-pilota-0/").status_code == 404
