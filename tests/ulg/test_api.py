"""Contract of the ULG endpoints: fields, publication, filters."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from portal.demo.factories import (
    MembershipFactory,
    SmallScaleActionFactory,
    SSAPartnerFactory,
    ThemeFactory,
    UrbactLocalGroupFactory,
)
from tests.api_support import one_of_each

FIELDS = {
    "/api/v1/ulgs/": {
        "id", "city", "name", "focus", "description", "established", "publication_status",
        "memberships", "sources", "url",
    },
    "/api/v1/ulg-memberships/": {
        "id", "ulg", "stakeholder", "stakeholder_name", "sector", "role", "joined", "left",
    },
    "/api/v1/small-scale-actions/": {
        "id", "slug", "ulg", "city", "title", "themes", "summary", "description", "start_date",
        "end_date", "status", "resources", "results", "lessons_learned", "partners",
        "partnerships", "publication_status", "sources", "url", "updated_at",
    },
}  # fmt: skip


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.parametrize("path", FIELDS)
def test_endpoint_lists_exactly_its_documented_fields(api, milan, path):
    one_of_each(milan)

    rows = api.get(path).json()["results"]

    assert rows
    assert set(rows[0]) == FIELDS[path]


def test_ulg_shows_its_members_with_sector_and_role(api, milan):
    membership = MembershipFactory(
        ulg__city=milan, stakeholder__kind="university", role="core", left=dt.date(2021, 5, 1)
    )

    data = api.get(f"/api/v1/ulgs/{membership.ulg.pk}/?lang=en").json()

    assert data["memberships"] == [
        {
            "id": membership.pk,
            "ulg": membership.ulg.pk,
            "stakeholder": membership.stakeholder.slug,
            "stakeholder_name": membership.stakeholder.name,
            "sector": "University / research",
            "role": "core",
            "joined": "2020-01-10",
            "left": "2021-05-01",
        }
    ]


def test_members_of_a_draft_ulg_are_not_public(api, milan):
    MembershipFactory(ulg=UrbactLocalGroupFactory(city=milan, publication_status="draft"))

    assert api.get("/api/v1/ulgs/").json()["count"] == 0
    assert api.get("/api/v1/ulg-memberships/").json()["count"] == 0


def test_small_scale_action_shows_partners_and_filters(api, milan, sofia):
    theme = ThemeFactory(slug="school-poverty")
    pilot = SmallScaleActionFactory(
        ulg__city=milan, status="completed", start_date=dt.date(2021, 1, 1)
    )
    pilot.themes.set([theme])
    SSAPartnerFactory(small_scale_action=pilot, role="scuola capofila")
    SmallScaleActionFactory(
        ulg__city=sofia, status="active", start_date=dt.date(2023, 1, 1), end_date=None
    )

    def found(query):
        return [
            row["slug"] for row in api.get("/api/v1/small-scale-actions/", query).json()["results"]
        ]

    assert found({"city": "milano"}) == [pilot.slug]
    assert found({"theme": "school-poverty"}) == [pilot.slug]
    assert found({"status": "completed", "year": 2021}) == [pilot.slug]
    assert found({"city": "milano", "status": "active"}) == []
    detail = api.get(f"/api/v1/small-scale-actions/{pilot.slug}/").json()
    assert detail["partners"][0]["role"] == "scuola capofila"
    assert detail["city"] == "milano"
