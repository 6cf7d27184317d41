"""Bulk actions: assign an account manager to many stakeholders, mark many follow-ups
done, publish or unpublish many records — in the admin and the workspace, through
the services: history and audit recorded, and another city's record never touched."""

import datetime as dt
import logging

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from partnerships import services
from partnerships.models import CityRole, Interaction, Partnership, Stakeholder
from portal.demo.factories import (
    CityRoleFactory,
    InteractionFactory,
    PartnershipFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db
DRAFT, PUBLISHED = "draft", "published"


@pytest.fixture
def giulia(milan):
    return CityRoleFactory(
        city=milan,
        role=CityRole.Role.ACCOUNT_MANAGER,
        user__username="giulia",
        user__first_name="Giulia",
        user__last_name="Verdi",
    ).user


def audited(caplog, event):
    return [record.audit for record in caplog.records if record.getMessage() == event]


# --- publish / unpublish -----------------------------------------------------------


def test_admin_publishes_many_but_never_another_citys_record(
    client, coordinator, milan, sofia, caplog
):
    mine = [PartnershipFactory(city=milan, publication_status=DRAFT) for _ in range(2)]
    theirs = PartnershipFactory(city=sofia, publication_status=DRAFT)
    client.force_login(coordinator)

    with caplog.at_level(logging.INFO, logger="core.audit"):
        client.post(
            "/admin/partnerships/partnership/",
            {"action": "publish", ACTION_CHECKBOX_NAME: [p.pk for p in [*mine, theirs]]},
        )

    assert set(
        Partnership.objects.filter(publication_status=PUBLISHED).values_list("pk", flat=True)
    ) == {p.pk for p in mine}
    assert mine[0].history.first().history_user == coordinator
    [line] = audited(caplog, "publication changed")
    assert sorted(line["details"]["ids"]) == sorted(p.pk for p in mine)


def test_the_publication_service_skips_other_cities_whatever_it_is_given(coordinator, milan, sofia):
    PartnershipFactory(city=milan, publication_status=PUBLISHED)
    theirs = PartnershipFactory(city=sofia, publication_status=PUBLISHED)

    changed = services.records_set_publication(
        records=Partnership.objects.all(), status=DRAFT, actor=coordinator
    )

    assert changed == 1
    theirs.refresh_from_db()
    assert theirs.publication_status == PUBLISHED


# --- account manager ------------------------------------------------------------------


def test_admin_assigns_an_account_manager_to_many_stakeholders(
    client, coordinator, giulia, milan, sofia, caplog
):
    mine = [StakeholderFactory(city=milan) for _ in range(3)]
    theirs = StakeholderFactory(city=sofia)
    selected = [s.pk for s in [*mine, theirs]]
    client.force_login(coordinator)

    ask = client.post(
        "/admin/partnerships/stakeholder/",
        {"action": "assign_account_manager", ACTION_CHECKBOX_NAME: selected},
    )
    assert "Giulia Verdi" in ask.text  # people by name
    assert theirs.name not in ask.text
    with caplog.at_level(logging.INFO, logger="core.audit"):
        client.post(
            "/admin/partnerships/stakeholder/",
            {
                "action": "assign_account_manager",
                ACTION_CHECKBOX_NAME: selected,
                "manager": giulia.pk,
                "apply": "1",
            },
        )

    assert set(Stakeholder.objects.filter(account_manager=giulia)) == set(mine)
    theirs.refresh_from_db()
    assert theirs.account_manager is None
    assert mine[0].history.first().history_change_reason == "Account manager: — → Giulia Verdi"
    assert mine[0].history.first().history_user == coordinator
    assert audited(caplog, "account manager assigned")[0]["details"]["manager"] == giulia.pk


def test_a_manager_who_does_not_work_on_the_city_is_refused(network_admin, giulia, sofia):
    stakeholder = StakeholderFactory(city=sofia)

    with pytest.raises(services.ValidationError, match="non lavora per Sofia"):
        services.stakeholders_assign_manager(
            stakeholders=Stakeholder.objects.filter(pk=stakeholder.pk),
            manager=giulia,
            actor=network_admin,
        )

    stakeholder.refresh_from_db()
    assert stakeholder.account_manager is None


# --- follow-ups -------------------------------------------------------------------------


@pytest.fixture
def open_follow_ups(account_manager, milan, sofia):
    def follow_up(city):
        return InteractionFactory(
            stakeholder=StakeholderFactory(city=city, account_manager=account_manager),
            owner=account_manager,
            follow_up_date=dt.date(2026, 12, 1),
            follow_up_action="Richiamare",
        )

    return [follow_up(milan), follow_up(milan)], follow_up(sofia)


def test_admin_marks_many_follow_ups_done(client, coordinator, open_follow_ups):
    mine, theirs = open_follow_ups
    client.force_login(coordinator)

    client.post(
        "/admin/partnerships/interaction/",
        {"action": "mark_follow_ups_done", ACTION_CHECKBOX_NAME: [i.pk for i in [*mine, theirs]]},
    )

    assert set(Interaction.objects.filter(follow_up_done=True)) == set(mine)


def test_workspace_marks_the_ticked_follow_ups_done(
    client, account_manager, open_follow_ups, caplog
):
    mine, theirs = open_follow_ups
    client.force_login(account_manager)
    page = client.get("/workspace/follow-ups/")
    assert f'form="bulk-done" name="follow_ups" value="{mine[0].pk}"' in page.text

    with caplog.at_level(logging.INFO, logger="core.audit"):
        response = client.post(
            "/workspace/follow-ups/done/",
            {"follow_ups": [mine[0].pk, mine[1].pk, theirs.pk]},
            follow=True,
        )

    assert set(Interaction.objects.filter(follow_up_done=True)) == set(mine)
    assert "2 follow-up fatti." in response.text
    assert sorted(audited(caplog, "follow-ups done")[0]["details"]["ids"]) == sorted(
        i.pk for i in mine
    )


def test_workspace_assigns_the_ticked_stakeholders_to_a_manager(
    client, coordinator, giulia, milan, sofia
):
    mine = [StakeholderFactory(city=milan) for _ in range(2)]
    theirs = StakeholderFactory(city=sofia)
    client.force_login(coordinator)
    page = client.get("/workspace/?mine=")
    assert f'form="bulk-assign" name="stakeholders" value="{mine[0].pk}"' in page.text
    assert "Giulia Verdi" in page.text

    response = client.post(
        "/workspace/stakeholders/assign/",
        {
            "stakeholders": [s.pk for s in [*mine, theirs]],
            "manager": giulia.pk,
            "back": "/workspace/?mine=",
        },
    )

    assert response["Location"] == "/workspace/?mine="
    assert set(Stakeholder.objects.filter(account_manager=giulia)) == set(mine)


def test_workspace_assign_goes_back_to_no_other_site(client, coordinator, giulia, milan):
    stakeholder = StakeholderFactory(city=milan)
    client.force_login(coordinator)

    response = client.post(
        "/workspace/stakeholders/assign/",
        {"stakeholders": [stakeholder.pk], "manager": giulia.pk, "back": "https://evil.example/"},
    )

    assert response["Location"] == "/workspace/"
