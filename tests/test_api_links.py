"""A public record's links to other records show only what the reader may read: a draft
partnership's slug can name a private proposer ("acme-proposal-of-…")."""

import pytest
from django.urls import reverse

from partnerships.models import PublicationStatus
from portal.demo.factories import ActionFactory, PartnershipFactory, SmallScaleActionFactory

DRAFT = PublicationStatus.DRAFT
PUBLISHED = PublicationStatus.PUBLISHED


@pytest.fixture
def action_with_links(milan):
    action = ActionFactory(plan__city=milan)
    public = PartnershipFactory(city=milan, slug="public-one", publication_status=PUBLISHED)
    draft = PartnershipFactory(city=milan, slug="acme-proposal", publication_status=DRAFT)
    ssa = SmallScaleActionFactory(ulg__city=milan, slug="draft-pilot", publication_status=DRAFT)
    ssa.partnerships.add(draft, public)
    action.partnerships.add(public, draft)
    action.related_ssas.add(ssa)
    return action


@pytest.mark.django_db
def test_a_visitor_sees_no_draft_among_an_actions_links(client, action_with_links):
    action = client.get(reverse("api:iap-action-detail", args=[action_with_links.pk])).json()
    plans = client.get(reverse("api:iap-list")).json()["results"]

    assert action["partnerships"] == ["public-one"]
    assert action["related_ssas"] == []
    assert plans[0]["actions"][0]["partnerships"] == ["public-one"]


@pytest.mark.django_db
def test_open_data_names_no_draft_a_public_record_links_to(client, action_with_links):
    csv = client.get(reverse("partnerships:open-data-file", args=["iap-actions", "csv"]))

    text = b"".join(csv.streaming_content).decode()
    assert "public-one" in text
    assert "acme-proposal" not in text
    assert "draft-pilot" not in text


@pytest.mark.django_db
def test_the_citys_coordinator_still_sees_their_draft_links(client, coordinator, action_with_links):
    client.force_login(coordinator)

    action = client.get(reverse("api:iap-action-detail", args=[action_with_links.pk])).json()

    assert sorted(action["partnerships"]) == ["acme-proposal", "public-one"]
    assert action["related_ssas"] == ["draft-pilot"]
