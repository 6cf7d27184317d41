"""The OpenAPI document, its documentation pages, and the API against its own schema."""

import pytest
import schemathesis
from django.contrib.staticfiles import finders
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from cities4csr.wsgi import application
from portal.demo.factories import ParticipationFactory, SSAPartnerFactory
from tests.api_support import ENDPOINTS, one_of_each


def test_schema_documents_every_endpoint_with_filters(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = response.json()
    for endpoint in ENDPOINTS:
        assert endpoint.path in schema["paths"]
        assert (
            f"{endpoint.path}{{{endpoint.lookup if endpoint.lookup == 'slug' else 'id'}}}/"
            in (schema["paths"])
        )
    listing = schema["paths"]["/api/v1/partnerships/"]["get"]
    parameters = {parameter["name"] for parameter in listing["parameters"]}
    assert {"city", "theme", "status", "year", "kind", "search", "ordering", "page"} <= parameters
    assert {"page_size", "lang"} <= parameters
    assert "examples" in listing["responses"]["200"]["content"]["application/json"]


def test_documentation_page_is_served_without_a_cdn(client, db):
    url = "/api/docs/"
    response = client.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in page
    assert "cdn.jsdelivr.net" not in page
    # Swagger UI's start-up script is a separate file (no inline script under the CSP).
    assert '<script src="/api/docs/?script="></script>' in page
    page = client.get(f"{url}?script=").content.decode()
    assert "/api/schema/" in page


def test_there_is_no_redoc_page_which_would_load_from_a_cdn(client, db):
    assert client.get("/api/redoc/").status_code == 404


def test_documentation_assets_ship_with_the_app():
    for asset in ("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",):
        assert finders.find(asset), asset


@pytest.fixture
def api_world(db, settings, milan):
    settings.API_ANONYMOUS_THROTTLE_RATE = None
    one_of_each(milan)
    # schemathesis calls the bare WSGI app, whose request signals would close the
    # connection that holds the test transaction (fatal on PostgreSQL); Django's own
    # test client disconnects them the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Read through the WSGI app at collection; the schema view touches no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
# A NUL character in a query is refused with a 400 on purpose (PostgreSQL cannot store it).
schema.config.generation.update(allow_x00=False)
# django-filter ignores an empty or unreadable filter value, as the public site does,
# instead of refusing the request; every other check stays on.
LENIENT_FILTERS = [negative_data_rejection]
# The world fixture is made once per operation and shared by its examples; no example
# database, so a run leaves no files behind.
BOUNDED = {"deadline": None, "database": None, "suppress_health_check": list(HealthCheck)}


@pytest.mark.usefixtures("api_world")
@schema.include(method="GET").parametrize()
@hypothesis_settings(
    max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)
def test_api_answers_every_read_as_its_schema_says(case):
    """Anonymous reads: no 5xx, every response (data or error) matches the schema."""
    case.call_and_validate(excluded_checks=LENIENT_FILTERS)


@pytest.fixture
def network_admin_token(api_world, network_admin):
    return Token.objects.create(user=network_admin).key


# PUT and DELETE take the paths POST and PATCH take; the permission probe covers them.
@schema.include(method=["POST", "PATCH"]).parametrize()
@hypothesis_settings(max_examples=5, **BOUNDED)
def test_api_answers_network_admin_writes_as_its_schema_says(case, network_admin_token):
    """Signed-in writes: no 5xx, responses match the schema (and 401 without the token).

    Random ids and slugs point to records that do not exist, so a schema-valid
    write is often refused with a 400 naming the field; that is not a failure.
    """
    case.call_and_validate(
        headers={"Authorization": f"Token {network_admin_token}"},
        excluded_checks=[*LENIENT_FILTERS, positive_data_acceptance],
    )


@pytest.fixture
def partners_without_role(api_world, milan):
    """As every shipped partnership: the source names the partners, not their roles."""
    participation = ParticipationFactory(partnership__city=milan, role="")
    pilot_partner = SSAPartnerFactory(small_scale_action__ulg=milan.ulg, role="")
    return participation, pilot_partner


def test_records_whose_partners_have_no_role_match_the_schema(partners_without_role):
    participation, pilot_partner = partners_without_role
    reads = [
        ("/api/v1/partnerships/", {}),
        ("/api/v1/partnerships/{slug}/", {"slug": participation.partnership.slug}),
        ("/api/v1/participations/{id}/", {"id": participation.pk}),
        ("/api/v1/small-scale-actions/{slug}/", {"slug": pilot_partner.small_scale_action.slug}),
    ]
    for path, parameters in reads:
        operation = schema[path]["GET"]
        response = operation.Case(path_parameters=parameters).call()
        assert response.status_code == 200, path
        operation.validate_response(response)  # raises, naming the field, if it does not
