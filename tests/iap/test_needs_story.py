"""The whole story of a need, as the people involved live it, through the real pages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from iap.models import Need, Pledge
from partnerships.models import Proposal, PublicationStatus
from portal.demo.factories import (
    ActionFactory,
    IntegratedActionPlanFactory,
    PriorityFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_a_need_is_published_offered_linked_pledged_and_delivered(
    client, coordinator, account_manager, milan, mailoutbox
):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    poverty = ThemeFactory(name="school poverty", slug="school-poverty")
    priority = PriorityFactory(city=milan, title="Fight school poverty")
    priority.themes.add(poverty)
    action = ActionFactory(plan=IntegratedActionPlanFactory(city=milan), code="A1")

    # 1. The coordinator publishes a need (through the API, scoped to Milan).
    client.force_login(coordinator)
    created = client.post(
        "/api/v1/needs/",
        {
            "priority": priority.pk,
            "title": "Tutors for the after-school club",
            "slug": "tutors-after-school",
            "resource_kind": "volunteers",
            "quantity": "20",
            "unit": "tutors",
            "action": action.pk,
            "publication_status": "published",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    client.logout()

    # 2. A company finds it on the board and offers help from the need's page.
    board = client.get("/en/needs/?theme=school-poverty").content.decode()
    assert "Tutors for the after-school club" in board
    offer = client.post(
        "/en/needs/tutors-after-school/offer/",
        {
            "organisation_name": "Acme Srl",
            "organisation_kind": "company",
            "contact_name": "Anna Rossi",
            "email": "anna@example.com",
            "city": milan.pk,
            "themes": [poverty.pk],
            "resource_kinds": ["volunteers"],
            "offer": "Twelve of our staff, one afternoon a week.",
            "privacy_consent": "on",
        },
    )
    assert offer.status_code == 302
    proposal = Proposal.objects.get()
    need = Need.objects.get(slug="tutors-after-school")

    # 3. The proposal arrives linked to the need, with ranked suggestions.
    client.force_login(account_manager)
    proposal_page = reverse("workspace:proposal-detail", kwargs={"pk": proposal.pk})
    html = client.get(proposal_page).content.decode()
    assert "Tutors for the after-school club" in html
    assert "offered from this need&#x27;s page; same city; same theme: school poverty" in html

    # 4. The account manager accepts it and links it to the need in one action.
    client.post(
        reverse("workspace:proposal-accept", kwargs={"pk": proposal.pk}),
        {"title": "Tutors from a company"},
    )
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED
    client.post(
        reverse("needs-workspace:proposal-link", kwargs={"pk": proposal.pk}),
        {"need": need.pk, "quantity": "12"},
    )
    pledge = Pledge.objects.get()
    assert pledge.partnership == proposal.partnership

    # 5. The pledge shows on the need's progress bar.
    need_page = client.get("/en/needs/tutors-after-school/").content.decode()
    assert "Pledged 12 and delivered 0 of 20 tutors requested" in need_page

    # 6. Delivery updates the need, the IAP action and the numbers page.
    client.post(
        reverse("needs-workspace:pledge-delivery", kwargs={"pk": pledge.pk}),
        {"quantity_delivered": "20", "delivered_on": timezone.localdate().isoformat()},
    )
    need.refresh_from_db()
    assert need.status == Need.Status.MET
    assert (
        "Pledged 12 and delivered 20 of 20"
        in client.get("/en/needs/tutors-after-school/").content.decode()
    )
    iap_page = client.get(f"/en/cities/{milan.slug}/iap/").content.decode()
    assert "1 of 1 need met" in iap_page
    assert "delivered 20 of 20 tutors" in iap_page
    numbers = client.get("/en/numbers/").content.decode()
    assert "Resources mobilised by kind" in numbers
    assert "Volunteers" in numbers
    csv = client.get("/en/numbers/resources/resources-by-city.csv").content.decode()
    assert f"{milan.name},1" in csv

    # The partnership, once published, shows the need it answered.
    partnership = proposal.partnership
    partnership.publication_status = PublicationStatus.PUBLISHED
    partnership.save()
    partnership_page = client.get(f"/en/partnerships/{partnership.slug}/").content.decode()
    assert "Tutors for the after-school club" in partnership_page
    assert "need Met" in partnership_page
