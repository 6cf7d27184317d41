"""Notifications in the workspace: who is told of what, the bell, opening, e-mail by choice."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import Notification, OutboundEmail
from core.notifications import set_email_preference
from iap import services as iap_services
from iap.models import Pledge
from partnerships import services
from portal.demo.factories import (
    CityRoleFactory,
    InteractionFactory,
    NeedFactory,
    PriorityFactory,
    ProposalFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def kinds_of(user):
    return [(n.kind, n.subject) for n in Notification.objects.filter(user=user)]


def test_assigned_proposal_rings_the_bell_and_opens_the_proposal(
    client, coordinator, account_manager, milan
):
    proposal = ProposalFactory(city=milan, organisation_name="Acme")
    services.proposal_assign(proposal=proposal, assignee=account_manager, actor=coordinator)
    client.force_login(account_manager)

    page = client.get(reverse("workspace:stakeholder-list"))
    assert "1 unread notification" in page.text
    notification = Notification.objects.get(user=account_manager)
    listing = client.get(reverse("workspace:notifications"))
    assert "A proposal was assigned to you: Acme" in listing.text

    opened = client.get(reverse("workspace:notification-open", args=[notification.pk]))

    assert opened.url == reverse("workspace:proposal-detail", args=[proposal.pk])
    assert "0 unread notifications" in client.get(opened.url).text
    assert not kinds_of(coordinator)  # nobody is told of their own act


def test_a_mention_tells_colleagues_of_the_city_only(coordinator, account_manager, milan, sofia):
    stranger = CityRoleFactory(city=sofia, role="account_manager", user__username="sofiaman").user
    stakeholder = StakeholderFactory(city=milan, name="Acme")

    services.interaction_log(
        stakeholder=stakeholder,
        actor=coordinator,
        kind="call",
        date=dt.date(2026, 12, 1),
        summary="Ask @manager and @sofiaman, then @coord.",
    )

    assert kinds_of(account_manager) == [("mention", "Acme")]
    assert kinds_of(stranger) == []
    assert kinds_of(coordinator) == []


def test_a_pledge_tells_the_stakeholders_account_manager(coordinator, account_manager, milan):
    stakeholder = StakeholderFactory(city=milan, name="Acme", account_manager=account_manager)
    need = NeedFactory(priority=PriorityFactory(city=milan), title="Banchi")

    iap_services.pledge_create(
        pledge=Pledge(need=need, stakeholder=stakeholder, quantity_pledged=2), actor=coordinator
    )

    assert kinds_of(account_manager) == [("pledge_recorded", "Acme – Banchi")]


def test_follow_ups_due_today_are_told_once_however_often_the_command_runs(
    account_manager, coordinator, milan
):
    today = timezone.localdate()
    InteractionFactory(
        stakeholder=StakeholderFactory(city=milan, name="Acme", account_manager=account_manager),
        owner=coordinator,
        follow_up_date=today,
        follow_up_action="Send the agreement",
    )
    InteractionFactory(
        stakeholder__city=milan, owner=coordinator, follow_up_date=today + dt.timedelta(days=1)
    )

    call_command("send_followup_digest")
    call_command("send_followup_digest")

    expected = [("follow_up_due", "Acme: Send the agreement")]
    assert kinds_of(account_manager) == expected
    assert kinds_of(coordinator) == expected


def test_email_only_for_those_who_chose_it(coordinator, account_manager, milan):
    account_manager.email = "manager@comune.example"
    account_manager.save()
    proposal = ProposalFactory(city=milan)
    services.proposal_assign(proposal=proposal, assignee=account_manager, actor=coordinator)
    assert not OutboundEmail.objects.filter(to__contains="manager@comune.example").exists()

    set_email_preference(user=account_manager, also_mailed=True)
    services.proposal_assign(
        proposal=ProposalFactory(city=milan), assignee=account_manager, actor=coordinator
    )

    sent = OutboundEmail.objects.get(to__contains="manager@comune.example")
    assert sent.subject.startswith("Ti è stata assegnata una proposta")
    assert reverse("workspace:proposal-detail", args=[proposal.pk + 1]) in sent.body


def test_someone_elses_notification_cannot_be_opened(client, coordinator, account_manager, milan):
    services.proposal_assign(
        proposal=ProposalFactory(city=milan), assignee=account_manager, actor=coordinator
    )
    client.force_login(coordinator)

    notification = Notification.objects.get()
    response = client.get(reverse("workspace:notification-open", args=[notification.pk]))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_bell_costs_one_query_whatever_the_number_of_notifications(
    client, coordinator, account_manager, milan, monkeypatch
):
    for _ in range(30):
        services.proposal_assign(
            proposal=ProposalFactory(city=milan), assignee=account_manager, actor=coordinator
        )
    client.force_login(account_manager)
    url = reverse("workspace:stakeholder-list")
    client.get(url)  # sessions, caches and the like settle on the first page

    with CaptureQueriesContext(connection) as with_bell:
        assert "30 unread notifications" in client.get(url).text
    monkeypatch.setattr("partnerships.templatetags.backoffice.unread_count", lambda user: 0)
    with CaptureQueriesContext(connection) as without_bell:
        client.get(url)

    assert len(with_bell) - len(without_bell) == 1
