"""The single contact point: the public proposal form and the privacy notice."""

import pytest
from django.core import mail
from django.core.cache import cache

from partnerships.models import CityRole, Proposal
from portal.demo.factories import CityFactory, CityRoleFactory, ThemeFactory, UserFactory

URL = "/it/propose/"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # The rate limit counts in the cache; each test starts with none used.
    cache.clear()


@pytest.fixture
def form_data(milan):
    return {
        "organisation_name": "Acme Italia S.p.A.",
        "organisation_kind": "company",
        "website": "https://www.acme.example.org",
        "contact_name": "Giulia Rossi",
        "email": "giulia.rossi@acme.example.org",
        "phone": "+39 02 1234567",
        "city": milan.pk,
        "resource_kinds": ["volunteers", "skills"],
        "offer": "Venti volontari per il doposcuola nel quartiere Corvetto.",
        "privacy_consent": "on",
    }


def test_form_is_served_in_both_languages_and_links_to_the_privacy_notice(client, milan):
    for url, privacy in [("/it/propose/", "/it/privacy/"), ("/en/propose/", "/en/privacy/")]:
        response = client.get(url)

        assert response.status_code == 200
        assert f'href="{privacy}"' in response.text
        assert "csrfmiddlewaretoken" in response.text


def test_form_speaks_italian_on_the_italian_site(client, form_data):
    del form_data["privacy_consent"]

    assert "<h1>Proponi un'azione di CSR</h1>" in client.get(URL).text
    response = client.post(URL, form_data)
    assert "Per inviare la proposta, accetta l&#x27;informativa sulla privacy." in response.text


def test_privacy_notice_is_written_in_italian_and_english(client):
    assert "Informativa sulla privacy" in client.get("/it/privacy/").text
    assert "Privacy notice" in client.get("/en/privacy/").text


def test_valid_proposal_is_stored_as_new_and_confirmed(client, milan, form_data):
    theme = ThemeFactory()
    response = client.post(URL, {**form_data, "themes": [theme.pk]}, follow=True)

    assert response.redirect_chain[-1][0] == "/it/propose/thanks/"
    proposal = Proposal.objects.get()
    assert proposal.status == Proposal.Status.NEW
    assert proposal.city == milan
    assert proposal.privacy_consent is True
    assert proposal.resource_kinds == ["volunteers", "skills"]
    assert list(proposal.themes.all()) == [theme]


def test_proposer_and_the_city_coordinators_are_emailed(client, milan, sofia, form_data):
    CityRoleFactory(city=milan, role=CityRole.Role.COORDINATOR, user__email="coord@milano.test")
    CityRoleFactory(city=sofia, role=CityRole.Role.COORDINATOR, user__email="coord@sofia.test")
    CityRoleFactory(
        city=milan, role=CityRole.Role.ACCOUNT_MANAGER, user__email="manager@milano.test"
    )

    client.post(URL, form_data)

    recipients = [message.to for message in mail.outbox]
    assert recipients == [["giulia.rossi@acme.example.org"], ["coord@milano.test"]]
    proposal = Proposal.objects.get()
    assert f"riferimento n. {proposal.pk}" in mail.outbox[0].body
    assert "Acme Italia S.p.A." in mail.outbox[1].subject
    assert f"http://testserver/workspace/proposals/{proposal.pk}/" in mail.outbox[1].body


def test_acknowledgement_repeats_nothing_the_visitor_typed(client, form_data):
    # The address is not verified: echoing the text would relay it to anyone.
    typed = {
        "organisation_name": "Buy cheap pills at spam.example",
        "contact_name": "Visit spam.example now",
        "offer": "Click http://phishing.example/login " * 100,
    }

    client.post("/en/propose/", {**form_data, **typed})

    acknowledgement = mail.outbox[0]
    assert acknowledgement.to == ["giulia.rossi@acme.example.org"]
    for text in ("spam.example", "phishing.example"):
        assert text not in acknowledgement.subject + acknowledgement.body
    assert f"reference no. {Proposal.objects.get().pk}" in acknowledgement.body


def test_form_refuses_a_proposal_without_consent(client, form_data):
    del form_data["privacy_consent"]

    response = client.post("/en/propose/", form_data)

    assert response.status_code == 400
    assert response.context["form"].errors["privacy_consent"] == [
        "To send the proposal, agree to the privacy notice."
    ]
    assert "To send the proposal, agree to the privacy notice." in response.text
    assert not Proposal.objects.exists()


def test_form_refuses_a_bad_email_next_to_the_field(client, form_data):
    response = client.post("/en/propose/", {**form_data, "email": "not-an-address"})

    assert response.status_code == 400
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    assert "Enter a valid email address." in response.text
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    ("field", "limit"),
    [("organisation_name", 200), ("contact_name", 200), ("offer", 4000), ("phone", 40)],
)
def test_form_refuses_over_long_fields(client, form_data, field, limit):
    too_long = "1" * (limit + 1) if field == "phone" else "x" * (limit + 1)

    response = client.post("/en/propose/", {**form_data, field: too_long})

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert f"at most {limit} characters" in response.text
    assert not Proposal.objects.exists()


def test_form_refuses_missing_offer_and_resources(client, form_data):
    response = client.post("/en/propose/", {**form_data, "offer": "", "resource_kinds": []})

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"offer", "resource_kinds"}


def test_form_refuses_a_city_that_is_not_published(client, form_data):
    draft = CityFactory(publication_status="draft")

    response = client.post(URL, {**form_data, "city": draft.pk})

    assert response.status_code == 400
    assert "city" in response.context["form"].errors


def test_filled_honeypot_is_refused_and_nothing_is_stored(client, form_data):
    response = client.post(URL, {**form_data, "homepage": "http://spam.example"})

    assert response.status_code == 400
    assert not Proposal.objects.exists()
    assert not mail.outbox


def test_too_many_proposals_from_one_address_get_a_friendly_429(client, form_data, settings):
    settings.PROPOSAL_RATE_LIMIT = "2/h"
    client.post(URL, form_data)
    client.post(URL, form_data)

    response = client.post("/en/propose/", form_data)

    assert response.status_code == 429
    assert "Please try again later" in response.text
    assert Proposal.objects.count() == 2
    # Reading the form stays possible: only sending is limited.
    assert client.get(URL).status_code == 200


def test_rate_limit_counts_per_address(client, form_data, settings):
    settings.PROPOSAL_RATE_LIMIT = "1/h"
    client.post(URL, form_data, REMOTE_ADDR="10.0.0.1")

    response = client.post(URL, form_data, REMOTE_ADDR="10.0.0.2")

    assert response.status_code == 302


def test_form_without_csrf_token_is_refused(form_data):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(URL, form_data)

    assert response.status_code == 403
    assert not Proposal.objects.exists()


def test_city_can_be_preselected_by_slug(client, milan):
    response = client.get(URL + "?city=milano")

    assert response.context["form"].initial["city"] == milan


def test_confirmation_page_shows_no_personal_data(client, form_data):
    UserFactory()
    response = client.post(URL, form_data, follow=True)

    assert "giulia.rossi" not in response.text
    assert "Giulia Rossi" not in response.text


def test_behind_a_trusted_proxy_the_limit_counts_each_visitor(client, form_data, settings):
    settings.PROPOSAL_RATE_LIMIT = "1/h"
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    proxy = {"REMOTE_ADDR": "10.0.0.254"}
    client.post(URL, form_data, HTTP_X_FORWARDED_FOR="203.0.113.1, 10.0.0.254", **proxy)

    other_visitor = client.post(
        URL, form_data, HTTP_X_FORWARDED_FOR="203.0.113.2, 10.0.0.254", **proxy
    )
    same_visitor = client.post(
        URL, form_data, HTTP_X_FORWARDED_FOR="203.0.113.1, 10.0.0.254", **proxy
    )

    assert other_visitor.status_code == 302
    assert same_visitor.status_code == 429


def test_error_is_announced_with_its_field(client, form_data):
    response = client.post("/en/propose/", {**form_data, "email": "not-an-address"})

    assert 'aria-describedby="id_email_error"' in response.text
    assert 'id="id_email_error">Enter a valid email address.</div>' in response.text
