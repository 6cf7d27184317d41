"""The account managers' workspace: access, scoping to one's cities, and the daily work."""

import datetime as dt
import json

import pytest
from django import forms
from django.contrib.messages.storage.cookie import CookieStorage
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from partnerships.models import CityRole, Contact, Interaction, Proposal, Stakeholder
from portal.demo.factories import (
    CityRoleFactory,
    ContactFactory,
    InteractionFactory,
    ProposalFactory,
    StakeholderFactory,
    ThemeFactory,
    UserFactory,
)
from portal.workspace.views import form_refused


@pytest.fixture(autouse=True)
def english(client):
    # The workspace has no language prefix: it follows the browser. These tests read English.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def test_workspace_speaks_italian_by_default(client, account_manager):
    client.force_login(account_manager)

    response = client.get("/workspace/", HTTP_ACCEPT_LANGUAGE="")

    assert "I miei stakeholder" in response.text
    assert "Cruscotto" in response.text


@pytest.fixture
def sofia_records(sofia):
    """One of everything in Sofia, with names a Milan user must never see."""
    stakeholder = StakeholderFactory(city=sofia, name="Sofia Secret Ltd")
    contact = ContactFactory(stakeholder=stakeholder, name="Ivan Secretov")
    interaction = InteractionFactory(
        stakeholder=stakeholder,
        contact=contact,
        summary="sofia-secret-note",
        follow_up_date=timezone.localdate(),
        follow_up_action="sofia-secret-follow-up",
    )
    proposal = ProposalFactory(city=sofia, organisation_name="Sofia Secret Proposal")
    return {
        "stakeholder": stakeholder,
        "contact": contact,
        "interaction": interaction,
        "proposal": proposal,
    }


# --- access -------------------------------------------------------------------

LIST_URLS = [
    "workspace:stakeholder-list",
    "workspace:pipeline",
    "workspace:follow-ups",
    "workspace:proposal-list",
    "workspace:dashboard",
]


@pytest.mark.parametrize("name", LIST_URLS)
def test_workspace_needs_sign_in(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("name", LIST_URLS)
def test_workspace_refuses_users_without_a_city_role(client, db, name):
    client.force_login(UserFactory(username="visitor"))

    assert client.get(reverse(name)).status_code == 403


def test_workspace_is_not_language_prefixed():
    assert reverse("workspace:stakeholder-list") == "/workspace/"


# --- city B is invisible to city A, by list --------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/workspace/?mine=",
        "/workspace/pipeline/?all=1",
        "/workspace/follow-ups/?all=1",
        "/workspace/proposals/?status=all",
        "/workspace/dashboard/",
    ],
)
@pytest.mark.parametrize("user", ["account_manager", "coordinator"])
def test_lists_never_show_another_city(client, request, sofia_records, milan, url, user):
    StakeholderFactory(city=milan, name="Milano Visible")
    client.force_login(request.getfixturevalue(user))

    response = client.get(url)

    assert response.status_code == 200
    for secret in ("Sofia Secret", "Ivan Secretov", "sofia-secret", "Sofia"):
        assert secret not in response.text


def test_network_admin_lists_see_every_city(client, network_admin, sofia_records):
    client.force_login(network_admin)

    assert "Sofia Secret Ltd" in client.get("/workspace/?mine=").text
    assert "Sofia Secret Proposal" in client.get("/workspace/proposals/").text
    assert "sofia-secret-follow-up" in client.get("/workspace/follow-ups/?all=1").text


# --- city B is invisible to city A, by URL ---------------------------------------


def _urls_of(records):
    stakeholder, contact = records["stakeholder"].pk, records["contact"].pk
    interaction, proposal = records["interaction"].pk, records["proposal"].pk
    return [
        ("get", f"/workspace/stakeholders/{stakeholder}/", {}),
        ("post", f"/workspace/stakeholders/{stakeholder}/interactions/", {"kind": "call"}),
        ("post", f"/workspace/stakeholders/{stakeholder}/stage/", {"stage": "committed"}),
        ("post", f"/workspace/follow-ups/{interaction}/done/", {}),
        ("get", f"/workspace/proposals/{proposal}/", {}),
        ("post", f"/workspace/proposals/{proposal}/assign/", {}),
        ("post", f"/workspace/proposals/{proposal}/accept/", {"title": "T"}),
        ("post", f"/workspace/proposals/{proposal}/decline/", {"reason": "no"}),
        ("get", f"/workspace/contacts/{contact}/export/", {}),
        ("get", f"/workspace/contacts/{contact}/erase/", {}),
        ("post", f"/workspace/contacts/{contact}/erase/", {}),
    ]


@pytest.mark.parametrize("index", range(11))
@pytest.mark.parametrize("user", ["account_manager", "coordinator"])
def test_another_city_record_is_not_found_by_url(client, request, sofia_records, index, user):
    method, url, data = _urls_of(sofia_records)[index]
    client.force_login(request.getfixturevalue(user))

    response = getattr(client, method)(url, data)

    assert response.status_code == 404
    stakeholder = Stakeholder.objects.get(pk=sofia_records["stakeholder"].pk)
    assert stakeholder.engagement_stage == "prospect"
    assert Interaction.objects.count() == 1
    assert Interaction.objects.get().follow_up_done is False
    assert Proposal.objects.get().status == Proposal.Status.NEW
    assert Contact.objects.get().name == "Ivan Secretov"


# --- the daily work -----------------------------------------------------------


def test_my_stakeholders_shows_mine_first_with_last_interaction_and_next_follow_up(
    client, account_manager, milan
):
    mine = StakeholderFactory(city=milan, name="Mine Srl", account_manager=account_manager)
    StakeholderFactory(city=milan, name="Colleague Srl")
    InteractionFactory(stakeholder=mine, date=dt.date(2026, 9, 3))
    InteractionFactory(
        stakeholder=mine, date=dt.date(2026, 10, 1), follow_up_date=dt.date(2026, 12, 4)
    )
    client.force_login(account_manager)

    response = client.get("/workspace/")

    assert list(response.context["page"]) == [mine]
    assert response.context["page"][0].last_interaction == dt.date(2026, 10, 1)
    assert response.context["page"][0].next_follow_up == dt.date(2026, 12, 4)
    assert "Colleague Srl" in client.get("/workspace/?q=colleague").text


def test_stakeholder_page_shows_contacts_timeline_and_log_form(client, account_manager, milan):
    stakeholder = StakeholderFactory(city=milan)
    ContactFactory(stakeholder=stakeholder, name="Paola Neri", email="paola@example.org")
    InteractionFactory(stakeholder=stakeholder, summary="Visita alla sede")
    client.force_login(account_manager)

    response = client.get(f"/workspace/stakeholders/{stakeholder.pk}/")

    assert "Paola Neri" in response.text
    assert "paola@example.org" in response.text
    assert "Visita alla sede" in response.text
    assert f'action="/workspace/stakeholders/{stakeholder.pk}/interactions/"' in response.text
    # Exporting and erasing personal data is the coordinators' duty.
    assert "/export/" not in response.text


def test_logging_an_interaction_with_bad_input_shows_errors_next_to_fields(
    client, account_manager, milan
):
    stakeholder = StakeholderFactory(city=milan)
    client.force_login(account_manager)

    response = client.post(
        f"/workspace/stakeholders/{stakeholder.pk}/interactions/",
        {"kind": "call", "date": "not a date", "follow_up_action": "x" * 301},
    )

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"date", "follow_up_action"}
    assert not Interaction.objects.exists()


def test_logging_an_interaction_with_a_follow_up_before_it_is_refused(
    client, account_manager, milan
):
    stakeholder = StakeholderFactory(city=milan)
    client.force_login(account_manager)

    response = client.post(
        f"/workspace/stakeholders/{stakeholder.pk}/interactions/",
        {"kind": "call", "date": "2026-11-10", "follow_up_date": "2026-11-01"},
    )

    assert response.status_code == 400
    assert "The follow-up cannot be before the interaction." in response.text


def test_pipeline_moves_a_stakeholder_and_history_records_it(client, account_manager, milan):
    stakeholder = StakeholderFactory(city=milan, account_manager=account_manager)
    client.force_login(account_manager)
    columns = client.get("/workspace/pipeline/").context["columns"]
    assert stakeholder in {stage: cards for stage, _l, _t, cards, _o in columns}["prospect"]

    response = client.post(
        f"/workspace/stakeholders/{stakeholder.pk}/stage/",
        {"stage": "committed", "next": "pipeline"},
    )

    assert response["Location"] == "/workspace/pipeline/"
    stakeholder.refresh_from_db()
    assert stakeholder.engagement_stage == "committed"
    assert stakeholder.history.first().history_user == account_manager
    page = client.get(f"/workspace/stakeholders/{stakeholder.pk}/")
    assert "Stage: Prospect → Committed" in page.text


def test_follow_ups_are_split_into_overdue_today_and_upcoming(client, account_manager, milan):
    today = timezone.localdate()
    stakeholder = StakeholderFactory(city=milan, account_manager=account_manager)
    overdue, due, upcoming = (
        InteractionFactory(stakeholder=stakeholder, follow_up_date=today + dt.timedelta(days=d))
        for d in (-2, 0, 5)
    )
    InteractionFactory(
        stakeholder=stakeholder, follow_up_date=today, follow_up_done=True
    )  # done: gone
    client.force_login(account_manager)

    response = client.get("/workspace/follow-ups/", HTTP_ACCEPT_LANGUAGE="en")

    sections = {
        str(heading): list(shown) for heading, _total, shown in response.context["sections"]
    }
    assert sections == {"Overdue": [overdue], "Due today": [due], "Upcoming": [upcoming]}

    client.post(f"/workspace/follow-ups/{due.pk}/done/")

    response = client.get("/workspace/follow-ups/")
    assert [total for _heading, total, _shown in response.context["sections"]] == [1, 0, 1]


def test_inbox_offers_merging_a_duplicate_organisation(client, account_manager, milan):
    twin = StakeholderFactory(city=milan, name="Acme S.p.A.", kind="company")
    proposal = ProposalFactory(city=milan, organisation_name="ACME spa")
    client.force_login(account_manager)

    response = client.get(f"/workspace/proposals/{proposal.pk}/")
    assert response.context["duplicates"] == [twin]
    assert f"Merge into Acme S.p.A. (Company, {twin.website})" in response.text
    assert "Create a new organisation “ACME spa”" in response.text

    client.post(
        f"/workspace/proposals/{proposal.pk}/accept/", {"title": "Acme", "organisation": twin.pk}
    )

    assert Stakeholder.objects.count() == 1
    proposal.refresh_from_db()
    assert proposal.stakeholder == twin


def test_accepting_beside_a_look_alike_needs_an_explicit_choice(client, account_manager, milan):
    StakeholderFactory(city=milan, name="Acme S.p.A.")
    proposal = ProposalFactory(city=milan, organisation_name="ACME spa")
    client.force_login(account_manager)

    refused = client.post(
        f"/workspace/proposals/{proposal.pk}/accept/", {"title": "Acme"}, follow=True
    )
    assert "Choose: merge into an existing organisation, or create a new one." in refused.text
    assert Stakeholder.objects.count() == 1

    client.post(
        f"/workspace/proposals/{proposal.pk}/accept/", {"title": "Acme", "organisation": "new"}
    )

    assert Stakeholder.objects.count() == 2
    proposal.refresh_from_db()
    assert proposal.stakeholder.name == "ACME spa"


def test_accept_is_prefilled_with_a_title_and_summary_from_the_proposals_facts(
    client, account_manager, milan
):
    theme = ThemeFactory(name="Povertà educativa")
    proposal = ProposalFactory(
        city=milan,
        organisation_name="ENEL S.p.A.",
        resource_kinds=["money", "skills"],
        offer="Buongiorno, sono Lucia Ferri, vorremmo proporre...",
    )
    proposal.themes.set([theme])
    client.force_login(account_manager)

    form = client.get(f"/workspace/proposals/{proposal.pk}/", HTTP_ACCEPT_LANGUAGE="it").context[
        "accept_form"
    ]

    assert form["title"].value() == "ENEL S.p.A.: denaro, competenze per Milano"
    assert form["summary"].value() == (
        "ENEL S.p.A. offre denaro, competenze a Milano (temi: Povertà educativa)."
    )
    assert "Buongiorno" not in form["title"].value() + form["summary"].value()


def test_decline_without_reason_shows_a_message_and_changes_nothing(client, coordinator, milan):
    proposal = ProposalFactory(city=milan)
    client.force_login(coordinator)

    response = client.post(
        f"/workspace/proposals/{proposal.pk}/decline/",
        {"reason": ""},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert "Reason (e-mailed to the proposer): This field is required." in response.text
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.NEW
    assert not mail.outbox


def test_accepting_without_a_title_shows_a_message_and_changes_nothing(
    client, account_manager, milan
):
    proposal = ProposalFactory(city=milan)
    client.force_login(account_manager)

    response = client.post(
        f"/workspace/proposals/{proposal.pk}/accept/",
        {"title": ""},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert "Partnership title: This field is required." in response.text
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.NEW


def test_accepting_twice_shows_a_message_not_an_error(client, account_manager, milan):
    proposal = ProposalFactory(city=milan)
    client.force_login(account_manager)
    client.post(f"/workspace/proposals/{proposal.pk}/accept/", {"title": "Acme"})

    response = client.post(
        f"/workspace/proposals/{proposal.pk}/accept/", {"title": "Acme"}, follow=True
    )

    assert response.status_code == 200
    assert "This proposal is already accepted." in response.text


def test_coordinator_exports_a_contact_as_json_and_account_manager_cannot(
    client, coordinator, account_manager, milan
):
    contact = ContactFactory(stakeholder__city=milan, name="Anna Blu")
    client.force_login(account_manager)
    assert client.get(f"/workspace/contacts/{contact.pk}/export/").status_code == 403

    client.force_login(coordinator)
    response = client.get(f"/workspace/contacts/{contact.pk}/export/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["contact"]["name"] == "Anna Blu"


def test_coordinator_erases_a_contact_after_confirming(client, coordinator, milan):
    contact = ContactFactory(stakeholder__city=milan, name="Anna Blu")
    client.force_login(coordinator)
    assert "Anna Blu" in client.get(f"/workspace/contacts/{contact.pk}/erase/").text

    client.post(f"/workspace/contacts/{contact.pk}/erase/")

    contact.refresh_from_db()
    assert contact.name == "[erased]"
    assert not Contact.history.filter(name="Anna Blu").exists()


def test_dashboard_counts_stages_interactions_proposals_and_overdue(
    client, coordinator, account_manager, milan
):
    today = timezone.localdate()
    stakeholder = StakeholderFactory(
        city=milan, engagement_stage="committed", account_manager=account_manager
    )
    InteractionFactory(stakeholder=stakeholder, date=today, owner=account_manager)
    InteractionFactory(
        stakeholder=stakeholder,
        date=today,
        owner=account_manager,
        follow_up_date=today - dt.timedelta(days=3),
        follow_up_action="Richiamare",
    )
    answered = ProposalFactory(
        city=milan, status=Proposal.Status.ASSIGNED, assignee=account_manager
    )
    Proposal.objects.filter(pk=answered.pk).update(
        first_answered_at=answered.created_at + dt.timedelta(days=2)
    )
    ProposalFactory(city=milan)
    client.force_login(coordinator)

    response = client.get(f"/workspace/dashboard/?city={milan.pk}&manager={account_manager.pk}")

    by_stage = {row.label: row.count for row in response.context["by_stage"].rows}
    assert by_stage["Committed"] == 1
    assert response.context["per_month"].rows[-1].count == 2
    by_status = {row.label: row.count for row in response.context["by_status"].rows}
    assert by_status["Assigned"] == 1
    assert response.context["median_days"] == 2.0
    assert [item.follow_up_action for item in response.context["overdue"]] == ["Richiamare"]
    # The chart comes with its data table.
    assert "<caption>Proposals by status – data table</caption>" in response.text
    row = next(row for row in response.context["per_manager"] if row.key == account_manager)
    assert (row.first, row.second) == (1, 1)
    assert [(row.key, row.first, row.second) for row in response.context["per_city"]] == [
        (milan, 1, 2)
    ]


# --- the story of the "Done when" -----------------------------------------


def test_a_proposal_travels_from_the_public_form_to_the_follow_up_digest(
    client, milan, sofia, coordinator, account_manager
):
    """Tried as a new user would, end to end, through the pages only."""
    from django.core.management import call_command

    cache.clear()
    CityRoleFactory(city=sofia, role=CityRole.Role.COORDINATOR, user__username="sofia-coord")
    theme = ThemeFactory()
    coordinator.email, account_manager.email = "coord@milano.test", "manager@milano.test"
    coordinator.save()
    account_manager.save()

    # 1. A company proposes an action to Milan from the public form.
    response = client.post(
        "/en/propose/",
        {
            "organisation_name": "Acme Italia S.p.A.",
            "organisation_kind": "company",
            "contact_name": "Giulia Rossi",
            "email": "giulia@acme.example.org",
            "city": milan.pk,
            "themes": [theme.pk],
            "resource_kinds": ["volunteers"],
            "offer": "Venti volontari per il doposcuola.",
            "privacy_consent": "on",
        },
        follow=True,
    )
    assert "we received your proposal" in response.text
    assert [message.to for message in mail.outbox] == [
        ["giulia@acme.example.org"],
        ["coord@milano.test"],
    ]

    # 2. It appears in Milan's inbox, not in Sofia's.
    client.force_login(coordinator)
    assert "Acme Italia S.p.A." in client.get("/workspace/proposals/").text
    client.force_login(UserFactory(username="sofia-coord"))
    assert "Acme Italia" not in client.get("/workspace/proposals/").text

    # 3. The coordinator assigns it; the account manager accepts it.
    proposal = Proposal.objects.get()
    client.force_login(coordinator)
    client.post(f"/workspace/proposals/{proposal.pk}/assign/", {"assignee": account_manager.pk})
    client.force_login(account_manager)
    assert (
        "Acme Italia S.p.A.: volontari per Milano"
        in client.get(f"/workspace/proposals/{proposal.pk}/", HTTP_ACCEPT_LANGUAGE="it").text
    )
    response = client.post(
        f"/workspace/proposals/{proposal.pk}/accept/",
        {"title": "Doposcuola a Corvetto", "summary": "Volontari per il doposcuola."},
        follow=True,
    )
    assert "draft partnership" in response.text
    stakeholder = Stakeholder.objects.get(name="Acme Italia S.p.A.")
    assert stakeholder.account_manager == account_manager
    assert stakeholder.contacts.get().email == "giulia@acme.example.org"
    partnership = stakeholder.partnerships.get()
    assert partnership.publication_status == "draft"
    assert list(partnership.themes.all()) == [theme]

    # 4. The account manager logs a call with a follow-up in three days.
    follow_up = timezone.localdate() + dt.timedelta(days=3)
    client.post(
        f"/workspace/stakeholders/{stakeholder.pk}/interactions/",
        {
            "kind": "call",
            "date": timezone.localdate().isoformat(),
            "contact": stakeholder.contacts.get().pk,
            "partnership": partnership.pk,
            "summary": "Definiti i turni dei volontari.",
            "follow_up_date": follow_up.isoformat(),
            "follow_up_action": "Mandare il calendario dei turni",
        },
    )
    assert "Mandare il calendario dei turni" in client.get("/workspace/follow-ups/").text

    # 5. The digest lists it when it is due, and only once that day.
    mail.outbox.clear()
    call_command("send_followup_digest", date=(follow_up - dt.timedelta(days=1)).isoformat())
    assert not mail.outbox
    call_command("send_followup_digest", date=follow_up.isoformat())
    call_command("send_followup_digest", date=follow_up.isoformat())
    assert [message.to for message in mail.outbox] == [["manager@milano.test"]]
    assert "Mandare il calendario dei turni" in mail.outbox[0].body
    assert "Acme Italia S.p.A." in mail.outbox[0].body


@pytest.mark.parametrize("query", ["?city=abc&manager=x", "?city=999999", "?manager=-1"])
def test_dashboard_ignores_unknown_choices_instead_of_failing(client, coordinator, query):
    client.force_login(coordinator)

    response = client.get("/workspace/dashboard/" + query)

    assert response.status_code == 200
    assert response.context["city"] is None
    assert response.context["manager"] is None


def test_dashboard_cannot_be_pointed_at_another_city(client, coordinator, sofia_records, sofia):
    client.force_login(coordinator)

    response = client.get(f"/workspace/dashboard/?city={sofia.pk}")

    assert response.context["city"] is None
    assert "Sofia Secret" not in response.text


def test_stakeholder_list_shows_bad_filters_as_form_errors_not_a_crash(client, account_manager):
    client.force_login(account_manager)

    response = client.get("/workspace/?city=abc&engagement_stage=won&page=zz")

    assert response.status_code == 200
    assert set(response.context["filter"].form.errors) == {"city", "engagement_stage"}


def test_coordinator_sees_export_and_erase_links_on_the_stakeholder_page(
    client, coordinator, milan
):
    contact = ContactFactory(stakeholder__city=milan)
    client.force_login(coordinator)

    response = client.get(f"/workspace/stakeholders/{contact.stakeholder_id}/")

    assert f'href="/workspace/contacts/{contact.pk}/export/"' in response.text
    assert f'href="/workspace/contacts/{contact.pk}/erase/"' in response.text


def test_an_action_form_error_of_no_field_is_shown_without_a_label(rf):
    class TitleForm(forms.Form):
        title = forms.CharField(label="Title")

        def clean(self):
            raise forms.ValidationError("Not now.")

    request = rf.post("/")
    request._messages = CookieStorage(request)
    form = TitleForm({"title": "Acme"})
    form.is_valid()

    form_refused(request, form)

    assert [str(message) for message in request._messages] == ["Not now."]
