"""Synthetic data for development and benchmarks, clearly marked as such.

The small sets are built with the factory-boy factories of portal/demo/factories.py
(`.build()`, so no per-row query); the four big ones (stakeholders, contacts,
participations, interactions: 1.3 million rows at --scale 10) as plain model instances,
since a factory build costs four times as much a row. Rows are written with
`bulk_create` in batches as they are built, so memory stays flat, and marked
`is_synthetic=True` with "[demo]" in their names; `--purge` removes exactly them.
Everything made belongs to "[demo]" cities of a "[demo]" network, so the real
CITIES4CSR data is never mixed with it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal

import factory.random
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.db.models.deletion import ProtectedError
from django.test.utils import override_settings
from django.utils import timezone, translation
from faker import Faker
from tqdm import tqdm

from core.page_cache import bump_version
from iap import models as iap_models
from partnerships import models as partnership_models
from portal.demo import factories
from ulg import models as ulg_models

BATCH_SIZE = 2000
# Interaction summaries and contacts' job titles are drawn from this many texts written
# by Faker once: a Faker call per row would be a minute of a --scale 10 run.
FAKER_TEXTS = 500
DEMO_USER_PREFIX = "demo-manager-"
CONSENT_DATE = dt.date(2024, 1, 15)

# Row counts at --scale 1.
SCALE_1 = {
    "cities": 10,
    "stakeholders": 5_000,
    "contacts": 20_000,
    "partnerships": 2_000,
    "participations_per_partnership": 3,
    "small_scale_actions": 500,
    "interactions": 100_000,
    "actions": 200,
    "toolbox_resources": 30,
}
THEMES = 8
MANAGERS_PER_CITY = 2
TAGS_PER_CITY = 6
MEMBERSHIPS_PER_ULG = 20
MEETINGS_PER_ULG = 5
INDICATORS_PER_PLAN = 3
RISKS_PER_PLAN = 4
PRIORITIES_PER_CITY = 2
NEEDS_PER_PRIORITY = 5
# Each kind of need in a unit that fits it, with a plausible range: money in euros,
# volunteers in people, goods in items, skills in hours, space in square metres.
DEMO_NEED_UNITS = {
    "money": ("EUR", 500, 20000),
    "volunteers": ("people", 2, 40),
    "goods": ("items", 5, 200),
    "skills": ("hours", 4, 80),
    "space": ("m²", 20, 300),
}
EVENTS = 11

# Children before parents, so PROTECT relations never stand in the way.
PURGE_ORDER = [
    iap_models.Pledge,
    iap_models.Need,
    iap_models.Priority,
    iap_models.Measurement,
    iap_models.Indicator,
    iap_models.Risk,
    iap_models.Action,
    iap_models.IntegratedActionPlan,
    iap_models.ToolboxResource,
    ulg_models.SSAPartner,
    ulg_models.SmallScaleAction,
    ulg_models.Meeting,
    ulg_models.Membership,
    ulg_models.UrbactLocalGroup,
    partnership_models.Interaction,
    partnership_models.Participation,
    partnership_models.Contact,
    partnership_models.Partnership,
    partnership_models.Stakeholder,
    partnership_models.NetworkEvent,
    partnership_models.City,
    partnership_models.Theme,
    partnership_models.Network,
]


class Command(BaseCommand):
    help = (
        "Generate synthetic ('[demo]') data for development and benchmarks. At --scale 1: "
        "10 cities, 5,000 stakeholders, 20,000 contacts, 2,000 partnerships, 6,000 "
        "participations, 500 SSAs, 100,000 interactions, 10 IAPs with 200 actions. "
        "--purge removes all synthetic data and nothing else."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=float, default=0.1, help="1 = the full size (default 0.1)"
        )
        parser.add_argument("--seed", type=int, default=4, help="same seed, same data")
        parser.add_argument("--purge", action="store_true", help="remove all synthetic data")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, scale: float, seed: int, purge: bool, no_progress: bool, **options):
        if purge:
            self._purge()
            return
        if not 0 < scale <= 10:
            raise CommandError("--scale must be greater than 0 and at most 10.")
        if partnership_models.City.objects.synthetic().exists():
            raise CommandError(
                "Synthetic data is already present. Run `generate_demo_data --purge` first."
            )
        generator = DemoDataGenerator(scale=scale, seed=seed, show_progress=not no_progress)
        with translation.override("it"), transaction.atomic():
            created = generator.run()
            # bulk_create sends no save signals: refresh the cached public pages here.
            transaction.on_commit(bump_version)
        for model_name, count in created.items():
            self.stdout.write(f"{model_name}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Synthetic data generated at scale {scale}."))

    def _purge(self) -> None:
        # The rows were written with bulk_create, which records no history; deleting
        # them records none either (and skips 100,000 history inserts).
        with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic():
            try:
                for model in PURGE_ORDER:
                    _total, deleted = model.objects.synthetic().delete()
                    if deleted.get(model._meta.label):
                        self.stdout.write(
                            f"{model._meta.label}: {deleted[model._meta.label]} deleted"
                        )
            except ProtectedError as error:
                names = ", ".join(sorted({str(obj) for obj in error.protected_objects})[:5])
                raise CommandError(
                    f"Real records still refer to synthetic ones ({names}); "
                    "unlink them first. Nothing was deleted."
                ) from error
            users = get_user_model().objects.filter(username__startswith=DEMO_USER_PREFIX)
            deleted, _ = users.delete()
            if deleted:
                self.stdout.write(f"demo account managers and their roles: {deleted} deleted")
        self.stdout.write(self.style.SUCCESS("Synthetic data removed; real data untouched."))


class DemoDataGenerator:
    def __init__(self, *, scale: float, seed: int, show_progress: bool) -> None:
        self.random = random.Random(seed)
        factory.random.reseed_random(seed)
        self.faker = Faker("it_IT")
        self.faker.seed_instance(seed)
        self.counts = {name: max(1, round(count * scale)) for name, count in SCALE_1.items()}
        self.counts["participations_per_partnership"] = SCALE_1["participations_per_partnership"]
        self.created: dict[str, int] = defaultdict(int)
        self.today = timezone.localdate()
        self.progress = tqdm(
            total=self._expected_rows(), unit="rows", disable=not show_progress, desc="demo data"
        )

    def _expected_rows(self) -> int:
        counts = self.counts
        return (
            counts["stakeholders"]
            + counts["contacts"]
            + counts["partnerships"] * (1 + counts["participations_per_partnership"])
            + counts["small_scale_actions"]
            + counts["interactions"]
            + counts["actions"]
        )

    def run(self) -> dict[str, int]:
        network = self._save(
            partnership_models.Network,
            [factories.NetworkFactory.build(name="[demo] Network", programme="[demo]")],
        )[0]
        themes = self._save(
            partnership_models.Theme,
            [
                factories.ThemeFactory.build(name=f"[demo] Theme {n}", slug=f"demo-data-theme-{n}")
                for n in range(1, THEMES + 1)
            ],
        )
        cities = self._save(
            partnership_models.City,
            [
                factories.CityFactory.build(
                    network=network,
                    name=f"[demo] City {n}",
                    slug=f"demo-data-city-{n}",
                    latitude=Decimal(self.random.uniform(36, 60)).quantize(Decimal("0.000001")),
                    longitude=Decimal(self.random.uniform(-9, 28)).quantize(Decimal("0.000001")),
                )
                for n in range(1, self.counts["cities"] + 1)
            ],
        )
        managers = self._account_managers(cities)
        stakeholders = self._stakeholders(cities, managers)
        by_city = defaultdict(list)
        for stakeholder in stakeholders:
            by_city[stakeholder.city_id].append(stakeholder)
        self._tags(cities, stakeholders)
        self._contacts(stakeholders)
        partnerships = self._partnerships(cities, themes, by_city)
        self._interactions(stakeholders, partnerships)
        ulgs = self._ulgs(cities, by_city)
        ssas = self._small_scale_actions(ulgs, themes, by_city)
        self._plans(cities, ssas, themes)
        self._toolbox(cities)
        self._events(network, cities)
        self.progress.close()
        return dict(self.created)

    # -- writing -----------------------------------------------------------------

    def _save(self, model: type[models.Model], rows: list[models.Model]) -> list[models.Model]:
        saved = []
        for start in range(0, len(rows), BATCH_SIZE):
            batch = model.objects.bulk_create(rows[start : start + BATCH_SIZE])
            saved.extend(batch)
        self.created[model._meta.label] += len(rows)
        return saved

    def _save_counted(
        self,
        model: type[models.Model],
        rows: Iterable[models.Model],
        *,
        keep: bool = True,
        progress: bool = True,
    ) -> list[models.Model]:
        """Save a large set in batches as it is built, moving the progress bar.

        `keep=False` for the rows nothing links to later (contacts, participations,
        interactions, many-to-many links): they are let go batch by batch, so memory
        stays flat at scale 10 (a million interactions held until the end would take
        gigabytes).
        """
        saved: list[models.Model] = []
        rows = iter(rows)
        while batch := list(itertools.islice(rows, BATCH_SIZE)):
            created = model.objects.bulk_create(batch)
            if keep:
                saved.extend(created)
            if progress:
                self.progress.update(len(batch))
            self.created[model._meta.label] += len(batch)
        return saved

    def _link(self, through: type[models.Model], pairs: Iterable[dict]) -> None:
        """Fill a many-to-many table directly, in batches as the pairs come."""
        self._save_counted(through, (through(**pair) for pair in pairs), keep=False, progress=False)

    def _date_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.random.randint(0, max(0, (end - start).days)))

    # -- the records -------------------------------------------------------------

    def _account_managers(self, cities) -> dict[int, list]:
        user_model = get_user_model()
        users = self._save(
            user_model,
            [
                user_model(
                    username=f"{DEMO_USER_PREFIX}{city.pk}-{n}",
                    is_staff=True,
                    password=make_password(None),
                )
                for city in cities
                for n in range(1, MANAGERS_PER_CITY + 1)
            ],
        )
        roles, managers = [], defaultdict(list)
        for user in users:
            city_pk = int(user.username.removeprefix(DEMO_USER_PREFIX).split("-")[0])
            managers[city_pk].append(user)
            roles.append(
                partnership_models.CityRole(
                    user=user,
                    city_id=city_pk,
                    role=partnership_models.CityRole.Role.ACCOUNT_MANAGER,
                )
            )
        self._save(partnership_models.CityRole, roles)
        return managers

    def _stakeholders(self, cities, managers) -> list:
        stages = partnership_models.Stakeholder.EngagementStage.values
        kinds = partnership_models.Stakeholder.Kind.values

        def build() -> Iterator:
            for n in range(1, self.counts["stakeholders"] + 1):
                city = self.random.choice(cities)
                yield partnership_models.Stakeholder(
                    name=f"[demo] Organisation {n}",
                    slug=f"demo-data-organisation-{n}",
                    city_id=city.pk,
                    kind=self.random.choice(kinds),
                    engagement_stage=self.random.choice(stages),
                    account_manager_id=self.random.choice(managers[city.pk]).pk,
                    listing_consent=self.random.random() < 0.8,
                    website=f"https://organisation-{n}.example.org",
                    is_synthetic=True,
                )

        return self._save_counted(partnership_models.Stakeholder, build())

    def _tags(self, cities, stakeholders) -> None:
        """A few tags a city, each stakeholder wearing none, one or two of its city's."""
        tags = self._save(
            partnership_models.Tag,
            [
                partnership_models.Tag(city=city, name=f"[demo] tag {n}")
                for city in cities
                for n in range(1, TAGS_PER_CITY + 1)
            ],
        )
        of_city = defaultdict(list)
        for tag in tags:
            of_city[tag.city_id].append(tag)
        self._link(
            partnership_models.Stakeholder.tags.through,
            [
                {"stakeholder_id": stakeholder.pk, "tag_id": tag.pk}
                for stakeholder in stakeholders
                for tag in self.random.sample(
                    of_city[stakeholder.city_id], self.random.randint(0, 2)
                )
            ],
        )

    def _contacts(self, stakeholders) -> None:
        jobs = [self.faker.job() for _ in range(FAKER_TEXTS)]

        def build() -> Iterator:
            for n in range(1, self.counts["contacts"] + 1):
                yield partnership_models.Contact(
                    stakeholder_id=self.random.choice(stakeholders).pk,
                    name=self.faker.name(),
                    role=self.random.choice(jobs),
                    email=f"person{n}@contact.example.org",
                    phone=f"+39 02 {n:07d}",
                    consent_date=CONSENT_DATE,
                    consent_source="demo",
                    is_synthetic=True,
                )

        self._save_counted(partnership_models.Contact, build(), keep=False)

    def _partnerships(self, cities, themes, by_city) -> list:
        statuses = partnership_models.Partnership.Status.values
        published = partnership_models.PublicationStatus.PUBLISHED
        draft = partnership_models.PublicationStatus.DRAFT

        def build() -> Iterator:
            for n in range(1, self.counts["partnerships"] + 1):
                start = self._date_between(dt.date(2019, 1, 1), dt.date(2026, 6, 30))
                yield factories.PartnershipFactory.build(
                    title=f"[demo] Partnership {n}",
                    slug=f"demo-data-partnership-{n}",
                    city=self.random.choice(cities),
                    start_date=start,
                    end_date=start + dt.timedelta(days=self.random.randint(30, 900)),
                    status=self.random.choice(statuses),
                    publication_status=published if self.random.random() < 0.9 else draft,
                    featured=self.random.random() < 0.02,
                    neighbourhood=f"[demo] Quartiere {self.random.randint(1, 9)}",
                )

        partnerships = self._save_counted(partnership_models.Partnership, build())
        self._link(
            partnership_models.Partnership.themes.through,
            [
                {"partnership_id": partnership.pk, "theme_id": theme.pk}
                for partnership in partnerships
                for theme in self.random.sample(themes, 2)
            ],
        )
        roles = partnership_models.Participation.Role.values
        per_partnership = self.counts["participations_per_partnership"]

        def participations() -> Iterator:
            for partnership in partnerships:
                candidates = by_city[partnership.city_id]
                for stakeholder in self.random.sample(
                    candidates, min(per_partnership, len(candidates))
                ):
                    yield partnership_models.Participation(
                        partnership_id=partnership.pk,
                        stakeholder_id=stakeholder.pk,
                        role=self.random.choice(roles),
                        amount_eur=Decimal(self.random.randint(0, 50_000)),
                        is_synthetic=True,
                    )

        self._save_counted(
            partnership_models.Participation,
            participations(),
            keep=False,
        )
        return partnerships

    def _interactions(self, stakeholders, partnerships) -> None:
        kinds = partnership_models.Interaction.Kind.values
        two_years_ago = self.today - dt.timedelta(days=730)
        summaries = [f"[demo] {self.faker.sentence()}" for _ in range(FAKER_TEXTS)]

        def build() -> Iterator:
            for _n in range(self.counts["interactions"]):
                stakeholder = self.random.choice(stakeholders)
                date = self._date_between(two_years_ago, self.today)
                follow_up = self.random.random() < 0.2
                follow_up_date = date + dt.timedelta(days=self.random.randint(1, 60))
                yield partnership_models.Interaction(
                    stakeholder_id=stakeholder.pk,
                    kind=self.random.choice(kinds),
                    date=date,
                    owner_id=stakeholder.account_manager_id,
                    partnership_id=self.random.choice(partnerships).pk
                    if self.random.random() < 0.1
                    else None,
                    summary=self.random.choice(summaries),
                    is_synthetic=True,
                    follow_up_date=follow_up_date if follow_up else None,
                    follow_up_action="[demo] richiamare" if follow_up else "",
                    follow_up_done=follow_up
                    and follow_up_date < self.today
                    and self.random.random() < 0.7,
                )

        self._save_counted(partnership_models.Interaction, build(), keep=False)

    def _ulgs(self, cities, by_city) -> list:
        ulgs = self._save(
            ulg_models.UrbactLocalGroup,
            [
                factories.UrbactLocalGroupFactory.build(city=city, name=f"[demo] ULG {city.name}")
                for city in cities
            ],
        )
        roles = ulg_models.Membership.Role.values
        self._save(
            ulg_models.Membership,
            [
                factories.MembershipFactory.build(
                    ulg=ulg, stakeholder=stakeholder, role=self.random.choice(roles)
                )
                for ulg in ulgs
                for stakeholder in self.random.sample(
                    by_city[ulg.city_id], min(MEMBERSHIPS_PER_ULG, len(by_city[ulg.city_id]))
                )
            ],
        )
        self._save(
            ulg_models.Meeting,
            [
                factories.MeetingFactory.build(
                    ulg=ulg,
                    title=f"[demo] ULG meeting {n}",
                    date=self._date_between(dt.date(2019, 10, 1), dt.date(2022, 6, 30)),
                )
                for ulg in ulgs
                for n in range(1, MEETINGS_PER_ULG + 1)
            ],
        )
        return ulgs

    def _small_scale_actions(self, ulgs, themes, by_city) -> list:
        def build() -> Iterator:
            for n in range(1, self.counts["small_scale_actions"] + 1):
                start = self._date_between(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
                yield factories.SmallScaleActionFactory.build(
                    ulg=self.random.choice(ulgs),
                    title=f"[demo] Small-Scale Action {n}",
                    slug=f"demo-data-ssa-{n}",
                    start_date=start,
                    end_date=start + dt.timedelta(days=self.random.randint(30, 300)),
                )

        ssas = self._save_counted(ulg_models.SmallScaleAction, build())
        self._link(
            ulg_models.SmallScaleAction.themes.through,
            [
                {"smallscaleaction_id": ssa.pk, "theme_id": self.random.choice(themes).pk}
                for ssa in ssas
            ],
        )
        city_of_ulg = {ulg.pk: ulg.city_id for ulg in ulgs}
        self._save(
            ulg_models.SSAPartner,
            [
                factories.SSAPartnerFactory.build(
                    small_scale_action=ssa, stakeholder=stakeholder, role="[demo] partner"
                )
                for ssa in ssas
                for stakeholder in self.random.sample(
                    by_city[city_of_ulg[ssa.ulg_id]], min(2, len(by_city[city_of_ulg[ssa.ulg_id]]))
                )
            ],
        )
        return ssas

    def _plans(self, cities, ssas, themes) -> None:
        plans = self._save(
            iap_models.IntegratedActionPlan,
            [
                factories.IntegratedActionPlanFactory.build(
                    city=city,
                    title=f"[demo] IAP {city.name}",
                    policy_theme=self.random.choice(themes),
                )
                for city in cities
            ],
        )
        statuses = iap_models.Action.Status.values

        def build_actions() -> Iterator:
            for n in range(self.counts["actions"]):
                start = self._date_between(dt.date(2022, 1, 1), dt.date(2025, 12, 31))
                yield factories.ActionFactory.build(
                    plan=plans[n % len(plans)],
                    code=f"{n // len(plans) + 1}",
                    title=f"[demo] Action {n + 1}",
                    start_date=start,
                    end_date=start + dt.timedelta(days=self.random.randint(60, 1000)),
                    budget_eur=Decimal(self.random.randint(1, 200) * 1000),
                    status=self.random.choice(statuses),
                )

        actions = self._save_counted(iap_models.Action, build_actions())
        ssas_by_city = defaultdict(list)
        for ssa in ssas:
            ssas_by_city[ssa.ulg.city_id].append(ssa)
        plan_city = {plan.pk: plan.city_id for plan in plans}
        self._link(
            iap_models.Action.related_ssas.through,
            [
                {
                    "action_id": action.pk,
                    "smallscaleaction_id": self.random.choice(
                        ssas_by_city[plan_city[action.plan_id]]
                    ).pk,
                }
                for action in actions
                if ssas_by_city[plan_city[action.plan_id]]
            ],
        )
        indicators = self._save(
            iap_models.Indicator,
            [
                factories.IndicatorFactory.build(
                    plan=plan,
                    name=f"[demo] Indicator {plan.pk}.{n}",
                    target=Decimal(self.random.randint(10, 500)),
                )
                for plan in plans
                for n in range(1, INDICATORS_PER_PLAN + 1)
            ],
        )
        self._save(
            iap_models.Measurement,
            [
                factories.MeasurementFactory.build(
                    indicator=indicator,
                    date=dt.date(year, 12, 31),
                    value=indicator.target * Decimal(self.random.randint(10, 90)) / 100,
                )
                for indicator in indicators
                for year in (2023, 2024)
            ],
        )
        self._save(
            iap_models.Risk,
            [
                factories.RiskFactory.build(
                    plan=plan,
                    description=f"[demo] Risk {n}",
                    likelihood=self.random.randint(1, 3),
                    impact=self.random.randint(1, 3),
                )
                for plan in plans
                for n in range(1, RISKS_PER_PLAN + 1)
            ],
        )
        self._needs(cities, actions, themes)

    def _needs(self, cities, actions, themes) -> None:
        priorities = self._save(
            iap_models.Priority,
            [
                factories.PriorityFactory.build(city=city, title=f"[demo] Priority {city.pk}.{n}")
                for city in cities
                for n in range(1, PRIORITIES_PER_CITY + 1)
            ],
        )
        self._link(
            iap_models.Priority.themes.through,
            [
                {"priority_id": priority.pk, "theme_id": self.random.choice(themes).pk}
                for priority in priorities
            ],
        )
        kinds = partnership_models.ResourceKind.values
        self._save(
            iap_models.Need,
            [
                factories.NeedFactory.build(
                    priority=priority,
                    title=f"[demo] Need {priority.pk}.{n}",
                    slug=f"demo-data-need-{priority.pk}-{n}",
                    **self._need_amount(self.random.choice(kinds)),
                    deadline=self.today + dt.timedelta(days=self.random.randint(-30, 365)),
                )
                for priority in priorities
                for n in range(1, NEEDS_PER_PRIORITY + 1)
            ],
        )

    def _need_amount(self, kind: str) -> dict:
        """A quantity in a unit that fits the kind: euros, people, items, hours, m²."""
        unit, low, high = DEMO_NEED_UNITS[kind]
        return {
            "resource_kind": kind,
            "quantity": Decimal(self.random.randint(low, high)),
            "unit": unit,
        }

    def _toolbox(self, cities) -> None:
        kinds = iap_models.ToolboxResource.Kind.values
        self._save(
            iap_models.ToolboxResource,
            [
                factories.ToolboxResourceFactory.build(
                    city=self.random.choice(cities),
                    title=f"[demo] Toolbox resource {n}",
                    slug=f"demo-data-toolbox-{n}",
                    kind=self.random.choice(kinds),
                    language=self.random.choice(["it", "en"]),
                )
                for n in range(1, self.counts["toolbox_resources"] + 1)
            ],
        )

    def _events(self, network, cities) -> None:
        self._save(
            partnership_models.NetworkEvent,
            [
                factories.NetworkEventFactory.build(
                    network=network,
                    title=f"[demo] Transnational meeting {n}",
                    slug=f"demo-data-event-{n}",
                    host_city=self.random.choice(cities),
                    start_date=self._date_between(dt.date(2019, 9, 1), dt.date(2022, 8, 31)),
                )
                for n in range(1, EVENTS + 1)
            ],
        )
