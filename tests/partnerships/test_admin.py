"""The back-office of partnerships: a coordinator's day, imports, exports, deleting, publishing."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from partnerships.models import (
    Contact,
    Participation,
    Partnership,
    PublicationStatus,
    Stakeholder,
)
from partnerships.resources import TAKEN
from portal.demo.factories import (
    CityFactory,
    CityRoleFactory,
    NetworkEventFactory,
    ParticipationFactory,
    PartnershipFactory,
    StakeholderFactory,
    ThemeFactory,
)
from tests.admin_support import admin_url, city_models, in_city

STAKEHOLDER_HEADER = "slug,name,kind,website,listing_consent,engagement_stage\n"


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


# --- a coordinator's partnership, from draft to the public site ------------------------


def test_coordinator_creates_partnership_with_partners_publishes_it_and_history_shows_who(
    as_coordinator, coordinator, milan
):
    funder, school = StakeholderFactory(city=milan), StakeholderFactory(city=milan)
    theme = ThemeFactory()

    response = as_coordinator.post(
        admin_url(Partnership, "add"),
        {
            "title_it": "Doposcuola al Giambellino",
            "title_en": "After-school in Giambellino",
            "slug": "doposcuola-giambellino",
            "city": milan.pk,
            "themes": [theme.pk],
            "status": Partnership.Status.ACTIVE,
            "publication_status": PublicationStatus.DRAFT,
            "participations-TOTAL_FORMS": "2",
            "participations-INITIAL_FORMS": "0",
            "participations-0-stakeholder": funder.pk,
            "participations-0-role": Participation.Role.FUNDER,
            "participations-0-amount_eur": "5000",
            "participations-1-stakeholder": school.pk,
            "participations-1-role": Participation.Role.IMPLEMENTER,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    partnership = Partnership.objects.get(slug="doposcuola-giambellino")
    public_url = partnership.get_absolute_url()
    assert as_coordinator.get(public_url).status_code == 404  # a draft is not public

    as_coordinator.post(
        admin_url(Partnership, "changelist"),
        {"action": "publish", "_selected_action": [partnership.pk]},
    )

    public_page = as_coordinator.get(public_url)
    assert public_page.status_code == 200
    assert funder.name in public_page.content.decode()
    assert "Implementer" in public_page.content.decode() or "Attuatore" in (
        public_page.content.decode()
    )
    history = as_coordinator.get(admin_url(partnership, "history")).content.decode()
    assert coordinator.username in history
    assert partnership.history.filter(
        history_user=coordinator, publication_status=PublicationStatus.PUBLISHED
    ).exists()


def test_publish_action_leaves_other_city_records_alone(as_coordinator, milan, sofia):
    own = PartnershipFactory(city=milan, publication_status=PublicationStatus.DRAFT)
    other = PartnershipFactory(city=sofia, publication_status=PublicationStatus.DRAFT)

    as_coordinator.post(
        admin_url(Partnership, "changelist"),
        {"action": "publish", "_selected_action": [own.pk, other.pk]},
    )

    own.refresh_from_db()
    other.refresh_from_db()
    assert own.publication_status == PublicationStatus.PUBLISHED
    assert other.publication_status == PublicationStatus.DRAFT


def test_publish_and_unpublish_say_how_many_records_changed(as_coordinator, milan):
    drafts = PartnershipFactory.create_batch(
        2, city=milan, publication_status=PublicationStatus.DRAFT
    )
    selected = [partnership.pk for partnership in drafts]
    url = admin_url(Partnership, "changelist")

    published = as_coordinator.post(
        url, {"action": "publish", "_selected_action": selected}, follow=True
    )
    unpublished = as_coordinator.post(
        url, {"action": "unpublish", "_selected_action": selected[:1]}, follow=True
    )

    assert [str(m) for m in published.context["messages"]] == ["2 record pubblicati."]
    assert [str(m) for m in unpublished.context["messages"]] == ["1 record ritirato."]


def test_bulk_delete_cannot_reach_other_city_records(as_coordinator, milan, sofia):
    other = StakeholderFactory(city=sofia)

    as_coordinator.post(
        admin_url(Stakeholder, "changelist"),
        {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"},
    )

    assert Stakeholder.objects.filter(pk=other.pk).exists()


def test_coordinator_cannot_move_a_record_to_a_city_of_theirs_and_another(client, milan, sofia):
    """Even a coordinator of two cities does not move records between them: that is for
    network administrators, who can see what else depends on the record."""
    two_cities = CityRoleFactory(city=milan).user
    CityRoleFactory(city=sofia, user=two_cities)
    client.force_login(two_cities)
    partnership = PartnershipFactory(city=milan)

    response = client.post(
        admin_url(partnership, "change"),
        {
            "title_it": partnership.title_it,
            "slug": partnership.slug,
            "city": sofia.pk,
            "publication_status": partnership.publication_status,
            "participations-TOTAL_FORMS": "0",
            "participations-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "city" in response.context["adminform"].form.errors
    partnership.refresh_from_db()
    assert partnership.city == milan


def test_coordinator_saves_a_network_event_that_other_cities_take_part_in(
    as_coordinator, milan, sofia
):
    event = NetworkEventFactory(host_city=milan, title_it="Incontro a Milano")
    event.participating_cities.set([milan, sofia])

    response = as_coordinator.post(
        admin_url(event, "change"),
        {
            "network": event.network_id,
            "kind": event.kind,
            "title_it": "Incontro transnazionale a Milano",
            "slug": event.slug,
            "host_city": milan.pk,
            "participating_cities": [milan.pk, sofia.pk],
            "publication_status": event.publication_status,
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.title_it == "Incontro transnazionale a Milano"
    assert set(event.participating_cities.all()) == {milan, sofia}


# --- deleting a stakeholder that takes part in a partnership -------------------------------


def test_deleting_a_partner_stakeholder_shows_its_participations_and_deletes_nothing(
    as_coordinator, milan
):
    participation = ParticipationFactory(partnership__city=milan)
    stakeholder = participation.stakeholder

    page = as_coordinator.get(admin_url(stakeholder, "delete"))
    as_coordinator.post(admin_url(stakeholder, "delete"), {"post": "yes"})

    content = page.content.decode()
    assert page.context["protected"]
    assert str(participation) in content
    assert Stakeholder.objects.filter(pk=stakeholder.pk).exists()
    assert Participation.objects.filter(pk=participation.pk).exists()


# --- changelists do a constant number of queries ----------------------------------------


def changelist_queries(client, model) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(model, "changelist"))
    # Every record is listed on the page, so a per-row query would show.
    assert response.context["cl"].result_count == model._default_manager.count() > 0
    return len(queries)


@pytest.mark.parametrize("model", city_models(), ids=lambda model: model._meta.label)
def test_changelist_queries_do_not_grow_with_rows(client, network_admin, model):
    # A new city per record: some models (ULG, IAP) exist once per city.
    client.force_login(network_admin)
    in_city(model, CityFactory())
    few = changelist_queries(client, model)
    for _ in range(6):
        in_city(model, CityFactory())

    assert changelist_queries(client, model) == few


# --- import ------------------------------------------------------------------------------


def upload(client, model, content: bytes, *, name="data.csv", file_format="0", city=None):
    return client.post(
        admin_url(model, "import"),
        {
            "resource": "0",
            "format": file_format,
            "city": city.pk if city else "",
            "import_file": SimpleUploadedFile(name, content),
        },
    )


def confirm(client, model, preview):
    form = preview.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(admin_url(model, "process_import"), data)


def stakeholder_rows(count: int) -> list[str]:
    return [
        f"org-{n},Organisation {n},company,https://org{n}.example.org,1,prospect\n"
        for n in range(count)
    ]


def test_import_of_a_good_csv_creates_stakeholders_in_the_importing_users_city(
    as_coordinator, milan
):
    content = (STAKEHOLDER_HEADER + "".join(stakeholder_rows(3))).encode()

    preview = upload(as_coordinator, Stakeholder, content, city=milan)
    assert not Stakeholder.objects.exists()  # the preview writes nothing
    done = confirm(as_coordinator, Stakeholder, preview)

    assert done.status_code == 302
    assert Stakeholder.objects.count() == 3
    assert set(Stakeholder.objects.values_list("city", flat=True)) == {milan.pk}


def test_one_bad_row_among_100_imports_nothing_and_names_the_row_and_its_error(
    as_coordinator, milan
):
    rows = stakeholder_rows(100)
    rows[41] = "org-41,Organisation 41,spaceship,https://org41.example.org,1,prospect\n"

    preview = upload(
        as_coordinator, Stakeholder, (STAKEHOLDER_HEADER + "".join(rows)).encode(), city=milan
    )

    result = preview.context["result"]
    assert result.has_validation_errors()
    invalid = result.invalid_rows
    assert [row.number for row in invalid] == [42]
    assert "spaceship" in str(invalid[0].error_dict)
    assert "confirm_form" not in preview.context
    content = preview.content.decode()
    assert "spaceship" in content
    assert not Stakeholder.objects.exists()


def test_import_with_wrong_columns_is_refused_with_the_missing_column(as_coordinator, milan):
    preview = upload(as_coordinator, Stakeholder, b"slug,title\nx,Something\n", city=milan)

    result = preview.context["result"]
    assert result.has_errors()
    # Named as the page names it: in Italian, the page's language.
    assert "Al file mancano le colonne Nome." in str(result.base_errors[0].error)
    assert not Stakeholder.objects.exists()


def test_import_of_a_windows_1252_file_reads_its_accents(as_coordinator, milan):
    # What Excel saves as "CSV (delimitato dal separatore di elenco)" on an Italian PC.
    content = (STAKEHOLDER_HEADER + "caffe,Caffè Società,company,,1,prospect\n").encode("cp1252")

    confirm(as_coordinator, Stakeholder, upload(as_coordinator, Stakeholder, content, city=milan))

    assert Stakeholder.objects.get().name == "Caffè Società"


def test_import_of_an_xlsx_file(as_coordinator, milan):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["slug", "name", "kind", "listing_consent"])
    sheet.append(["fondazione-uno", "Fondazione Uno", "foundation", 1])
    sheet.append(["scuola-due", "Scuola Due", "school", 0])
    buffer = io.BytesIO()
    workbook.save(buffer)

    preview = upload(
        as_coordinator,
        Stakeholder,
        buffer.getvalue(),
        name="data.xlsx",
        file_format="1",
        city=milan,
    )
    confirm(as_coordinator, Stakeholder, preview)

    assert sorted(Stakeholder.objects.filter(city=milan).values_list("name", flat=True)) == [
        "Fondazione Uno",
        "Scuola Due",
    ]


def test_import_cannot_target_another_city(as_coordinator, sofia):
    content = (STAKEHOLDER_HEADER + "".join(stakeholder_rows(1))).encode()

    preview = upload(as_coordinator, Stakeholder, content, city=sofia)

    assert "city" in preview.context["form"].errors
    assert not Stakeholder.objects.exists()


def test_import_cannot_update_another_citys_stakeholder(as_coordinator, milan, sofia):
    other = StakeholderFactory(city=sofia, slug="taken", name="Sofia original")

    preview = upload(
        as_coordinator,
        Stakeholder,
        (STAKEHOLDER_HEADER + "taken,Overwritten,company,,1,prospect\n").encode(),
        city=milan,
    )

    assert preview.context["result"].has_validation_errors()
    other.refresh_from_db()
    assert other.name == "Sofia original"


def test_import_does_not_reveal_that_another_city_holds_a_slug(as_coordinator, milan, sofia):
    StakeholderFactory(city=sofia, slug="taken", name="Sofia original")

    preview = upload(
        as_coordinator,
        Stakeholder,
        (STAKEHOLDER_HEADER + "taken,Overwritten,company,,1,prospect\n").encode(),
        city=milan,
    )

    # Not Django's "Stakeholder with this slug already exists".
    assert preview.context["result"].invalid_rows[0].error_dict == {"slug": [str(TAKEN.message)]}


def test_contacts_import_only_attaches_to_stakeholders_of_the_city(as_coordinator, milan, sofia):
    own = StakeholderFactory(city=milan, slug="own-org")
    StakeholderFactory(city=sofia, slug="other-org")
    header = "stakeholder,name,email\n"

    bad = upload(
        as_coordinator, Contact, (header + "other-org,Ana,ana@example.org\n").encode(), city=milan
    )
    assert bad.context["result"].has_validation_errors()
    assert "other-org" in bad.content.decode()

    good = upload(
        as_coordinator, Contact, (header + "own-org,Ada,ada@example.org\n").encode(), city=milan
    )
    confirm(as_coordinator, Contact, good)
    assert list(Contact.objects.values_list("stakeholder", "name")) == [(own.pk, "Ada")]


def test_participations_import_links_partners_to_a_partnership_of_the_city(as_coordinator, milan):
    partnership = PartnershipFactory(city=milan, slug="orti")
    partner = StakeholderFactory(city=milan, slug="coop")
    content = b"partnership,stakeholder,role,amount_eur\norti,coop,funder,1200.50\n"

    confirm(
        as_coordinator, Participation, upload(as_coordinator, Participation, content, city=milan)
    )

    participation = Participation.objects.get()
    assert (participation.partnership, participation.stakeholder) == (partnership, partner)
    assert str(participation.amount_eur) == "1200.50"


def test_partnerships_import_lands_in_the_city_with_themes(as_coordinator, milan):
    ThemeFactory(slug="food")
    content = b"slug,title_it,status,themes\nmensa,Mensa solidale,active,food\n"

    confirm(as_coordinator, Partnership, upload(as_coordinator, Partnership, content, city=milan))

    partnership = Partnership.objects.get(slug="mensa")
    assert partnership.city == milan
    assert partnership.publication_status == PublicationStatus.DRAFT
    assert list(partnership.themes.values_list("slug", flat=True)) == ["food"]


def test_import_page_offers_only_the_users_cities(as_coordinator, milan, sofia):
    form = as_coordinator.get(admin_url(Stakeholder, "import")).context["form"]

    assert list(form.fields["city"].queryset) == [milan]
    assert form.fields["city"].initial == milan.pk


def test_admin_index_and_import_page_answer_in_italian_and_english(as_coordinator):
    # override(): the request activates its language in this thread; leave it as it was.
    with translation.override(None):
        italian = as_coordinator.get(
            admin_url(Stakeholder, "import"), headers={"accept-language": "it"}
        )
        english = as_coordinator.get(
            admin_url(Stakeholder, "import"), headers={"accept-language": "en"}
        )

    assert "Importa nella città" in italian.content.decode()
    assert "Import into city" in english.content.decode()


def test_old_sdg_admin_address_leads_to_its_new_home_in_partnerships(client, superuser):
    client.force_login(superuser)

    response = client.get("/admin/iap/sustainabledevelopmentgoal/4/change/?_changelist_filters=q")

    assert response.status_code == 302
    assert response["Location"] == (
        "/admin/partnerships/sustainabledevelopmentgoal/4/change/?_changelist_filters=q"
    )
