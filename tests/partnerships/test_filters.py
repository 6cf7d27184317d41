"""The public list and the API filter partnerships by the same rules."""

import datetime as dt

import pytest

from portal.demo.factories import ParticipationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnerships(milan):
    """With and without an end date, over several years, with partners of several kinds."""
    spans = {
        "closed-2020": (dt.date(2019, 5, 1), dt.date(2020, 6, 30), "company"),
        "closed-2022": (dt.date(2021, 3, 1), dt.date(2022, 2, 28), "foundation"),
        "open-since-2021": (dt.date(2021, 9, 1), None, "association"),
        "open-since-2023": (dt.date(2023, 1, 1), None, "company"),
        "no-dates": (None, None, "school"),
    }
    made = {}
    for slug, (start, end, kind) in spans.items():
        partnership = PartnershipFactory(
            city=milan, slug=slug, title_it=f"Progetto {slug}", start_date=start, end_date=end
        )
        ParticipationFactory(
            partnership=partnership, stakeholder__kind=kind, stakeholder__name=f"Ente {kind}"
        )
        made[slug] = partnership
    # A second partner of the same kind must not list the partnership twice.
    ParticipationFactory(partnership=made["closed-2020"], stakeholder__kind="company")
    return made


def public_list(client, query: dict) -> list[str]:
    response = client.get("/it/partnerships/", query)
    assert response.status_code == 200
    return sorted(partnership.slug for partnership in response.context["object_list"])


def api_list(client, query: dict) -> list[str]:
    response = client.get("/api/v1/partnerships/", query)
    assert response.status_code == 200
    return sorted(row["slug"] for row in response.json()["results"])


@pytest.mark.parametrize(
    "query",
    [
        *({"year": year} for year in range(2019, 2026)),
        *({"kind": kind} for kind in ("company", "foundation", "association", "school", "other")),
        {"year": 2021, "kind": "association"},
    ],
    ids=str,
)
def test_the_public_list_and_the_api_filter_alike(client, partnerships, query):
    assert public_list(client, query) == api_list(client, query)


def test_a_partnership_without_an_end_date_is_running_after_its_start_year(client, partnerships):
    expected = ["open-since-2021", "open-since-2023"]

    assert public_list(client, {"year": 2024}) == expected
    assert api_list(client, {"year": 2024}) == expected


@pytest.mark.parametrize("term", ["Progetto", "open-since", "Ente company", "foundation", "nulla"])
def test_the_public_search_and_the_api_search_find_the_same(client, partnerships, term):
    assert public_list(client, {"q": term}) == api_list(client, {"search": term})


@pytest.mark.parametrize("name", ["year", "kind"])
def test_each_offered_year_and_kind_counts_the_partnerships_it_shows(client, partnerships, name):
    # Counted by a grouped query of their own (count_year, count_kind), not by the
    # filter: the count beside each choice must still be what choosing it lists.
    response = client.get("/it/partnerships/")
    offered = [
        (value, label) for value, label in response.context["filter"].form[name].field.choices
    ]
    assert len(offered) > 2
    for value, label in offered[1:]:  # after "Any year" / "Any kind"
        assert not label.endswith("(0)")
        assert label.endswith(f"({len(public_list(client, {name: value}))})"), (value, label)
