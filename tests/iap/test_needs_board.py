"""The public needs board: list, filters, progress, detail, "offer help", sitemap, navigation."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iap.models import Need
from iap.services import need_link_proposal
from partnerships.models import (
    Proposal,
    PublicationStatus,
    ResourceKind,
    SustainableDevelopmentGoal,
)
from portal.demo.factories import (
    NeedFactory,
    PledgeFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BOARD = "/en/needs/"


def board(client, query: str = "") -> str:
    response = client.get(BOARD + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_board_lists_published_needs_and_hides_drafts(client, milan):
    NeedFactory(title="Volunteers for the school garden", priority__city=milan)
    NeedFactory(title="Draft laptops", priority__city=milan, publication_status="draft")

    page = board(client)

    assert "Volunteers for the school garden" in page
    assert "Draft laptops" not in page
    assert "1 need found" in page


def test_a_need_under_a_draft_priority_or_city_is_not_on_the_board(client, milan, sofia):
    NeedFactory(
        title="Under a draft priority",
        priority__city=milan,
        priority__publication_status=PublicationStatus.DRAFT,
    )
    sofia.publication_status = PublicationStatus.DRAFT
    sofia.save()
    NeedFactory(title="In a draft city", priority__city=sofia)

    page = board(client)

    assert "Under a draft priority" not in page
    assert "In a draft city" not in page


def test_a_draft_need_page_is_not_found(client, milan):
    need = NeedFactory(priority__city=milan, publication_status=PublicationStatus.DRAFT)

    assert client.get(f"/en/needs/{need.slug}/").status_code == 404
    assert client.get(f"/en/needs/{need.slug}/offer/").status_code == 404


def test_filters_by_city_theme_sdg_kind_place_and_deadline(client, milan, sofia):
    poverty = ThemeFactory(name="School poverty", slug="school-poverty")
    goal = SustainableDevelopmentGoal.objects.get(number=4)
    garden = NeedFactory(
        title="Garden volunteers", priority__city=milan, place="Niguarda", deadline="2030-01-31"
    )
    garden.priority.themes.add(poverty)
    garden.priority.sdgs.add(goal)
    NeedFactory(
        title="Money in Sofia",
        priority__city=sofia,
        resource_kind=ResourceKind.MONEY,
        quantity=None,
        amount_eur=5000,
        deadline="2031-12-31",
    )

    assert "Money in Sofia" not in board(client, "?city=milano")
    assert "Garden volunteers" in board(client, "?city=milano")
    assert "Money in Sofia" not in board(client, "?theme=school-poverty")
    assert "Money in Sofia" not in board(client, "?sdg=4")
    assert "Garden volunteers" not in board(client, "?kind=money")
    assert "Money in Sofia" not in board(client, "?place=Niguarda")
    assert "Money in Sofia" not in board(client, "?deadline_before=2030-06-30")
    assert "Garden volunteers" in board(client, "?deadline_before=2030-06-30")


def test_a_bad_filter_value_shows_an_error_not_a_500(client, milan):
    NeedFactory(priority__city=milan)

    page = board(client, "?deadline_before=not-a-date&kind=nonsense")

    assert "Enter a valid date" in page or "valid choice" in page


def test_each_need_shows_an_accessible_progress_bar_with_its_numbers(client, milan):
    need = NeedFactory(title="Tutors", priority__city=milan, quantity=20, unit="volunteers")
    PledgeFactory(need=need, quantity_pledged=12, quantity_delivered=5)

    page = board(client)

    assert "Pledged 12 and delivered 5 of 20 volunteers requested" in page
    assert 'role="progressbar"' in page
    assert 'aria-valuenow="25"' in page  # delivered 5 of 20
    assert 'aria-valuenow="35"' in page  # pledged, not yet delivered: 7 of 20


def test_the_need_page_shows_progress_what_where_and_who_benefits(client, milan):
    need = NeedFactory(
        title="Laptops for pupils",
        priority__city=milan,
        place="Scuola Pascoli",
        beneficiaries="Pupils of the primary school",
        quantity=40,
        unit="laptops",
        resource_kind=ResourceKind.GOODS,
    )
    PledgeFactory(need=need, quantity_pledged=10)

    page = client.get(f"/en/needs/{need.slug}/").content.decode()

    assert "Laptops for pupils" in page
    assert "Scuola Pascoli" in page
    assert "Pupils of the primary school" in page
    assert "Pledged 10 and delivered 0 of 40 laptops requested" in page
    assert reverse("iap:need-offer", kwargs={"slug": need.slug}) in page


def test_a_met_need_offers_no_help_button(client, milan):
    need = NeedFactory(priority__city=milan, status=Need.Status.MET)

    page = client.get(f"/en/needs/{need.slug}/").content.decode()

    assert "Offer help" not in page


def test_the_board_is_in_the_main_navigation_and_the_sitemap(client, milan):
    need = NeedFactory(priority__city=milan)
    NeedFactory(priority__city=milan, slug="draft-need", publication_status="draft")

    home = client.get("/en/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()

    assert 'href="/en/needs/"' in home
    assert "/it/needs/" in sitemap
    assert f"/en/needs/{need.slug}/" in sitemap
    assert "draft-need" not in sitemap


def test_the_board_speaks_italian_at_its_italian_address(client, milan):
    NeedFactory(priority__city=milan)

    page = client.get("/it/needs/").content.decode()

    assert '<html lang="it">' in page


def board_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(BOARD).status_code == 200
    return len(queries)


def test_the_board_costs_the_same_queries_at_two_sizes(client, milan, sofia):
    theme = ThemeFactory()
    for city in (milan, sofia):
        need = NeedFactory(priority__city=city)
        need.priority.themes.add(theme)
        PledgeFactory(need=need)
    small = board_queries(client)
    for _ in range(8):
        need = NeedFactory(priority__city=milan)
        need.priority.themes.add(theme, ThemeFactory())
        PledgeFactory(need=need)

    assert board_queries(client) == small


def test_the_need_page_costs_the_same_queries_with_more_pledges(client, milan):
    need = NeedFactory(priority__city=milan)
    PledgeFactory(need=need)
    url = f"/en/needs/{need.slug}/"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        PledgeFactory(need=need)
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)


# --- offer help ------------------------------------------------------------------------


def offer_data(milan, **overrides) -> dict:
    data = {
        "organisation_name": "Acme Srl",
        "organisation_kind": "company",
        "contact_name": "Anna Rossi",
        "email": "anna@example.com",
        "city": milan.pk,
        "resource_kinds": ["volunteers"],
        "offer": "Ten of our staff on Saturdays.",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return data


def test_offer_help_opens_the_contact_form_prefilled_for_the_need(client, milan):
    theme = ThemeFactory(name="School poverty")
    need = NeedFactory(title="Garden volunteers", priority__city=milan)
    need.priority.themes.add(theme)

    response = client.get(f"/en/needs/{need.slug}/offer/")

    form = response.context["form"]
    assert response.status_code == 200
    assert form.initial["city"] == milan
    assert form.initial["resource_kinds"] == ["volunteers"]
    assert form.initial["themes"] == [theme]
    assert "Garden volunteers" in form.initial["offer"]


def test_an_offer_from_the_need_page_stores_a_proposal_linked_to_the_need(
    client, milan, mailoutbox
):
    need = NeedFactory(priority__city=milan)

    response = client.post(f"/en/needs/{need.slug}/offer/", offer_data(milan))

    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert list(proposal.offered_needs.all()) == [need]
    assert proposal.organisation_name == "Acme Srl"


def test_an_incomplete_offer_shows_errors_next_to_the_fields_and_links_nothing(client, milan):
    need = NeedFactory(priority__city=milan)

    response = client.post(f"/en/needs/{need.slug}/offer/", offer_data(milan, email="nope"))

    assert response.status_code == 400
    assert "Enter a valid email address" in response.content.decode()
    assert not Proposal.objects.exists()


def test_no_personal_data_of_offers_reaches_the_public_need_pages(client, milan, mailoutbox):
    need = NeedFactory(priority__city=milan)
    client.post(f"/en/needs/{need.slug}/offer/", offer_data(milan))
    proposal = Proposal.objects.get()
    need_link_proposal(
        need=need, proposal=proposal, quantity=Decimal(3), actor=UserFactory(is_superuser=True)
    )

    pages = board(client) + client.get(f"/en/needs/{need.slug}/").content.decode()
    pages += client.get("/en/feeds/needs/").content.decode()

    for personal in ("Anna Rossi", "anna@example.com", "Acme Srl"):
        assert personal not in pages
