"""The workspace's needs: suggestions, linking a proposal in one action, recording deliveries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from iap.models import Need, Pledge
from portal.demo.factories import (
    NeedFactory,
    PledgeFactory,
    PriorityFactory,
    ProposalFactory,
    StakeholderFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def need_in(city, *, themes=(), **fields) -> Need:
    priority = PriorityFactory(city=city)
    priority.themes.set(themes)
    return NeedFactory(priority=priority, **fields)


def link_url(proposal) -> str:
    return reverse("needs-workspace:proposal-link", kwargs={"pk": proposal.pk})


def delivery_url(pledge) -> str:
    return reverse("needs-workspace:pledge-delivery", kwargs={"pk": pledge.pk})


def test_the_proposal_page_ranks_needs_with_the_reason_in_words(client, account_manager, milan):
    poverty = ThemeFactory(name="school poverty")
    need_in(milan, title="Tutors", themes=[poverty], quantity=20)
    need_in(milan, title="Other volunteers", quantity=20)
    proposal = ProposalFactory(city=milan)
    proposal.themes.add(poverty)
    client.force_login(account_manager)

    page = client.get(reverse("workspace:proposal-detail", kwargs={"pk": proposal.pk}))
    html = page.content.decode()

    assert html.index("Tutors") < html.index("Other volunteers")
    assert "same city; same theme: school poverty; offers volunteers; 20 of 20 still needed" in html
    assert "Link to this need" in html


def test_the_inbox_shows_each_proposals_best_needs(client, account_manager, milan):
    need_in(milan, title="Tutors for the after-school club")
    ProposalFactory(city=milan)
    client.force_login(account_manager)

    page = client.get(reverse("workspace:proposal-list")).content.decode()

    assert "Tutors for the after-school club" in page


def inbox_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("workspace:proposal-list")).status_code == 200
    return len(queries)


def test_the_inbox_suggestions_cost_the_same_queries_at_two_sizes(client, account_manager, milan):
    theme = ThemeFactory()
    need_in(milan, themes=[theme])
    ProposalFactory(city=milan).themes.add(theme)
    client.force_login(account_manager)
    small = inbox_queries(client)
    for _ in range(6):
        need_in(milan, themes=[theme, ThemeFactory()])
        ProposalFactory(city=milan).themes.add(theme)

    assert inbox_queries(client) == small


def test_the_stakeholder_page_suggests_needs_for_its_stated_offers(client, account_manager, milan):
    need_in(milan, title="Laptops", resource_kind="goods")
    need_in(milan, title="Cash", resource_kind="money", quantity=None, amount_eur=100)
    stakeholder = StakeholderFactory(city=milan, offered_resource_kinds=["goods"])
    client.force_login(account_manager)

    html = client.get(
        reverse("workspace:stakeholder-detail", kwargs={"pk": stakeholder.pk})
    ).content.decode()

    assert "Laptops" in html
    assert "offers goods" in html
    assert "Cash" not in html


def test_linking_a_proposal_records_a_pledge_in_one_action(client, account_manager, milan):
    need = need_in(milan, quantity=20)
    proposal = ProposalFactory(city=milan)
    client.force_login(account_manager)

    response = client.post(link_url(proposal), {"need": need.pk, "quantity": "12"}, follow=True)

    pledge = Pledge.objects.get()
    assert (pledge.need, pledge.proposal, pledge.quantity_pledged) == (need, proposal, 12)
    assert "Linked to" in response.content.decode()
    assert (
        "Pledged 12 and delivered 0 of 20" in client.get(need.get_absolute_url()).content.decode()
    )


def test_a_bad_quantity_is_an_error_message_not_a_500(client, account_manager, milan):
    need = need_in(milan)
    proposal = ProposalFactory(city=milan)
    client.force_login(account_manager)

    response = client.post(link_url(proposal), {"need": need.pk, "quantity": "-3"}, follow=True)

    assert response.status_code == 200
    assert "Quantity pledged" in response.content.decode()
    assert not Pledge.objects.exists()


def test_linking_a_closed_need_is_refused_with_a_message(client, account_manager, milan):
    need = need_in(milan, status=Need.Status.CLOSED)
    proposal = ProposalFactory(city=milan)
    client.force_login(account_manager)

    response = client.post(link_url(proposal), {"need": need.pk, "quantity": "1"}, follow=True)

    assert "closed, met or past its deadline" in response.content.decode()
    assert not Pledge.objects.exists()


def test_another_citys_need_cannot_be_linked(client, account_manager, milan, sofia):
    sofia_need = need_in(sofia, network_wide=True)
    proposal = ProposalFactory(city=milan)
    client.force_login(account_manager)

    response = client.post(link_url(proposal), {"need": sofia_need.pk, "quantity": "1"})

    assert response.status_code == 404
    assert not Pledge.objects.exists()


def test_another_citys_proposal_cannot_be_linked(client, account_manager, milan, sofia):
    need = need_in(milan)
    sofia_proposal = ProposalFactory(city=sofia)
    client.force_login(account_manager)

    response = client.post(link_url(sofia_proposal), {"need": need.pk, "quantity": "1"})

    assert response.status_code == 404
    assert not Pledge.objects.exists()


def test_a_network_wide_need_of_another_city_is_suggested_but_not_linkable(
    client, account_manager, milan, sofia
):
    need_in(sofia, title="Sofia shared need", network_wide=True)
    proposal = ProposalFactory(city=milan)
    client.force_login(account_manager)

    html = client.get(reverse("workspace:proposal-detail", kwargs={"pk": proposal.pk})).content
    html = html.decode()

    assert "Sofia shared need" in html
    assert "network-wide need of Sofia" in html
    assert "Link to this need" not in html


def test_recording_a_delivery_updates_the_need_status(client, account_manager, milan):
    need = need_in(milan, quantity=20)
    pledge = PledgeFactory(need=need, quantity_pledged=20, pledged_on=timezone.localdate())
    client.force_login(account_manager)

    response = client.post(
        delivery_url(pledge),
        {"quantity_delivered": "20", "delivered_on": timezone.localdate().isoformat()},
        follow=True,
    )

    need.refresh_from_db()
    assert need.status == Need.Status.MET
    assert "is now met" in response.content.decode()


def test_a_delivery_before_the_pledge_is_refused_with_a_message(client, account_manager, milan):
    pledge = PledgeFactory(need=need_in(milan), pledged_on="2026-03-01")
    client.force_login(account_manager)

    response = client.post(
        delivery_url(pledge), {"quantity_delivered": "1", "delivered_on": "2026-02-01"}, follow=True
    )

    assert "Delivery cannot come before the pledge" in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.quantity_delivered == 0


def test_another_citys_pledge_cannot_be_delivered_or_seen(client, account_manager, sofia):
    pledge = PledgeFactory(need=need_in(sofia), pledged_on="2026-01-01")
    client.force_login(account_manager)

    response = client.post(
        delivery_url(pledge), {"quantity_delivered": "5", "delivered_on": "2026-02-01"}
    )
    stakeholder_page = client.get(
        reverse("workspace:stakeholder-detail", kwargs={"pk": pledge.stakeholder.pk})
    )

    assert response.status_code == 404
    assert stakeholder_page.status_code == 404
    pledge.refresh_from_db()
    assert pledge.quantity_delivered == Decimal(0)


def test_the_needs_actions_need_a_signed_in_city_user(client, milan):
    need = need_in(milan)
    proposal = ProposalFactory(city=milan)

    response = client.post(link_url(proposal), {"need": need.pk, "quantity": "1"})

    assert response.status_code == 302
    assert "/login" in response["Location"] or "admin" in response["Location"]
    assert not Pledge.objects.exists()
