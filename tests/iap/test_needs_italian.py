"""The needs board speaks Italian at its Italian address."""

import pytest

from portal.demo.factories import NeedFactory, PledgeFactory

pytestmark = pytest.mark.django_db


def test_the_italian_board_reads_in_italian(client, milan):
    need = NeedFactory(priority__city=milan, quantity=20, unit="volontari")
    PledgeFactory(need=need, quantity_pledged=12, quantity_delivered=5)

    page = client.get("/it/needs/").content.decode()

    assert "Bisogni CSR" in page
    assert "Promessi 12 e consegnati 5 su 20 volontari richiesti" in page
    assert "Filtra i bisogni" in page


def test_the_italian_need_page_offers_help_in_italian(client, milan):
    need = NeedFactory(priority__city=milan)

    page = client.get(f"/it/needs/{need.slug}/").content.decode()

    assert "Offri aiuto" in page
    assert "Che cosa serve" in page
