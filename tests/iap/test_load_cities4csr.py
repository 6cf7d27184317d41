"""The shipped CITIES4CSR data: exactly what shared/seed/FACTS.md states, loaded idempotently."""

import datetime as dt
import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import translation

from iap.models import Action, IntegratedActionPlan
from partnerships.models import City, Network, NetworkEvent, Participation, Partnership, Stakeholder
from ulg.models import SmallScaleAction, UrbactLocalGroup

pytestmark = pytest.mark.django_db

FACTS_MD = Path(__file__).resolve().parents[3] / "shared" / "seed" / "FACTS.md"

# FACTS.md, "Examples of public-private partnerships in Milan, 2019–2022".
MILAN_PARTNERSHIPS = {
    "NutriAmiamoci a Ponte Lambro": {
        "Enel",
        "ReCup",
        "Qubì",
        "Centro Cardiologico Monzino",
        "Comune di Milano",
    },
    "Plogging in Darsena": {"Accenture", "WAU!", "Comune di Milano"},
    # The slides' "Cresco Award: Premio Lexmark": the prize the Comune di Milano won.
    "Cresco Award": {"Comune di Milano"},
    "Play Street, murales": {
        "Associazione un muro in movimento",
        "Fondazione Pasquinelli",
        "Comune di Milano",
    },
    "Emergenza Alimentare": {
        "Quartieri Tranquilli",
        "Rob de Matt",
        "Fondazione Archè",
        "Comune di Milano",
    },
    "Fondo di Mutuo Soccorso": {"Aviva", "Comune di Milano"},
    "Donazione PC fissi a comunità per minori": {
        "Fondazione Sodalitas",
        "Intesa Sanpaolo",
        "STMicroelectronics",
        "Associazione Arimo",
        "Comune di Milano",
    },
}

# FACTS.md, "Partner cities".
CITIES = {
    "Milano": ("IT", "lead_partner"),
    "Bratislava": ("SK", "partner"),
    "Budaörs": ("HU", "partner"),
    "Guimarães": ("PT", "partner"),
    "Ķekava": ("LV", "partner"),
    "Molina de Segura": ("ES", "partner"),
    "Nantes Métropole": ("FR", "partner"),
    "Rijeka": ("HR", "partner"),
    "Sofia": ("BG", "partner"),
    "Vratsa": ("BG", "partner"),
}


def load() -> str:
    out = StringIO()
    call_command("load_cities4csr", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def partners_by_partnership() -> dict[str, set[str]]:
    partners: dict[str, set[str]] = {}
    for participation in Participation.objects.select_related("partnership", "stakeholder"):
        partners.setdefault(participation.partnership.title_it, set()).add(
            participation.stakeholder.name
        )
    return partners


def test_loads_the_seven_milan_partnerships_with_exactly_their_partners():
    load()

    assert partners_by_partnership() == MILAN_PARTNERSHIPS
    assert set(Partnership.objects.values_list("city__slug", flat=True)) == {"milano"}


def test_loads_the_ten_partner_cities_with_country_and_role():
    load()

    assert {city.name: (city.country, city.role) for city in City.objects.all()} == CITIES
    assert Network.objects.get().lead_city.name == "Milano"


def test_running_twice_changes_nothing():
    load()
    first = row_counts()

    output = load()

    assert row_counts() == first
    report = [line for line in output.splitlines() if "created" in line]
    assert report and all(": 0 created, 0 updated" in line for line in report)


def test_reports_what_it_created():
    # The report names models in the active language; read it in English.
    with translation.override("en"):
        output = load()

    assert "partnerships: 7 created" in output
    assert "cities: 10 created" in output


def test_everything_it_loads_is_published():
    load()

    for model in (City, Partnership, UrbactLocalGroup, IntegratedActionPlan, NetworkEvent):
        assert not model.objects.exclude(publication_status="published").exists(), model


def test_unknown_facts_stay_empty():
    load()

    assert not Partnership.objects.exclude(start_date=None).exists()
    assert not Partnership.objects.exclude(status="").exists()
    assert not Participation.objects.exclude(role="").exists()
    assert not Participation.objects.exclude(amount_eur=None).exists()
    assert not Action.objects.exclude(start_date=None).exists()
    assert not Action.objects.exclude(budget_eur=None).exists()
    assert not Stakeholder.objects.exclude(engagement_stage="").exists()
    # Dated events all carry the address of the source that dates them.
    assert not NetworkEvent.objects.filter(sources="").exists()
    # "June 2022" is all the source says: the month, shown without a day.
    final_event = NetworkEvent.objects.get(slug="final-event-brussels-2022")
    assert (final_event.start_date, final_event.month_only) == (dt.date(2022, 6, 1), True)


def test_cities_carry_their_geonames_coordinates_with_the_source():
    load()

    milano = City.objects.get(slug="milano")
    # GeoNames 3173435, Milan: 45.46427 N, 9.18951 E.
    assert (float(milano.latitude), float(milano.longitude)) == (45.46427, 9.18951)
    assert "https://www.geonames.org/3173435" in milano.sources.splitlines()
    kekava = City.objects.get(slug="kekava")
    assert (float(kekava.latitude), float(kekava.longitude)) == (56.82662, 24.23)
    assert not City.objects.filter(latitude=None).exists()
    for city in City.objects.all():
        assert sum("geonames.org" in line for line in city.sources.splitlines()) == 1, city


def test_network_counts_the_transnational_activities():
    load()
    network = Network.objects.get()

    assert network.transnational_meetings_count == 11
    assert network.csr_academies_count == 6
    assert network.lead_expert == "Dr Steffen Wetzstein"


def test_milan_plan_has_the_themes_of_the_slides_as_actions():
    load()
    plan = IntegratedActionPlan.objects.get(city__slug="milano")

    assert plan.actions.count() == 5
    assert "account managers" in plan.summary_it
    assert UrbactLocalGroup.objects.get(city__slug="milano").focus_it.startswith(
        "Il tema delle scuole nelle zone periferiche"
    )


def test_ships_no_contact_person_and_no_synthetic_row():
    load()

    for model in apps.get_models():
        if hasattr(model, "is_synthetic"):
            assert not model.objects.filter(is_synthetic=True).exists(), model
    assert not apps.get_model("partnerships", "Contact").objects.exists()


@pytest.mark.skipif(not FACTS_MD.exists(), reason="shared/seed/FACTS.md is not beside this clone")
def test_partner_table_matches_facts_md():
    table = {}
    for line in FACTS_MD.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| (?!partnership|---)(.+?) \| (.+?) \|$", line)
        if match and ";" in match.group(2) or match and "Lexmark" in line:
            partners = re.sub(r"\s*\(as written in the source\)", "", match.group(2))
            table[match.group(1)] = {name.strip() for name in partners.split(";")}
    # "Premio Lexmark" is the prize the Comune di Milano won, not a partner.
    table["Cresco Award"] = {"Comune di Milano"}
    load()

    assert partners_by_partnership() == table


def test_milan_plan_actions_carry_no_invented_codes():
    load()

    assert set(Action.objects.values_list("code", flat=True)) == {""}


def test_the_organisations_are_the_seventeen_partners_not_the_prize():
    load()

    assert Stakeholder.objects.count() == 17
    assert not Stakeholder.objects.filter(name__icontains="Lexmark").exists()


def test_every_partnership_names_the_slides_as_its_source():
    load()

    with translation.override("it"):
        documents = {partnership.source_document for partnership in Partnership.objects.all()}
    assert documents == {"presentazione del Comune di Milano sul progetto CITIES4CSR"}


def test_budaors_pilot_has_a_descriptive_title_not_an_invented_name():
    load()
    ssa = SmallScaleAction.objects.get(ulg__city__slug="budaors")

    assert (ssa.title_it, ssa.title_en) == (
        "Azione pilota di Budaörs",
        "Small-Scale Action of Budaörs",
    )
    assert ssa.summary_en == "Tree planting with local companies, NGOs and residents."


def test_a_new_run_corrects_what_an_earlier_version_loaded_then_changes_nothing():
    load()
    # What the first version of the loader left in the database.
    cresco = Partnership.objects.get(slug="cresco-award")
    Participation.objects.filter(partnership=cresco).delete()
    prize = Stakeholder.objects.create(
        slug="premio-lexmark", name="Premio Lexmark", city=cresco.city
    )
    Participation.objects.create(partnership=cresco, stakeholder=prize)
    for number, action in enumerate(Action.objects.order_by("pk"), start=1):
        Action.objects.filter(pk=action.pk).update(code=str(number))
    SmallScaleAction.objects.filter(ulg__city__slug="budaors").update(
        title_it="Piantumazione di alberi", title_en="Tree planting"
    )
    Partnership.objects.update(source_document_it="", source_document_en="")

    load()

    assert not Stakeholder.objects.filter(slug="premio-lexmark").exists()
    assert partners_by_partnership() == MILAN_PARTNERSHIPS
    assert set(Action.objects.values_list("code", flat=True)) == {""}
    assert SmallScaleAction.objects.get(ulg__city__slug="budaors").title_en == (
        "Small-Scale Action of Budaörs"
    )
    assert not Partnership.objects.filter(source_document_it="").exists()
    counts = row_counts()
    output = load()
    assert row_counts() == counts
    report = [line for line in output.splitlines() if "created" in line]
    assert all(": 0 created, 0 updated" in line for line in report)
