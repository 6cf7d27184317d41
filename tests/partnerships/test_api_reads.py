"""The partnership API reads its links from light prefetched lists
(`with_partner_summaries`): the same JSON as reading the relations, and a write
answers with what it saved."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from partnerships.api.serializers import PartnershipSerializer
from partnerships.models import Partnership, SustainableDevelopmentGoal
from portal.demo.factories import (
    ParticipationFactory,
    PartnershipFactory,
    StakeholderFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnerships(milan):
    themes = [ThemeFactory(name="Scuola"), ThemeFactory(name="Ambiente")]
    goals = SustainableDevelopmentGoal.objects.filter(number__in=[4, 11, 13])
    made = []
    for index in range(3):
        partnership = PartnershipFactory(city=milan, title=f"Partenariato {index}")
        partnership.themes.set(themes[: index + 1])
        partnership.sdgs.set(goals[:index])
        for name in ("Zeta srl", "Alfa spa")[: index + 1]:
            ParticipationFactory(
                partnership=partnership,
                stakeholder=StakeholderFactory(city=milan, name=f"{name} {index}"),
                amount_eur=1500 if index else None,
                contribution="Aule e docenti",
            )
        made.append(partnership)
    return made


def test_the_light_lists_give_the_same_json_as_the_relations(partnerships):
    request = Request(APIRequestFactory().get("/api/v1/partnerships/"))

    def serialized(queryset):
        rows = queryset.order_by("title")
        return PartnershipSerializer(rows, many=True, context={"request": request}).data

    light = serialized(Partnership.objects.with_partner_summaries())

    assert light == serialized(Partnership.objects.with_partners())
    assert [row["participations"][0]["stakeholder_name"] for row in light] == [
        "Zeta srl 0",
        "Alfa spa 1",
        "Alfa spa 2",
    ]
    assert [len(row["sdgs"]) for row in light] == [0, 1, 2]


def test_a_write_answers_with_the_themes_it_saved(partnerships, coordinator):
    partnership = partnerships[2]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=coordinator).key}")
    new_theme = ThemeFactory(name="Cultura")

    response = api.patch(
        f"/api/v1/partnerships/{partnership.slug}/", {"themes": [new_theme.slug]}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["themes"] == [new_theme.slug]
