"""`make run` shows something real: the home page lists the cities and partnerships."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.iap.test_load_cities4csr import MILAN_PARTNERSHIPS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["it", "en"])
def test_home_lists_milan_and_the_seven_partnerships(client, language):
    call_command("load_cities4csr", stdout=StringIO())

    response = client.get(f"/{language}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Milano" in page
    for title in MILAN_PARTNERSHIPS:
        assert title.replace("'", "&#x27;") in page


def test_admin_login_page_answers(client):
    assert client.get("/admin/login/").status_code == 200
