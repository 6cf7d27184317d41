import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import translation

from partnerships.models import City, Partnership, PublicationStatus, Stakeholder
from portal.demo.factories import (
    CityFactory,
    CityRoleFactory,
    InteractionFactory,
    ParticipationFactory,
    PartnershipFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db


def assert_refused_by_database(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_partnership_cannot_end_before_it_starts():
    assert_refused_by_database(
        lambda: PartnershipFactory(start_date=dt.date(2022, 1, 1), end_date=dt.date(2021, 1, 1))
    )


def test_partnership_end_date_error_is_shown_on_validation():
    partnership = PartnershipFactory.build(
        city=CityFactory(), start_date=dt.date(2022, 1, 1), end_date=dt.date(2021, 1, 1)
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        partnership.full_clean()

    assert error.value.messages == ["The end date cannot be before the start date."]


def test_partnership_with_open_end_is_allowed():
    partnership = PartnershipFactory(start_date=dt.date(2022, 1, 1), end_date=None)
    assert partnership.pk


def test_participation_amount_cannot_be_negative():
    assert_refused_by_database(lambda: ParticipationFactory(amount_eur=-1))


def test_a_stakeholder_takes_part_in_a_partnership_once():
    participation = ParticipationFactory()
    assert_refused_by_database(
        lambda: ParticipationFactory(
            partnership=participation.partnership, stakeholder=participation.stakeholder
        )
    )


def test_city_latitude_must_be_on_earth():
    assert_refused_by_database(lambda: CityFactory(latitude=91))


def test_coordinator_role_needs_a_city():
    assert_refused_by_database(lambda: CityRoleFactory(city=None))


def test_published_lists_only_published_partnerships():
    published = PartnershipFactory()
    PartnershipFactory(publication_status=PublicationStatus.DRAFT)

    assert list(Partnership.objects.public()) == [published]


def test_published_cities_exclude_drafts():
    published = CityFactory()
    CityFactory(publication_status=PublicationStatus.DRAFT)

    assert list(City.objects.public()) == [published]


def test_public_stakeholders_are_those_that_agreed_to_be_listed():
    listed = StakeholderFactory(listing_consent=True)
    StakeholderFactory(listing_consent=False)

    assert list(Stakeholder.objects.public()) == [listed]


def test_deleting_a_stakeholder_that_takes_part_in_a_partnership_is_refused():
    participation = ParticipationFactory()

    with pytest.raises(ProtectedError, match="protected foreign keys"):
        participation.stakeholder.delete()

    assert Stakeholder.objects.filter(pk=participation.stakeholder.pk).exists()


def test_deleting_a_stakeholder_with_interactions_is_refused():
    interaction = InteractionFactory()

    with pytest.raises(ProtectedError):
        interaction.stakeholder.delete()


def test_deleting_a_city_with_partnerships_is_refused():
    partnership = PartnershipFactory()

    with pytest.raises(ProtectedError):
        partnership.city.delete()


def test_deleting_a_partnership_removes_its_participations_not_the_partners():
    participation = ParticipationFactory()
    stakeholder = participation.stakeholder

    participation.partnership.delete()

    assert Stakeholder.objects.filter(pk=stakeholder.pk).exists()


def test_public_models_name_themselves_and_their_page():
    partnership = PartnershipFactory(title="Plogging in Darsena", slug="plogging-in-darsena")

    assert str(partnership) == "Plogging in Darsena"
    assert partnership.get_absolute_url() == "/it/partnerships/plogging-in-darsena/"
    assert partnership.city.get_absolute_url() == f"/it/cities/{partnership.city.slug}/"


def test_sources_must_be_web_addresses_one_per_line():
    city = CityFactory.build(network=CityFactory().network, sources="https://urbact.eu\nnot a url")

    with pytest.raises(ValidationError) as error:
        city.full_clean()

    assert "sources" in error.value.message_dict


def test_changes_are_kept_in_history():
    partnership = PartnershipFactory(title="Prima")
    partnership.title = "Seconda"
    partnership.save()

    assert [record.title for record in partnership.history.all()] == ["Seconda", "Prima"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Qubi", "Programma QuBì"),
        ("qubì", "Programma QUBI"),
        ("kekava", "Scuole di Ķekava"),
        ("LODZ", "Partenariato di Łódź"),
        ("perche", "Perché no"),
    ],
)
def test_partnership_search_ignores_accents_and_case(milan, typed, stored):
    """On SQLite and on PostgreSQL (run also with DATABASE_URL=postgres://…)."""
    found = PartnershipFactory(city=milan, title_it=stored)
    PartnershipFactory(city=milan, title_it="Altro progetto")

    assert list(Partnership.objects.search(typed)) == [found]


def test_partnership_search_ignores_accents_in_partner_names(milan):
    found = PartnershipFactory(city=milan, title_it="Progetto")
    ParticipationFactory(partnership=found, stakeholder__name="Fondazione Cariplò")

    assert list(Partnership.objects.search("cariplo")) == [found]
