"""The lists a coordinator opens all day, at 100,000 interactions: what they show stays
the same while they read less (partnerships/models.py, partnerships/admin.py)."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnerships.models import Interaction, Stakeholder
from portal.demo.factories import InteractionFactory, StakeholderFactory
from tests.admin_support import admin_url

pytestmark = pytest.mark.django_db


def test_engagement_is_the_latest_interaction_and_the_earliest_open_follow_up(milan):
    busy = StakeholderFactory(city=milan, name="Busy Srl")
    StakeholderFactory(city=milan, name="Quiet Srl")
    InteractionFactory(stakeholder=busy, date=dt.date(2026, 3, 1))
    InteractionFactory(
        stakeholder=busy,
        date=dt.date(2026, 5, 2),
        follow_up_date=dt.date(2026, 6, 1),
        follow_up_done=True,
    )
    InteractionFactory(
        stakeholder=busy, date=dt.date(2026, 4, 1), follow_up_date=dt.date(2026, 9, 9)
    )
    InteractionFactory(
        stakeholder=busy, date=dt.date(2026, 4, 2), follow_up_date=dt.date(2026, 7, 7)
    )

    rows = {row.name: row for row in Stakeholder.objects.with_engagement()}

    assert rows["Busy Srl"].last_interaction == dt.date(2026, 5, 2)
    # The follow-up of 1 June is done: the next one is 7 July.
    assert rows["Busy Srl"].next_follow_up == dt.date(2026, 7, 7)
    assert rows["Quiet Srl"].last_interaction is None
    assert rows["Quiet Srl"].next_follow_up is None
    # One row per stakeholder, however many interactions: the paginator counts two.
    assert Stakeholder.objects.with_engagement().count() == 2


def test_interactions_are_filtered_by_period_without_reading_every_date(
    client, network_admin, milan
):
    stakeholder = StakeholderFactory(city=milan)
    today = timezone.localdate()
    InteractionFactory(stakeholder=stakeholder, date=today, summary="Telefonata di oggi")
    InteractionFactory(stakeholder=stakeholder, date=dt.date(2019, 5, 1), summary="Vecchia")
    client.force_login(network_admin)

    with CaptureQueriesContext(connection) as queries:
        everything = client.get(admin_url(Interaction, "changelist"))
    this_month = client.get(
        admin_url(Interaction, "changelist"),
        {
            "date__gte": today.replace(day=1).isoformat(),
            "date__lt": (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1).isoformat(),
        },
    )

    assert everything.context["cl"].result_count == 2
    assert [row.summary for row in this_month.context["cl"].result_list] == ["Telefonata di oggi"]
    assert "Past 7 days" in everything.text or "Ultimi 7 giorni" in everything.text
    # No DISTINCT over every interaction's year (the old date hierarchy).
    assert not any("DATE_TRUNC" in query["sql"].upper() for query in queries)


def test_each_pipeline_card_offers_every_stage_with_its_own_selected(
    client, account_manager, milan
):
    StakeholderFactory(city=milan, name="Nuova Srl", account_manager=account_manager)
    StakeholderFactory(
        city=milan,
        name="Impegnata Srl",
        account_manager=account_manager,
        engagement_stage=Stakeholder.EngagementStage.COMMITTED,
    )
    client.force_login(account_manager)

    html = client.get("/workspace/pipeline/").text

    menus = re.findall(r'<select class="form-select form-select-sm".*?</select>', html, re.S)
    selected = [re.findall(r'<option value="(\w+)" selected>', menu) for menu in menus]
    assert sorted(selected) == [["committed"], [Stakeholder.EngagementStage.values[0]]]
    assert all(menu.count("<option") == len(Stakeholder.EngagementStage.values) for menu in menus)


def test_follow_ups_show_the_first_fifty_of_a_section_and_say_so(client, account_manager, milan):
    stakeholder = StakeholderFactory(city=milan, account_manager=account_manager)
    for day in range(60):
        InteractionFactory(
            stakeholder=stakeholder, follow_up_date=dt.date(2020, 1, 1) + dt.timedelta(days=day)
        )
    client.force_login(account_manager)

    html = client.get("/workspace/follow-ups/").text

    assert len(re.findall(r"/follow-ups/\d+/done/", html)) == 50
    assert "I primi 50 di 60." in html or "The first 50 of 60." in html
