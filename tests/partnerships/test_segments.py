"""Tags, segments, saved views and a segment's exports in the workspace: what each
shows, that none reaches another city, formula-safe files, personal data for
coordinators only."""

import csv
import datetime as dt
import io
import logging

import openpyxl
import pytest
from django.forms import modelform_factory
from django.urls import reverse
from django.utils import timezone

from partnerships.models import CityRole, SavedView, Segment, Stakeholder, Tag
from portal.demo.factories import (
    CityRoleFactory,
    ContactFactory,
    InteractionFactory,
    ProposalFactory,
    StakeholderFactory,
    ThemeFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def names_on(response) -> str:
    return response.content.decode()


def save_segment(client, query: str, *, name: str, city) -> Segment:
    response = client.post(
        reverse("workspace:segment-create"), {"name": name, "city": city.pk, "query": query}
    )
    assert response.status_code == 302
    return Segment.objects.get(name=name)


# --- the stakeholder list's new filters ---------------------------------------------


def test_list_filters_by_tag_theme_offer_manager_and_quiet_days(client, milan, account_manager):
    canteens = Tag.objects.create(city=milan, name="School canteens")
    food = ThemeFactory()
    colleague = CityRoleFactory(city=milan, role=CityRole.Role.ACCOUNT_MANAGER).user
    today = timezone.localdate()
    wanted = StakeholderFactory(
        city=milan,
        name="Wanted Spa",
        offered_resource_kinds=["money", "skills"],
        account_manager=colleague,
    )
    wanted.tags.add(canteens)
    wanted.interest_themes.add(food)
    InteractionFactory(stakeholder=wanted, date=today - dt.timedelta(days=120))
    untagged = StakeholderFactory(
        city=milan, name="Untagged Srl", offered_resource_kinds=["money"], account_manager=colleague
    )
    untagged.interest_themes.add(food)
    recent = StakeholderFactory(
        city=milan, name="Recent Coop", offered_resource_kinds=["money"], account_manager=colleague
    )
    recent.tags.add(canteens)
    recent.interest_themes.add(food)
    InteractionFactory(stakeholder=recent, date=today - dt.timedelta(days=10))
    client.force_login(account_manager)

    page = names_on(
        client.get(
            reverse("workspace:stakeholder-list"),
            {
                "tag": canteens.pk,
                "theme": food.pk,
                "offers": "skills",
                "manager": colleague.pk,
                "quiet_days": 90,
            },
        )
    )
    assert "Wanted Spa" in page
    assert "Untagged Srl" not in page
    assert "Recent Coop" not in page

    # "No contact for 90 days" counts a stakeholder never contacted, not a recent one.
    page = names_on(client.get(reverse("workspace:stakeholder-list"), {"quiet_days": 90}))
    assert "Untagged Srl" in page
    assert "Recent Coop" not in page


def test_list_shows_the_columns_chosen(client, milan, account_manager):
    stakeholder = StakeholderFactory(city=milan, name="Tagged Spa", account_manager=account_manager)
    stakeholder.tags.add(Tag.objects.create(city=milan, name="Expo sponsor"))
    client.force_login(account_manager)

    default = names_on(client.get(reverse("workspace:stakeholder-list")))
    chosen = names_on(client.get(reverse("workspace:stakeholder-list"), {"cols": ["tags"]}))

    badge = '<span class="badge text-bg-secondary me-1">Expo sponsor</span>'
    assert badge not in default
    assert badge in chosen
    assert '<th scope="col">Last interaction</th>' not in chosen


def test_stakeholder_page_links_each_tag_to_the_list_filtered_by_it(client, milan, account_manager):
    stakeholder = StakeholderFactory(city=milan)
    tag = Tag.objects.create(city=milan, name="Expo sponsor")
    stakeholder.tags.add(tag)
    client.force_login(account_manager)

    page = names_on(client.get(reverse("workspace:stakeholder-detail", args=[stakeholder.pk])))

    assert f'href="/workspace/?tag={tag.pk}">Expo sponsor</a>' in page


def test_list_offers_only_the_tags_of_ones_cities(client, milan, sofia, account_manager):
    Tag.objects.create(city=milan, name="milan-tag")
    Tag.objects.create(city=sofia, name="sofia-tag")
    client.force_login(account_manager)

    page = names_on(client.get(reverse("workspace:stakeholder-list")))

    assert "milan-tag" in page
    assert "sofia-tag" not in page


# --- segments -------------------------------------------------------------------------


def test_segment_saved_from_the_list_opens_with_its_filters(client, milan, account_manager):
    StakeholderFactory(city=milan, name="Prospect Spa", engagement_stage="prospect", kind="company")
    StakeholderFactory(city=milan, name="Active Onlus", engagement_stage="active_partner")
    StakeholderFactory(
        city=milan, name="Prospect School", engagement_stage="prospect", kind="school"
    )
    client.force_login(account_manager)

    segment = save_segment(
        client, "engagement_stage=prospect&kind=company&page=3", name="Companies", city=milan
    )
    page = names_on(client.get(reverse("workspace:segment-detail", args=[segment.pk])))

    assert "page" not in segment.query
    assert "Prospect Spa" in page
    assert "Active Onlus" not in page
    assert "Prospect School" not in page
    assert "Engagement stage: <strong>Prospect</strong>" in page


def test_segment_of_my_stakeholders_means_mine_for_everyone_who_opens_it(
    client, milan, account_manager
):
    StakeholderFactory(city=milan, name="Mine Spa", account_manager=account_manager)
    StakeholderFactory(city=milan, name="Not Mine Srl")
    colleague = CityRoleFactory(city=milan, role=CityRole.Role.ACCOUNT_MANAGER).user
    client.force_login(account_manager)
    segment = save_segment(client, "mine=true", name="Lucia's", city=milan)

    client.force_login(colleague)
    page = names_on(client.get(reverse("workspace:segment-detail", args=[segment.pk])))

    assert "Mine Spa" in page
    assert "Not Mine Srl" not in page


def test_segment_link_opened_by_another_citys_user_shows_nothing(client, milan, sofia):
    StakeholderFactory(city=milan, name="Milan Secret Spa")
    segment = Segment.objects.create(city=milan, name="Milan segment", query="")
    sofia_user = CityRoleFactory(city=sofia, role=CityRole.Role.COORDINATOR).user
    client.force_login(sofia_user)

    detail = client.get(reverse("workspace:segment-detail", args=[segment.pk]))
    export = client.get(
        reverse("workspace:segment-export", args=[segment.pk, "interactions", "csv"])
    )
    listing = names_on(client.get(reverse("workspace:segment-list")))

    assert detail.status_code == 404
    assert export.status_code == 404
    assert "Milan segment" not in listing


def test_segment_never_selects_another_citys_stakeholders(client, milan, sofia):
    """A user of both cities opens a Milan segment with no filter: Milan only."""
    both = CityRoleFactory(city=milan, role=CityRole.Role.ACCOUNT_MANAGER).user
    CityRoleFactory(user=both, city=sofia, role=CityRole.Role.ACCOUNT_MANAGER)
    StakeholderFactory(city=milan, name="Milan Spa")
    StakeholderFactory(city=sofia, name="Sofia Ltd")
    segment = Segment.objects.create(city=milan, name="Everyone", query=f"city={sofia.pk}")
    client.force_login(both)

    page = names_on(client.get(reverse("workspace:segment-detail", args=[segment.pk])))

    assert "Sofia Ltd" not in page


def test_segment_cannot_be_saved_for_another_city(client, milan, sofia, account_manager):
    client.force_login(account_manager)

    client.post(
        reverse("workspace:segment-create"), {"name": "Theirs", "city": sofia.pk, "query": ""}
    )

    assert not Segment.objects.exists()


def test_segment_with_another_citys_tag_is_refused(client, milan, sofia, account_manager):
    sofia_tag = Tag.objects.create(city=sofia, name="sofia-tag")
    client.force_login(account_manager)

    client.post(
        reverse("workspace:segment-create"),
        {"name": "Sneaky", "city": milan.pk, "query": f"tag={sofia_tag.pk}"},
    )

    assert not Segment.objects.exists()


# --- exports --------------------------------------------------------------------------


@pytest.fixture
def segment_with_records(milan, sofia):
    stakeholder = StakeholderFactory(city=milan, name='=HYPERLINK("http://evil")', kind="company")
    contact = ContactFactory(stakeholder=stakeholder, name="Lucia Ferri", email="lucia@example.org")
    InteractionFactory(stakeholder=stakeholder, contact=contact, summary="+39 call note")
    ProposalFactory(
        city=milan,
        stakeholder=stakeholder,
        organisation_name="Milan Offer",
        contact_name="Lucia Ferri",
        email="lucia@example.org",
    )
    other = StakeholderFactory(city=milan, name="School Not In Segment", kind="school")
    InteractionFactory(stakeholder=other, summary="not-in-segment-note")
    sofia_stakeholder = StakeholderFactory(city=sofia, name="Sofia Company", kind="company")
    InteractionFactory(stakeholder=sofia_stakeholder, summary="sofia-secret-note")
    ProposalFactory(city=sofia, stakeholder=sofia_stakeholder, organisation_name="Sofia Offer")
    return Segment.objects.create(city=milan, name="Companies", query="kind=company")


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_interactions_export_is_the_segments_only_and_formula_safe(
    client, segment_with_records, account_manager
):
    client.force_login(account_manager)

    response = client.get(
        reverse("workspace:segment-export", args=[segment_with_records.pk, "interactions", "csv"])
    )
    rows = csv_rows(response)
    text = response.content.decode("utf-8-sig")

    assert response["Content-Type"].startswith("text/csv")
    assert len(rows) == 2  # the header and the one interaction of the segment
    assert '\'=HYPERLINK("http://evil")' in rows[1]
    assert "'+39 call note" in rows[1]
    assert "not-in-segment-note" not in text
    assert "sofia-secret-note" not in text


def test_account_manager_export_leaves_out_contacts_personal_data(
    client, segment_with_records, account_manager
):
    client.force_login(account_manager)

    for what in ("interactions", "proposals"):
        response = client.get(
            reverse("workspace:segment-export", args=[segment_with_records.pk, what, "csv"])
        )
        text = response.content.decode("utf-8-sig")
        assert "Lucia Ferri" not in text
        assert "lucia@example.org" not in text


def test_coordinator_export_includes_contacts_personal_data_and_is_audited(
    client, segment_with_records, coordinator, caplog
):
    caplog.set_level(logging.INFO, logger="core.audit")
    client.force_login(coordinator)

    response = client.get(
        reverse("workspace:segment-export", args=[segment_with_records.pk, "proposals", "xlsx"])
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]

    assert "Lucia Ferri" in cells
    assert "lucia@example.org" in cells
    assert "Milan Offer" in cells
    assert "Sofia Offer" not in cells
    assert [
        record.audit["city"]
        for record in caplog.records
        if record.getMessage() == "segment_export_personal_data"
    ] == ["milano"]


def test_xlsx_export_is_formula_safe(client, segment_with_records, coordinator):
    client.force_login(coordinator)

    response = client.get(
        reverse("workspace:segment-export", args=[segment_with_records.pk, "interactions", "xlsx"])
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]

    assert '\'=HYPERLINK("http://evil")' in cells
    assert not any(isinstance(cell, str) and cell.startswith("=") for cell in cells)


# --- saved views ----------------------------------------------------------------------


def test_saved_view_keeps_filters_sort_and_columns_for_its_owner_only(
    client, milan, account_manager
):
    client.force_login(account_manager)
    query = "kind=company&sort=-created_at&cols=tags&cols=city"

    response = client.post(
        reverse("workspace:saved-view-create"),
        {"name": "Companies, newest", "page": "stakeholders", "query": query},
    )
    mine = names_on(client.get(reverse("workspace:stakeholder-list")))
    colleague = CityRoleFactory(city=milan, role=CityRole.Role.ACCOUNT_MANAGER).user
    client.force_login(colleague)
    theirs = names_on(client.get(reverse("workspace:stakeholder-list")))

    assert response["Location"] == f"{reverse('workspace:stakeholder-list')}?{query}"
    assert "Companies, newest" in mine
    assert f"?{query.replace('&', '&amp;')}" in mine
    assert "Companies, newest" not in theirs


def test_saved_view_naming_another_city_shows_none_of_its_records(
    client, milan, sofia, account_manager
):
    StakeholderFactory(city=milan, name="Milan Spa")
    StakeholderFactory(city=sofia, name="Sofia Ltd")
    client.force_login(account_manager)
    # A forged view: the query of a Sofia list, saved by a Milan account manager.
    client.post(
        reverse("workspace:saved-view-create"),
        {"name": "Sofia", "page": "stakeholders", "query": f"city={sofia.pk}"},
    )

    page = names_on(client.get(reverse("workspace:stakeholder-list")))
    opened = names_on(client.get(f"{reverse('workspace:stakeholder-list')}?city={sofia.pk}"))

    assert SavedView.objects.get(user=account_manager).name == "Sofia"
    assert "Sofia Ltd" not in page
    assert "Sofia Ltd" not in opened


def test_saved_view_of_someone_else_cannot_be_deleted(client, milan, account_manager):
    view = SavedView.objects.create(user=UserFactory(), page="pipeline", name="Theirs")
    client.force_login(account_manager)

    response = client.post(reverse("workspace:saved-view-delete", args=[view.pk]))

    assert response.status_code == 404
    assert SavedView.objects.filter(pk=view.pk).exists()


def test_ready_made_my_overdue_shows_only_overdue_follow_ups(client, milan, account_manager):
    stakeholder = StakeholderFactory(city=milan, account_manager=account_manager)
    today = timezone.localdate()
    InteractionFactory(
        stakeholder=stakeholder,
        follow_up_date=today - dt.timedelta(days=3),
        follow_up_action="late-call",
    )
    InteractionFactory(
        stakeholder=stakeholder,
        follow_up_date=today + dt.timedelta(days=3),
        follow_up_action="next-week-call",
    )
    client.force_login(account_manager)

    page = names_on(client.get(reverse("workspace:follow-ups"), {"when": "overdue"}))

    assert "My overdue" in page
    assert "late-call" in page
    assert "next-week-call" not in page


def test_ready_made_new_this_month(client, milan, account_manager):
    StakeholderFactory(city=milan, name="Brand New Spa")
    old = StakeholderFactory(city=milan, name="Old Srl")
    type(old).objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=70))
    client.force_login(account_manager)
    listing = names_on(client.get(reverse("workspace:stakeholder-list")))
    first_of_month = timezone.localdate().replace(day=1)

    page = names_on(
        client.get(reverse("workspace:stakeholder-list"), {"created_after": first_of_month})
    )

    assert "New this month" in listing
    assert f"created_after={first_of_month:%Y-%m-%d}" in listing
    assert "Brand New Spa" in page
    assert "Old Srl" not in page


# --- tags in the admin ---------------------------------------------------------------


def test_admin_refuses_another_citys_tag_on_a_stakeholder(milan, sofia):
    from partnerships.admin import StakeholderAdminForm

    milan_tag = Tag.objects.create(city=milan, name="milan-tag")
    sofia_tag = Tag.objects.create(city=sofia, name="sofia-tag")
    form_class = modelform_factory(Stakeholder, form=StakeholderAdminForm, fields=["city", "tags"])

    refused = form_class({"city": milan.pk, "tags": [milan_tag.pk, sofia_tag.pk]})
    accepted = form_class({"city": milan.pk, "tags": [milan_tag.pk]})

    assert "sofia-tag" in str(refused.errors["tags"])
    assert accepted.is_valid(), accepted.errors


def test_list_opened_from_the_menu_is_as_the_user_left_it(client, milan, account_manager):
    StakeholderFactory(city=milan, name="Company Spa", kind="company")
    StakeholderFactory(city=milan, name="School Ic", kind="school")
    client.force_login(account_manager)

    client.get(reverse("workspace:stakeholder-list"), {"kind": "company", "cols": ["kind"]})
    again = names_on(client.get(reverse("workspace:stakeholder-list")))
    paged = names_on(client.get(reverse("workspace:stakeholder-list"), {"page": "1"}))

    for page in (again, paged):
        assert "Company Spa" in page
        assert "School Ic" not in page
        assert '<th scope="col">Kind</th>' in page


def test_pipeline_remembers_all_of_my_cities_until_switched_back(client, milan, account_manager):
    StakeholderFactory(city=milan, name="Someone Else's Spa")
    client.force_login(account_manager)

    client.get(reverse("workspace:pipeline"), {"all": "1"})
    remembered = names_on(client.get(reverse("workspace:pipeline")))
    client.get(reverse("workspace:pipeline"), {"all": "0"})
    switched_back = names_on(client.get(reverse("workspace:pipeline")))

    assert "Someone Else&#x27;s Spa" in remembered
    assert "Someone Else&#x27;s Spa" not in switched_back
