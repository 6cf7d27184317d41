"""factory-boy factories for every model, shared by the tests and `generate_demo_data`.

Everything a factory makes is synthetic: names carry the "[demo]" marker where a
person could mistake them for real, and `is_synthetic` is set.
"""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from iap import models as iap_models
from partnerships import models as partnerships_models
from partnerships.roles import role_group
from ulg import models as ulg_models

DEMO = "[demo]"
PUBLISHED = partnerships_models.PublicationStatus.PUBLISHED


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct-horse-battery-staple")
    is_staff = True


class NetworkFactory(DjangoModelFactory):
    class Meta:
        model = partnerships_models.Network

    name = factory.Sequence(lambda n: f"{DEMO} Network {n}")
    programme = "URBACT"
    is_synthetic = True


class CityFactory(DjangoModelFactory):
    class Meta:
        model = partnerships_models.City

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"{DEMO} City {n}")
    slug = factory.Sequence(lambda n: f"demo-city-{n}")
    country = "IT"
    csr_focus = factory.Faker("sentence", locale="it_IT")
    publication_status = PUBLISHED
    is_synthetic = True


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = partnerships_models.Theme

    name = factory.Sequence(lambda n: f"{DEMO} Theme {n}")
    slug = factory.Sequence(lambda n: f"demo-theme-{n}")
    is_synthetic = True


class StakeholderFactory(DjangoModelFactory):
    class Meta:
        model = partnerships_models.Stakeholder

    name = factory.Sequence(lambda n: f"{DEMO} Organisation {n}")
    slug = factory.Sequence(lambda n: f"demo-organisation-{n}")
    kind = factory.Iterator(partnerships_models.Stakeholder.Kind.values)
    city = factory.SubFactory(CityFactory)
    website = factory.Sequence(lambda n: f"https://organisation-{n}.example.org")
    listing_consent = True
    is_synthetic = True


class TagFactory(DjangoModelFactory):
    class Meta:
        model = partnerships_models.Tag

    city = factory.SubFactory(CityFactory)
    name = factory.Sequence(lambda n: f"{DEMO} tag {n}")


class SegmentFactory(DjangoModelFactory):
    class Meta:
        model = partnerships_models.Segment

    city = factory.SubFactory(CityFactory)
    name = factory.Sequence(lambda n: f"{DEMO} segment {n}")


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = partnerships_models.Contact

    stakeholder = factory.SubFactory(StakeholderFactory)
    name = factory.Faker("name", locale="it_IT")
    role = factory.Faker("job", locale="it_IT")
    email = factory.Sequence(lambda n: f"person{n}@contact.example.org")
    phone = factory.Sequence(lambda n: f"+39 02 {n:07d}")
    consent_date = dt.date(2024, 1, 15)
    consent_source = "demo"
    is_synthetic = True


class PartnershipFactory(DjangoModelFactory):
    class Meta:
        model = partnerships_models.Partnership
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"{DEMO} Partnership {n}")
    slug = factory.Sequence(lambda n: f"demo-partnership-{n}")
    city = factory.SubFactory(CityFactory)
    summary = factory.Faker("sentence", locale="it_IT")
    start_date = dt.date(2021, 3, 1)
    end_date = dt.date(2022, 6, 30)
    status = partnerships_models.Partnership.Status.ACTIVE
    publication_status = PUBLISHED
    is_synthetic = True

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = partnerships_models.Participation

    partnership = factory.SubFactory(PartnershipFactory)
    stakeholder = factory.SubFactory(
        StakeholderFactory, city=factory.SelfAttribute("..partnership.city")
    )
    role = partnerships_models.Participation.Role.FUNDER
    is_synthetic = True


class NetworkEventFactory(DjangoModelFactory):
    class Meta:
        model = partnerships_models.NetworkEvent

    network = factory.SubFactory(NetworkFactory)
    kind = partnerships_models.NetworkEvent.Kind.TRANSNATIONAL_MEETING
    title = factory.Sequence(lambda n: f"{DEMO} Meeting {n}")
    slug = factory.Sequence(lambda n: f"demo-event-{n}")
    start_date = dt.date(2021, 5, 10)
    host_city = factory.SubFactory(CityFactory, network=factory.SelfAttribute("..network"))
    publication_status = PUBLISHED
    is_synthetic = True


class InteractionFactory(DjangoModelFactory):
    class Meta:
        model = partnerships_models.Interaction

    stakeholder = factory.SubFactory(StakeholderFactory)
    kind = partnerships_models.Interaction.Kind.CALL
    date = dt.date(2026, 10, 1)
    summary = factory.Faker("sentence", locale="it_IT")
    is_synthetic = True


class ProposalFactory(DjangoModelFactory):
    class Meta:
        model = partnerships_models.Proposal

    organisation_name = factory.Sequence(lambda n: f"{DEMO} Proposing company {n}")
    organisation_kind = partnerships_models.Stakeholder.Kind.COMPANY
    contact_name = factory.Faker("name", locale="it_IT")
    email = factory.Sequence(lambda n: f"proposer{n}@company.example.org")
    city = factory.SubFactory(CityFactory)
    resource_kinds = factory.LazyFunction(lambda: [partnerships_models.ResourceKind.VOLUNTEERS])
    offer = factory.Faker("paragraph", locale="it_IT")
    privacy_consent = True


class CityRoleFactory(DjangoModelFactory):
    class Meta:
        model = partnerships_models.CityRole
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    city = factory.SubFactory(CityFactory)
    role = partnerships_models.CityRole.Role.COORDINATOR

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        # As `grant_city_role` does: the role's group carries its model permissions.
        if create:
            self.user.groups.add(role_group(self.role))


class UrbactLocalGroupFactory(DjangoModelFactory):
    class Meta:
        model = ulg_models.UrbactLocalGroup

    city = factory.SubFactory(CityFactory)
    name = factory.LazyAttribute(lambda group: f"ULG {group.city.name}")
    focus = factory.Faker("sentence", locale="it_IT")
    publication_status = PUBLISHED
    is_synthetic = True


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = ulg_models.Membership

    ulg = factory.SubFactory(UrbactLocalGroupFactory)
    stakeholder = factory.SubFactory(StakeholderFactory, city=factory.SelfAttribute("..ulg.city"))
    role = ulg_models.Membership.Role.MEMBER
    joined = dt.date(2020, 1, 10)
    is_synthetic = True


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = ulg_models.Meeting

    ulg = factory.SubFactory(UrbactLocalGroupFactory)
    date = dt.date(2021, 2, 3)
    title = factory.Sequence(lambda n: f"{DEMO} ULG meeting {n}")
    publication_status = PUBLISHED
    is_synthetic = True


class SmallScaleActionFactory(DjangoModelFactory):
    class Meta:
        model = ulg_models.SmallScaleAction

    ulg = factory.SubFactory(UrbactLocalGroupFactory)
    title = factory.Sequence(lambda n: f"{DEMO} Small-Scale Action {n}")
    slug = factory.Sequence(lambda n: f"demo-ssa-{n}")
    summary = factory.Faker("sentence", locale="it_IT")
    start_date = dt.date(2021, 1, 1)
    end_date = dt.date(2021, 12, 31)
    status = ulg_models.SmallScaleAction.Status.COMPLETED
    publication_status = PUBLISHED
    is_synthetic = True


class SSAPartnerFactory(DjangoModelFactory):
    class Meta:
        model = ulg_models.SSAPartner

    small_scale_action = factory.SubFactory(SmallScaleActionFactory)
    stakeholder = factory.SubFactory(
        StakeholderFactory, city=factory.SelfAttribute("..small_scale_action.ulg.city")
    )
    role = "partner"
    is_synthetic = True


class IntegratedActionPlanFactory(DjangoModelFactory):
    class Meta:
        model = iap_models.IntegratedActionPlan

    city = factory.SubFactory(CityFactory)
    title = factory.LazyAttribute(lambda plan: f"{DEMO} IAP {plan.city.name}")
    strategic_objective = factory.Faker("sentence", locale="it_IT")
    status = iap_models.IntegratedActionPlan.Status.ADOPTED
    publication_status = PUBLISHED
    is_synthetic = True


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = iap_models.Action

    plan = factory.SubFactory(IntegratedActionPlanFactory)
    code = factory.Sequence(lambda n: f"A{n}")
    title = factory.Sequence(lambda n: f"{DEMO} Action {n}")
    start_date = dt.date(2022, 1, 1)
    end_date = dt.date(2024, 12, 31)
    budget_eur = 10000
    status = iap_models.Action.Status.IN_PROGRESS
    is_synthetic = True


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = iap_models.Indicator

    plan = factory.SubFactory(IntegratedActionPlanFactory)
    name = factory.Sequence(lambda n: f"{DEMO} Indicator {n}")
    unit = "n."
    baseline = 0
    target = 100
    target_date = dt.date(2025, 12, 31)
    is_synthetic = True


class MeasurementFactory(DjangoModelFactory):
    class Meta:
        model = iap_models.Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    date = dt.date(2023, 6, 30)
    value = 40
    is_synthetic = True


class RiskFactory(DjangoModelFactory):
    class Meta:
        model = iap_models.Risk

    plan = factory.SubFactory(IntegratedActionPlanFactory)
    description = factory.Faker("sentence", locale="it_IT")
    likelihood = 2
    impact = 3
    is_synthetic = True


class ToolboxResourceFactory(DjangoModelFactory):
    class Meta:
        model = iap_models.ToolboxResource

    city = factory.SubFactory(CityFactory)
    title = factory.Sequence(lambda n: f"{DEMO} Toolbox resource {n}")
    slug = factory.Sequence(lambda n: f"demo-toolbox-{n}")
    kind = iap_models.ToolboxResource.Kind.METHOD
    publication_status = PUBLISHED
    is_synthetic = True


class PriorityFactory(DjangoModelFactory):
    class Meta:
        model = iap_models.Priority

    city = factory.SubFactory(CityFactory)
    title = factory.Sequence(lambda n: f"{DEMO} Priority {n}")
    publication_status = PUBLISHED
    is_synthetic = True


class NeedFactory(DjangoModelFactory):
    class Meta:
        model = iap_models.Need

    priority = factory.SubFactory(PriorityFactory)
    title = factory.Sequence(lambda n: f"{DEMO} Need {n}")
    slug = factory.Sequence(lambda n: f"demo-need-{n}")
    resource_kind = partnerships_models.ResourceKind.VOLUNTEERS
    quantity = 20
    unit = "volunteers"
    deadline = dt.date(2030, 6, 30)
    publication_status = PUBLISHED
    is_synthetic = True


class PledgeFactory(DjangoModelFactory):
    class Meta:
        model = iap_models.Pledge

    need = factory.SubFactory(NeedFactory)
    stakeholder = factory.SubFactory(
        StakeholderFactory, city=factory.SelfAttribute("..need.priority.city")
    )
    quantity_pledged = 5
    pledged_on = dt.date(2026, 1, 10)
    is_synthetic = True
