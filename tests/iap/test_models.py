import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from iap.models import IntegratedActionPlan, Need
from partnerships.models import PublicationStatus, SustainableDevelopmentGoal
from portal.demo.factories import (
    ActionFactory,
    IntegratedActionPlanFactory,
    NeedFactory,
    PledgeFactory,
    RiskFactory,
)

pytestmark = pytest.mark.django_db


def assert_refused_by_database(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.mark.parametrize("field", ["likelihood", "impact"])
@pytest.mark.parametrize("value", [0, 4])
def test_risk_levels_go_from_1_to_3(field, value):
    assert_refused_by_database(lambda: RiskFactory(**{field: value}))


def test_risk_at_the_top_of_the_scale_is_accepted():
    assert RiskFactory(likelihood=3, impact=3).pk


def test_action_budget_cannot_be_negative():
    assert_refused_by_database(lambda: ActionFactory(budget_eur=-100))


def test_action_cannot_end_before_it_starts():
    assert_refused_by_database(
        lambda: ActionFactory(start_date=dt.date(2024, 1, 1), end_date=dt.date(2023, 1, 1))
    )


def test_action_codes_are_unique_within_a_plan():
    action = ActionFactory(code="1")
    assert_refused_by_database(lambda: ActionFactory(plan=action.plan, code="1"))
    assert ActionFactory(code="1").pk  # another plan may reuse it


def test_need_quantity_cannot_be_negative():
    assert_refused_by_database(lambda: NeedFactory(quantity=-5))


def test_pledge_needs_a_proposal_or_a_stakeholder():
    assert_refused_by_database(lambda: PledgeFactory(stakeholder=None, proposal=None))


def test_published_plans_and_needs_exclude_drafts():
    plan = IntegratedActionPlanFactory()
    IntegratedActionPlanFactory(publication_status=PublicationStatus.DRAFT)
    need = NeedFactory()
    NeedFactory(publication_status=PublicationStatus.DRAFT)

    assert list(IntegratedActionPlan.objects.public()) == [plan]
    assert list(Need.objects.public()) == [need]


def test_plan_page_is_under_its_city():
    plan = IntegratedActionPlanFactory(city__slug="sofia")

    assert plan.get_absolute_url() == "/it/cities/sofia/iap/"


def test_every_database_has_the_17_sustainable_development_goals():
    assert SustainableDevelopmentGoal.objects.count() == 17
    assert SustainableDevelopmentGoal.objects.get(number=4).name_en == "Quality education"
