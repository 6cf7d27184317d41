import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from partnerships.models import Stakeholder
from portal.demo.factories import (
    MembershipFactory,
    SmallScaleActionFactory,
    UrbactLocalGroupFactory,
)

pytestmark = pytest.mark.django_db


def test_membership_cannot_end_before_it_began():
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(joined=dt.date(2021, 1, 1), left=dt.date(2020, 1, 1))


def test_member_sector_follows_the_kind_of_organisation():
    membership = MembershipFactory(stakeholder__kind="university")

    with translation.override("en"):
        assert membership.sector == "University / research"
    with translation.override("it"):
        assert membership.sector == str(Stakeholder.Kind.UNIVERSITY.label)


def test_a_city_has_one_ulg():
    group = UrbactLocalGroupFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        UrbactLocalGroupFactory(city=group.city)


def test_small_scale_action_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        SmallScaleActionFactory(start_date=dt.date(2021, 5, 1), end_date=dt.date(2021, 4, 1))


def test_small_scale_action_page_address():
    ssa = SmallScaleActionFactory(slug="alberi")

    assert ssa.get_absolute_url() == "/it/small-scale-actions/alberi/"
