"""Contract of the IAP endpoints: fields, publication through the plan, filters, validation."""

import pytest
from rest_framework.test import APIClient

from portal.demo.factories import (
    ActionFactory,
    IndicatorFactory,
    MeasurementFactory,
    ToolboxResourceFactory,
)
from tests.api_support import iap_of, one_of_each

FIELDS = {
    "/api/v1/iaps/": {
        "id", "city", "title", "strategic_objective", "policy_theme", "summary", "resources",
        "monitoring", "status", "adoption_date", "document", "publication_status", "actions",
        "sources", "url",
    },
    "/api/v1/iap-actions/": {
        "id", "plan", "city", "code", "title", "description", "responsible", "start_date",
        "end_date", "resources", "budget_eur", "funding_source", "status", "related_ssas",
        "partners", "partnerships",
    },
    "/api/v1/indicators/": {
        "id", "plan", "city", "action", "name", "unit", "baseline", "target", "target_date",
        "measurements",
    },
    "/api/v1/measurements/": {"id", "indicator", "date", "value", "note"},
    "/api/v1/toolbox-resources/": {
        "id", "slug", "city", "title", "kind", "description", "file", "link", "language",
        "publication_status", "url", "updated_at",
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


def test_plan_shows_its_actions_and_indicator_its_measurements(api, milan):
    plan = iap_of(milan)
    action = ActionFactory(plan=plan, code="A1")
    measurement = MeasurementFactory(indicator__plan=plan, value=40)

    plan_data = api.get(f"/api/v1/iaps/{plan.pk}/").json()
    indicator_data = api.get(f"/api/v1/indicators/{measurement.indicator.pk}/").json()

    assert [row["code"] for row in plan_data["actions"]] == [action.code]
    assert indicator_data["measurements"] == [{"date": "2023-06-30", "value": "40.00", "note": ""}]


def test_parts_of_a_draft_plan_are_not_public(api, milan):
    plan = iap_of(milan, "draft")
    ActionFactory(plan=plan)
    MeasurementFactory(indicator__plan=plan)

    for path in ("iaps", "iap-actions", "indicators", "measurements"):
        assert api.get(f"/api/v1/{path}/").json()["count"] == 0, path


def test_actions_filter_by_city_status_and_year(api, milan, sofia):
    running = ActionFactory(plan=iap_of(milan), status="in_progress")
    ActionFactory(plan=iap_of(sofia), status="done")

    def found(query):
        return [row["id"] for row in api.get("/api/v1/iap-actions/", query).json()["results"]]

    assert found({"city": "milano"}) == [running.pk]
    assert found({"status": "in_progress", "year": 2023}) == [running.pk]
    assert found({"year": 2030}) == []


def test_indicator_cannot_belong_to_an_action_of_another_plan(coordinator, milan, sofia):
    foreign_action = ActionFactory(plan=iap_of(sofia))
    client = APIClient()
    client.force_authenticate(coordinator)

    response = client.post(
        "/api/v1/indicators/",
        {"plan": iap_of(milan).pk, "action": foreign_action.pk, "name": "Scuole"},
        format="json",
    )

    assert response.status_code == 400
    assert "action" in response.json()["errors"]


def test_negative_budget_is_a_400(coordinator, milan):
    client = APIClient()
    client.force_authenticate(coordinator)

    response = client.post(
        "/api/v1/iap-actions/",
        {"plan": iap_of(milan).pk, "code": "A9", "title": "Azione", "budget_eur": "-5"},
        format="json",
    )

    assert response.status_code == 400


def test_toolbox_filters_by_kind_and_language(api, milan):
    template = ToolboxResourceFactory(city=milan, kind="contract_template", language="en")
    ToolboxResourceFactory(city=milan, kind="method")

    rows = api.get("/api/v1/toolbox-resources/", {"kind": "contract_template", "language": "en"})

    assert [row["slug"] for row in rows.json()["results"]] == [template.slug]


def test_indicator_ids_that_do_not_exist_match_nothing(api, milan):
    IndicatorFactory(plan=iap_of(milan))

    assert api.get("/api/v1/indicators/", {"plan": 999999}).json()["count"] == 0


def test_an_id_beyond_64_bits_is_a_400_not_a_server_error(api):
    response = api.get("/api/v1/measurements/?indicator=3635319419897025925218304")

    assert response.status_code == 400
    assert "indicator" in response.json()["errors"]
