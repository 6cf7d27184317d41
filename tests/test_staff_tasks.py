"""Tasks of the staff that must work: stakeholders without a stage, offers as checkboxes,
preselected city, people by full name, an indicator on an action added in the same save."""

import pytest

from partnerships.models import CityRole
from portal.demo.factories import CityRoleFactory, StakeholderFactory, UserFactory


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

    stage, label, total, cards = response.context["columns"][0]
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
