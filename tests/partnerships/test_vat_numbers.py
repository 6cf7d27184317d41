"""An organisation's VAT number: one spelling, a clear error for a typo, staff-only."""

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from partnerships import services
from partnerships.models import Proposal, Stakeholder
from partnerships.resources import StakeholderResource
from partnerships.vat_numbers import normalise_vat_number, validate_vat_number
from portal.demo.factories import ProposalFactory, StakeholderFactory
from tests.partnerships.test_admin import confirm, upload

# A partita IVA whose check digit is right (and the same with its last digit mistyped).
VALID = "01234567897"
MISTYPED = "01234567891"


@pytest.mark.parametrize(
    "typed",
    ["01234567897", "IT01234567897", "IT 01234567897", "it 012.345.678-97", " 0123 4567 897 "],
)
def test_spellings_of_one_partita_iva_are_one_number(typed):
    assert normalise_vat_number(typed) == VALID
    validate_vat_number(typed)


def test_another_countrys_number_keeps_its_country_code():
    assert normalise_vat_number("de 123 456 789") == "DE123456789"
    validate_vat_number("DE123456789")


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        (MISTYPED, "check_digit"),
        ("IT " + MISTYPED, "check_digit"),
        ("RSSMRA80A01F205X", "personal"),  # a person's codice fiscale
        ("12345", "invalid"),
        ("IT123", "invalid"),
        ("partita iva?", "invalid"),
    ],
)
def test_obviously_wrong_numbers_are_refused_with_a_reason(typed, code):
    with pytest.raises(ValidationError) as refused:
        validate_vat_number(typed)

    assert refused.value.code == code


@pytest.mark.django_db
def test_stored_and_looked_up_in_its_one_spelling(milan):
    stakeholder = StakeholderFactory(city=milan, vat_number="IT 012 345 678 97")

    assert Stakeholder.objects.filter(vat_number=VALID).get() == stakeholder
    assert Stakeholder.objects.filter(vat_number="IT01234567897").get() == stakeholder


@pytest.mark.django_db
def test_admin_form_explains_a_mistyped_number_in_italian(coordinator, milan):
    request = RequestFactory().get("/")
    request.user = coordinator
    form_class = site._registry[Stakeholder].get_form(request)
    form = form_class(
        data={
            "name": "Acme",
            "slug": "acme",
            "city": milan.pk,
            "engagement_stage": "prospect",
            "offered_resource_kinds": "[]",
            "vat_number": MISTYPED,
        }
    )

    assert not form.is_valid()
    assert form.errors["vat_number"] == [
        "Questa partita IVA non è valida: controlla le sue 11 cifre."
    ]


@pytest.mark.django_db
def test_import_reads_the_partita_iva_column_and_refuses_a_typo(client, coordinator, milan):
    client.force_login(coordinator)
    content = f"slug,name,Partita IVA\nacme,Acme,IT {VALID}\nbeta,Beta,{MISTYPED}\n".encode()

    preview = upload(client, Stakeholder, content, city=milan)

    assert [row.number for row in preview.context["result"].invalid_rows] == [2]
    content = content.replace(f"beta,Beta,{MISTYPED}".encode(), b"beta,Beta,")
    confirm(client, Stakeholder, upload(client, Stakeholder, content, city=milan))
    assert Stakeholder.objects.get(slug="acme").vat_number == VALID


@pytest.mark.django_db
def test_export_has_the_partita_iva_column(coordinator, milan):
    StakeholderFactory(city=milan, vat_number=VALID)

    dataset = StakeholderResource(user=coordinator).export()

    assert "Partita IVA" in dataset.headers
    assert dataset["Partita IVA"] == [VALID]


@pytest.mark.django_db
def test_contact_point_takes_an_optional_number_and_explains_a_wrong_one(client, milan):
    data = {
        "organisation_name": "Acme Italia S.p.A.",
        "organisation_kind": "company",
        "contact_name": "Giulia Rossi",
        "email": "giulia.rossi@acme.example.org",
        "city": milan.pk,
        "resource_kinds": ["skills"],
        "offer": "Consulenza legale gratuita per le associazioni del quartiere.",
        "privacy_consent": "on",
    }

    refused = client.post("/it/propose/", {**data, "vat_number": "RSSMRA80A01F205X"})
    # The form again with its errors (400, as for any invalid proposal), never a 500.
    assert refused.status_code == 400
    assert "codice fiscale di una persona" in refused.text
    client.post("/it/propose/", {**data, "vat_number": f"IT {VALID}"})
    client.post("/it/propose/", data)

    assert list(Proposal.objects.order_by("pk").values_list("vat_number", flat=True)) == [VALID, ""]


@pytest.mark.django_db
def test_an_accepted_proposal_passes_its_number_on_and_finds_its_twin_by_it(
    coordinator, milan, sofia
):
    twin = StakeholderFactory(city=milan, name="Fonderie Lombarde", website="", vat_number=VALID)
    StakeholderFactory(city=sofia, name="Other", website="", vat_number=VALID)
    proposal = ProposalFactory(city=milan, organisation_name="FL Group", vat_number=f"IT{VALID}")

    found = Stakeholder.objects.filter(city=milan).similar_to(
        name=proposal.organisation_name, vat_number=proposal.vat_number
    )

    assert found == [twin]
    partnership = services.proposal_accept(proposal=proposal, actor=coordinator, title="Fonderia")
    created = partnership.participations.get().stakeholder
    assert created.vat_number == VALID


@pytest.mark.django_db
def test_the_number_stays_off_the_public_directory_and_api(client, milan):
    StakeholderFactory(city=milan, name="Acme", listing_consent=True, vat_number=VALID)

    assert "Acme" in client.get("/it/stakeholders/").text
    assert VALID not in client.get("/it/stakeholders/").text
    api = client.get("/api/v1/stakeholders/")
    assert "Acme" in api.text
    assert VALID not in api.text
    assert "vat" not in api.text
