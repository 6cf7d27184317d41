"""The public IAP page and the toolbox."""

import datetime as dt

import pytest

from iap.models import IntegratedActionPlan
from iap.plan_page import build_timeline
from partnerships.models import PublicationStatus
from portal.demo import factories
from tests.public_data import populate


@pytest.fixture
def site(milan, sofia):
    return populate(milan, sofia, scale=3)


def test_iap_page_draws_the_actions_on_an_svg_timeline_with_a_table(client, site):
    page = client.get("/en/cities/milano/iap/").content.decode()
    assert '<svg class="timeline"' in page
    assert 'role="img"' in page
    assert page.count("<rect ") == 3
    assert 'id="action-A1"' in page


def test_iap_page_shows_indicators_against_baseline_and_target(client, site):
    page = client.get("/en/cities/milano/iap/").content.decode()
    assert "Indicators against baseline and target" in page
    assert "40% of the way" in page


def test_iap_page_places_risks_in_the_matrix(client, site):
    response = client.get("/en/cities/milano/iap/")
    matrix = response.context["risk_matrix"]
    # Row 0 is impact 3 (high), column 0 likelihood 1 (low).
    cell = matrix[0][0]
    assert [(risk.likelihood, risk.impact) for _number, risk in cell.risks] == [(1, 3)]
    number = cell.risks[0][0]
    assert f'href="#risk-{number}"' in response.content.decode()


def test_plan_without_actions_indicators_or_risks_leaves_those_sections_out(client, sofia):
    factories.IntegratedActionPlanFactory(city=sofia)
    page = client.get("/en/cities/sofia/iap/").content.decode()
    # The project has ended: nothing is "not published yet", it is simply not known.
    for heading in ("Actions", "Indicators", "Risks", "Resources", "Monitoring"):
        assert f">{heading}</h2>" not in page
    assert "not been published yet" not in page
    assert "The plan document is not available on this site." in page


def test_draft_plan_is_not_found(client, site):
    IntegratedActionPlan.objects.filter(pk=site["plan"].pk).update(
        publication_status=PublicationStatus.DRAFT
    )
    assert client.get("/it/cities/milano/iap/").status_code == 404


def test_plan_of_another_city_is_not_shown_on_this_city_page(client, site, sofia):
    factories.IntegratedActionPlanFactory(city=sofia, title="Piano di Sofia")
    page = client.get("/it/cities/milano/iap/").content.decode()
    assert "Piano di Sofia" not in page


def test_toolbox_lists_published_resources_and_filters_by_type_and_language(client, site):
    response = client.get("/it/toolbox/")
    titles = {resource.title for resource in response.context["object_list"]}
    assert len(titles) == 3
    assert "Strumento in bozza" not in titles
    english = client.get("/it/toolbox/?language=en").context["object_list"]
    assert {resource.language for resource in english} == {"en"}
    assert not client.get("/it/toolbox/?kind=contract_template").context["object_list"]


def test_toolbox_with_unknown_filter_values_is_a_normal_page(client, site):
    assert client.get("/it/toolbox/?kind=spell&language=xx").status_code == 200


def test_timeline_is_none_without_dated_actions(site):
    action = factories.ActionFactory(plan=site["plan"], start_date=None, end_date=None)
    assert build_timeline([action]) is None


def test_timeline_spans_whole_years_of_the_actions(site):
    actions = list(site["plan"].actions.all())
    actions[0].end_date = dt.date(2026, 3, 1)
    timeline = build_timeline(actions)
    assert [tick.label for tick in timeline.ticks] == ["2022", "2023", "2024", "2025", "2026"]
    assert all(bar.x + bar.width <= timeline.end_x for bar in timeline.bars)
