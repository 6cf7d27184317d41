"""Tasks of the staff that must work: stakeholders without a stage, offers as checkboxes,
preselected city, people by full name, an indicator on an action added in the same save."""

import pytest

from partnerships.models import CityRole
from portal.demo.factories import CityRoleFactory, ContactFactory, StakeholderFactory, UserFactory


@pytest.fixture
def unstaged(milan, account_manager):
    # As every real Milan stakeholder loaded from the source: no engagement stage.
    return StakeholderFactory(
        city=milan, account_manager=account_manager, engagement_stage="", name="Fondazione Zeta"
    )


def test_pipeline_shows_stakeholders_without_a_stage_in_their_own_column(
    client, account_manager, unstaged
):
    client.force_login(account_manager)

    response = client.get("/workspace/pipeline/", HTTP_ACCEPT_LANGUAGE="it")

    stage, label, total, cards, _options = response.context["columns"][0]
    assert (stage, str(label), total, list(cards)) == ("", "Senza fase", 1, [unstaged])
    assert "Fondazione Zeta" in response.text


def test_dashboard_counts_stakeholders_without_a_stage(client, account_manager, unstaged):
    client.force_login(account_manager)

    response = client.get("/workspace/dashboard/", HTTP_ACCEPT_LANGUAGE="it")

    by_stage = {str(row.label): row.count for row in response.context["by_stage"].rows}
    assert by_stage["Senza fase"] == 1


def test_stakeholder_list_filters_those_without_a_stage(client, account_manager, unstaged, milan):
    StakeholderFactory(city=milan, account_manager=account_manager, engagement_stage="committed")
    client.force_login(account_manager)

    response = client.get("/workspace/?engagement_stage=none&mine=true")

    assert list(response.context["page"]) == [unstaged]


def test_stakeholder_page_does_not_preselect_a_stage_it_does_not_have(
    client, account_manager, unstaged
):
    client.force_login(account_manager)

    page = client.get(f"/workspace/stakeholders/{unstaged.pk}/", HTTP_ACCEPT_LANGUAGE="it").text

    assert 'value="prospect" selected' not in page
    assert '<option value="" selected>— scegli la fase —</option>' in page


def test_coordinator_of_one_city_finds_it_preselected_on_an_add_form(client, coordinator, milan):
    client.force_login(coordinator)

    form = client.get("/admin/partnerships/partnership/add/").context["adminform"].form

    assert form.initial["city"] == milan.pk


def test_coordinator_of_two_cities_chooses_the_city(client, coordinator, milan, sofia):
    CityRoleFactory(user=coordinator, city=sofia, role=CityRole.Role.COORDINATOR)
    client.force_login(coordinator)

    form = client.get("/admin/partnerships/stakeholder/add/").context["adminform"].form

    assert "city" not in form.initial


def test_account_managers_are_chosen_by_full_name(client, coordinator, milan):
    UserFactory(username="lferri", first_name="Lucia", last_name="Ferri")
    CityRoleFactory(
        user__username="gverdi",
        user__first_name="Giulia",
        user__last_name="Verdi",
        city=milan,
        role=CityRole.Role.ACCOUNT_MANAGER,
    )
    client.force_login(coordinator)

    page = client.get("/admin/partnerships/stakeholder/add/").text

    assert ">Giulia Verdi</option>" in page
    assert ">gverdi</option>" not in page


def test_offers_are_ticked_in_the_admin_not_typed_as_json(client, coordinator, milan):
    stakeholder = StakeholderFactory(city=milan, offered_resource_kinds=["money"])
    client.force_login(coordinator)
    url = f"/admin/partnerships/stakeholder/{stakeholder.pk}/change/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="it").text
    assert 'type="checkbox" name="offered_resource_kinds" value="money"' in page
    assert "Volontari" in page

    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, (list, dict))
    }
    data.update(
        {
            "city": milan.pk,
            "offered_resource_kinds": ["volunteers", "skills"],
            "contacts-TOTAL_FORMS": 0,
            "contacts-INITIAL_FORMS": 0,
            "participations-TOTAL_FORMS": 0,
            "participations-INITIAL_FORMS": 0,
        }
    )
    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    stakeholder.refresh_from_db()
    assert stakeholder.offered_resource_kinds == ["volunteers", "skills"]


def _plan_form_with_a_new_action_and_indicator(plan, coordinator, action_name: str) -> dict:
    from django.contrib import admin

    from iap.models import IntegratedActionPlan
    from tests.admin_support import change_form_data

    data = change_form_data(admin.site._registry[IntegratedActionPlan], plan, coordinator)
    data.update(
        {
            "actions-TOTAL_FORMS": "1",
            "actions-INITIAL_FORMS": "0",
            "actions-0-code": "B7",
            "actions-0-title": "Orti condivisi nelle scuole",
            "indicators-TOTAL_FORMS": "1",
            "indicators-INITIAL_FORMS": "0",
            "indicators-0-name": "Scuole con un orto",
            "indicators-0-action_name": action_name,
            "indicators-0-unit": "n.",
        }
    )
    return data


def test_a_new_indicator_points_at_an_action_added_in_the_same_save(client, coordinator, milan):
    from iap.models import Indicator
    from portal.demo.factories import IntegratedActionPlanFactory

    plan = IntegratedActionPlanFactory(city=milan)
    client.force_login(coordinator)

    response = client.post(
        f"/admin/iap/integratedactionplan/{plan.pk}/change/",
        _plan_form_with_a_new_action_and_indicator(plan, coordinator, "B7"),
    )

    assert response.status_code == 302, response.context["errors"]
    indicator = Indicator.objects.get(name="Scuole con un orto")
    assert (indicator.plan, indicator.action.code) == (plan, "B7")


def test_an_indicator_naming_no_action_of_the_plan_is_refused(client, coordinator, milan):
    from portal.demo.factories import IntegratedActionPlanFactory

    plan = IntegratedActionPlanFactory(city=milan)
    client.force_login(coordinator)

    response = client.post(
        f"/admin/iap/integratedactionplan/{plan.pk}/change/",
        _plan_form_with_a_new_action_and_indicator(plan, coordinator, "Z9"),
        HTTP_ACCEPT_LANGUAGE="it",
    )

    assert response.status_code == 200
    assert "Nessuna azione del piano ha il codice o il titolo “Z9”." in response.text


def test_coordinators_are_alerted_in_italian_when_a_proposal_comes_in_english(client, milan):
    from django.core import mail

    from portal.demo.factories import ThemeFactory

    CityRoleFactory(city=milan, role=CityRole.Role.COORDINATOR, user__email="coord@milano.test")
    form = {
        "organisation_name": "Acme Ltd",
        "organisation_kind": "company",
        "contact_name": "Jane Doe",
        "email": "jane@acme.example.org",
        "city": milan.pk,
        "themes": [ThemeFactory().pk],
        "resource_kinds": ["skills"],
        "offer": "Mentoring for students",
        "privacy_consent": "on",
    }

    client.post("/en/propose/", form)

    [alert] = [message for message in mail.outbox if message.to == ["coord@milano.test"]]
    assert alert.subject == "Nuova proposta di CSR da Acme Ltd"
    assert "Smistala nell'area di lavoro" in alert.body


def test_an_erased_contact_reads_cancellato_on_italian_pages(client, coordinator, milan):
    from partnerships.services import contact_erase

    stakeholder = StakeholderFactory(city=milan, account_manager=coordinator)
    contact = ContactFactory(stakeholder=stakeholder, name="Lucia Ferri")
    contact_erase(contact=contact, actor=coordinator)
    client.force_login(coordinator)

    workspace = client.get(f"/workspace/stakeholders/{stakeholder.pk}/", HTTP_ACCEPT_LANGUAGE="it")
    admin_list = client.get("/admin/partnerships/contact/", HTTP_ACCEPT_LANGUAGE="it")

    for page in (workspace.text, admin_list.text):
        assert "[cancellato]" in page
        assert "[erased]" not in page


def test_admin_lists_name_account_managers_by_full_name(client, coordinator, milan):
    manager = UserFactory(username="gverdi", first_name="Giulia", last_name="Verdi")
    StakeholderFactory(city=milan, account_manager=manager)
    client.force_login(coordinator)

    page = client.get("/admin/partnerships/stakeholder/").text

    assert "Giulia Verdi" in page
    assert ">gverdi<" not in page
