"""The admin index dashboard: the user's cities only, drafts waiting, recent changes."""

from django.urls import reverse

from partnerships.models import Partnership, PublicationStatus
from portal.demo.factories import PartnershipFactory, StakeholderFactory
from tests.admin_support import admin_url


def test_dashboard_counts_and_lists_only_the_coordinators_city(client, coordinator, milan, sofia):
    draft = PartnershipFactory(city=milan, title="Orti in città", publication_status="draft")
    PartnershipFactory(city=milan, status="planned")
    PartnershipFactory(city=sofia, title="Sofia secret", publication_status="draft")
    client.force_login(coordinator)

    response = client.get(reverse("admin:index"))

    dashboard = response.context["dashboard"]
    [milan_row] = dashboard["partnerships_by_city"]
    assert (milan_row["city"], milan_row["total"], milan_row["drafts"]) == (milan, 2, 1)
    assert milan_row["planned"] == 1
    partnerships = next(
        row
        for row in dashboard["publication_counts"]
        if row.changelist_url == admin_url(Partnership, "changelist")
    )
    assert (partnerships.drafts, partnerships.published) == (1, 1)
    content = response.content.decode()
    assert admin_url(draft, "change") in content
    assert "Sofia secret" not in content


def test_dashboard_shows_who_changed_what_recently(client, coordinator, milan, sofia):
    client.force_login(coordinator)
    StakeholderFactory(city=milan, name="Cooperativa Aurora")
    StakeholderFactory(city=sofia, name="Sofia Foundation")
    partnership = PartnershipFactory(city=milan, publication_status=PublicationStatus.DRAFT)
    client.post(
        admin_url(Partnership, "changelist"),
        {"action": "publish", "_selected_action": [partnership.pk]},
    )

    response = client.get(reverse("admin:index"))

    changes = response.context["dashboard"]["recent_changes"]
    assert changes[0].record == str(partnership)
    assert changes[0].user == coordinator.username
    records = {change.record for change in changes}
    assert "Cooperativa Aurora" in records
    assert "Sofia Foundation" not in records
    assert "Sofia Foundation" not in response.content.decode()


def test_network_admin_dashboard_covers_every_city(client, network_admin, milan, sofia):
    client.force_login(network_admin)

    dashboard = client.get(reverse("admin:index")).context["dashboard"]

    assert dashboard["all_cities"]
    assert [row["city"] for row in dashboard["partnerships_by_city"]] == [milan, sofia]
