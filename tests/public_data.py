"""A small published network for the public-site tests, at any scale.

`populate(milan, sofia, scale=n)` gives Milan n partnerships (each with partners
who have contacts), a ULG with members and meetings, n SSAs, an IAP with n actions,
indicators and risks, n toolbox resources and n network events; Sofia gets one
partnership. It also adds drafts, which no public page may show. Calling it again
with `start=n` adds more of the same, to compare a page at two data sizes.
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from iap import models as iap_models
from iap.models import IntegratedActionPlan
from partnerships.models import City, Participation, PublicationStatus, Stakeholder, Theme
from portal.demo import factories
from ulg.models import UrbactLocalGroup

DRAFT = PublicationStatus.DRAFT


def populate(milan: City, sofia: City, scale: int = 1, start: int = 0) -> dict:
    # The test client leaves the last request's language active; Italian text must
    # land in the Italian fields whatever ran before.
    with translation.override("it"):
        return _populate(milan, sofia, scale, start)


def _populate(milan: City, sofia: City, scale: int, start: int) -> dict:
    network = milan.network
    network.name = "CITIES4CSR [demo]"
    network.transnational_meetings_count = 11
    network.csr_academies_count = 6
    network.save()
    sofia.network = network
    sofia.save()
    school = Theme.objects.filter(slug="school-poverty").first() or factories.ThemeFactory(
        name="Povertà educativa", name_en="School poverty", slug="school-poverty"
    )
    food = Theme.objects.filter(slug="food").first() or factories.ThemeFactory(
        name="Cibo", slug="food"
    )
    ulg = UrbactLocalGroup.objects.filter(city=milan).first() or (
        factories.UrbactLocalGroupFactory(city=milan, name="ULG Milano")
    )
    plan = IntegratedActionPlan.objects.filter(city=milan).first() or (
        factories.IntegratedActionPlanFactory(city=milan, title="Piano d'azione Milano")
    )
    priority = iap_models.Priority.objects.filter(city=milan).first() or (
        factories.PriorityFactory(city=milan, title="Contrasto alla povertà educativa")
    )
    priority.themes.add(school)
    partnerships = []
    for number in range(start, start + scale):
        partnership = factories.PartnershipFactory(
            city=milan,
            title=f"Partenariato {number}",
            slug=f"partenariato-{number}",
            themes=[school, food] if number % 2 else [school],
            start_date=dt.date(2020 + number % 3, 3, 1),
            end_date=dt.date(2022, 6, 30),
            featured=number == 0,
            sources="https://urbact.eu/cities4csr",
        )
        for kind in (Stakeholder.Kind.COMPANY, Stakeholder.Kind.ASSOCIATION):
            participation = factories.ParticipationFactory(
                partnership=partnership,
                stakeholder__kind=kind,
                role=Participation.Role.FUNDER,
            )
            factories.ContactFactory(stakeholder=participation.stakeholder)
            factories.MembershipFactory(ulg=ulg, stakeholder=participation.stakeholder)
        partnerships.append(partnership)
        ssa = factories.SmallScaleActionFactory(
            ulg=ulg, title=f"Azione pilota {number}", slug=f"azione-pilota-{number}"
        )
        ssa.partnerships.add(partnership)
        factories.SSAPartnerFactory(
            small_scale_action=ssa, stakeholder=partnership.participations.first().stakeholder
        )
        action = factories.ActionFactory(plan=plan, code=f"A{number + 1}")
        action.partnerships.add(partnership)
        action.related_ssas.add(ssa)
        indicator = factories.IndicatorFactory(plan=plan, action=action)
        factories.MeasurementFactory(indicator=indicator, value=40)
        factories.RiskFactory(plan=plan, likelihood=1 + number % 3, impact=3 - number % 3)
        meeting = factories.MeetingFactory(ulg=ulg, title=f"Riunione {number}")
        meeting.attendees.add(partnership.participations.first().stakeholder)
        factories.ToolboxResourceFactory(city=milan, language="it" if number % 2 else "en")
        factories.NetworkEventFactory(network=network, host_city=milan)
        proposal = factories.ProposalFactory(city=milan)
        need = factories.NeedFactory(
            priority=priority,
            title=f"Bisogno {number}",
            slug=f"bisogno-{number}",
            place="Niguarda" if number % 2 else "Scuola Pascoli",
            action=action,
        )
        need.offered_by.add(proposal)
        factories.PledgeFactory(
            need=need,
            stakeholder=partnership.participations.first().stakeholder,
            partnership=partnership,
            quantity_pledged=5,
            quantity_delivered=number % 2 * 5,
            delivered_on=dt.date(2026, 2, 1) if number % 2 else None,
        )
    if start:
        return {"partnerships": partnerships}
    sofia_partnership = factories.PartnershipFactory(
        city=sofia, title="Sofia partnership", slug="sofia-partnership"
    )
    factories.ParticipationFactory(partnership=sofia_partnership)
    drafts = {
        "partnership": factories.PartnershipFactory(
            city=milan, title="Bozza segreta", slug="bozza-segreta", publication_status=DRAFT
        ),
        "city": factories.CityFactory(
            name="Città in bozza", slug="citta-in-bozza", publication_status=DRAFT
        ),
        "ssa": factories.SmallScaleActionFactory(
            ulg=ulg, title="Pilota in bozza", slug="pilota-in-bozza", publication_status=DRAFT
        ),
        "toolbox": factories.ToolboxResourceFactory(
            city=milan, title="Strumento in bozza", publication_status=DRAFT
        ),
        "need": factories.NeedFactory(
            priority=priority,
            title="Bisogno in bozza",
            slug="bisogno-in-bozza",
            publication_status=DRAFT,
        ),
    }
    return {
        "network": network,
        "themes": [school, food],
        "ulg": ulg,
        "plan": plan,
        "partnerships": partnerships,
        "sofia_partnership": sofia_partnership,
        "drafts": drafts,
    }


# One page of every public kind, as a path after the language prefix, on the data of
# `populate(..., scale >= 14)` (enough for a second page of partnerships).
PAGE_KINDS = {
    "home": "",
    "partnership-list": "partnerships/",
    "partnership-list-page-2": "partnerships/?page=2",
    "partnership-detail": "partnerships/partenariato-1/",
    "city-list": "cities/",
    "city-detail": "cities/milano/",
    "ulg": "cities/milano/ulg/",
    "ssa": "small-scale-actions/azione-pilota-1/",
    "plan": "cities/milano/iap/",
    "toolbox": "toolbox/",
    "need-list": "needs/",
    "need-detail": "needs/bisogno-1/",
    "need-offer": "needs/bisogno-1/offer/",
    "stakeholder-list": "stakeholders/",
    "network": "network/",
    "numbers": "numbers/",
    "open-data": "open-data/",
    "propose": "propose/",
    "propose-thanks": "propose/thanks/",
    "privacy": "privacy/",
    "accessibility": "accessibility/",
    "cookies": "cookies/",
}
