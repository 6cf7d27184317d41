"""Security headers on every response: CSP, framing, referrer, opener, HSTS."""

import pytest
from django.test import Client


@pytest.fixture
def production_security(settings):
    """The HTTPS settings cities4csr/settings.py applies when DEBUG is off."""
    settings.DEBUG = False
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    return settings


def directives(policy: str) -> dict[str, str]:
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";"))


@pytest.mark.django_db
def test_a_public_page_sends_the_content_security_policy(client, milan):
    policy = client.get("/it/")["Content-Security-Policy"]

    directives_ = directives(policy)
    assert directives_["default-src"] == "'self'"
    assert directives_["object-src"] == "'none'"
    assert directives_["frame-ancestors"] == "'none'"
    assert directives_["base-uri"] == "'self'"
    assert directives_["form-action"] == "'self'"
    assert directives_["script-src"] == "'self'"
    assert directives_["style-src"] == "'self'"
    assert "'unsafe-eval'" not in policy


@pytest.mark.django_db
def test_every_response_forbids_framing_sniffing_and_leaking_the_referrer(client, milan):
    response = client.get("/it/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_production_sends_hsts_over_https_and_redirects_plain_http(production_security, milan):
    client = Client()

    https = client.get("/it/", headers={"X-Forwarded-Proto": "https"})
    plain = client.get("/it/")

    assert https.status_code == 200
    assert https["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert directives(https["Content-Security-Policy"])["default-src"] == "'self'"
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")


@pytest.mark.django_db
def test_production_answers_the_load_balancer_health_probe_over_plain_http(production_security):
    assert Client().get("/healthz").status_code == 200


@pytest.mark.django_db
def test_only_the_api_documentation_allows_inline_styles(client):
    site = directives(client.get("/it/")["Content-Security-Policy"])
    docs = directives(client.get("/api/docs/")["Content-Security-Policy"])

    assert site["style-src"] == "'self'"
    assert docs["style-src"] == "'self' 'unsafe-inline'"
    assert docs["script-src"] == "'self'"
