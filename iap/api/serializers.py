"""Integrated Action Plans, their actions, indicators, measurements and the toolbox as JSON."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from iap.models import (
    Action,
    Indicator,
    IntegratedActionPlan,
    Measurement,
    Need,
    Pledge,
    Priority,
    ToolboxResource,
)
from partnerships.api.base import CityScopedSerializer, SourcesListField
from partnerships.api.serializers import page_url_field, slug_relation
from partnerships.models import City, Partnership, Stakeholder, Theme
from ulg.models import SmallScaleAction


class ActionSerializer(CityScopedSerializer):
    city = serializers.CharField(source="plan.city.slug", read_only=True, label=_("city"))
    related_ssas = slug_relation(SmallScaleAction.objects.all(), many=True, required=False)
    partners = slug_relation(Stakeholder.objects.all(), many=True, required=False)
    partnerships = slug_relation(Partnership.objects.all(), many=True, required=False)

    class Meta:
        model = Action
        fields = [
            "id",
            "plan",
            "city",
            "code",
            "title",
            "description",
            "responsible",
            "start_date",
            "end_date",
            "resources",
            "budget_eur",
            "funding_source",
            "status",
            "related_ssas",
            "partners",
            "partnerships",
        ]


class MeasurementSerializer(CityScopedSerializer):
    class Meta:
        model = Measurement
        fields = ["id", "indicator", "date", "value", "note"]


class MeasurementValueSerializer(serializers.ModelSerializer):
    """A measurement as shown inside its indicator."""

    class Meta:
        model = Measurement
        fields = ["date", "value", "note"]
        read_only_fields = fields


class IndicatorSerializer(CityScopedSerializer):
    city = serializers.CharField(source="plan.city.slug", read_only=True, label=_("city"))
    measurements = MeasurementValueSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "plan",
            "city",
            "action",
            "name",
            "unit",
            "baseline",
            "target",
            "target_date",
            "measurements",
        ]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        plan = attrs.get("plan", getattr(self.instance, "plan", None))
        action = attrs.get("action", getattr(self.instance, "action", None))
        if action is not None and action.plan_id != plan.pk:
            raise serializers.ValidationError(
                {"action": [_("The action belongs to another plan.")]}
            )
        return attrs


class IntegratedActionPlanSerializer(CityScopedSerializer):
    city = slug_relation(City.objects.all())
    policy_theme = slug_relation(Theme.objects.all(), allow_null=True, required=False)
    document = serializers.FileField(read_only=True)
    actions = ActionSerializer(many=True, read_only=True)
    sources = SourcesListField(required=False)
    url = page_url_field()

    class Meta:
        model = IntegratedActionPlan
        fields = [
            "id",
            "city",
            "title",
            "strategic_objective",
            "policy_theme",
            "summary",
            "resources",
            "monitoring",
            "status",
            "adoption_date",
            "document",
            "publication_status",
            "actions",
            "sources",
            "url",
        ]


class ToolboxResourceSerializer(CityScopedSerializer):
    city = slug_relation(City.objects.all())
    file = serializers.FileField(read_only=True)
    # The model's `url` is the external link; `url` in the API is the public page, as elsewhere.
    link = serializers.URLField(source="url", required=False, allow_blank=True, max_length=200)
    url = page_url_field()

    class Meta:
        model = ToolboxResource
        fields = [
            "id",
            "slug",
            "city",
            "title",
            "kind",
            "description",
            "file",
            "link",
            "language",
            "publication_status",
            "url",
            "updated_at",
        ]


class NeedSerializer(CityScopedSerializer):
    """A need and its progress, summed over its pledges; never who offered or pledged."""

    priority = serializers.PrimaryKeyRelatedField(queryset=Priority.objects.all())
    city = serializers.CharField(source="priority.city.slug", read_only=True, label=_("city"))
    small_scale_action = slug_relation(
        SmallScaleAction.objects.all(), allow_null=True, required=False
    )
    # Summed by `Need.objects.with_progress()`; the viewset re-reads a record it wrote.
    pledged = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, label=_("quantity pledged")
    )
    delivered = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, label=_("quantity delivered")
    )
    url = page_url_field()

    class Meta:
        model = Need
        fields = [
            "id",
            "slug",
            "priority",
            "city",
            "title",
            "description",
            "resource_kind",
            "quantity",
            "unit",
            "amount_eur",
            "place",
            "beneficiaries",
            "deadline",
            "status",
            "network_wide",
            "action",
            "small_scale_action",
            "publication_status",
            "pledged",
            "delivered",
            "url",
        ]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        priority = attrs.get("priority", getattr(self.instance, "priority", None))
        action = attrs.get("action", getattr(self.instance, "action", None))
        if action is not None and priority is not None and action.plan.city_id != priority.city_id:
            raise serializers.ValidationError(
                {"action": [_("The action belongs to another city's plan.")]}
            )
        return attrs


class PledgeSerializer(CityScopedSerializer):
    """What was pledged and delivered for a need. Who pledged is written, never read."""

    need = slug_relation(Need.objects.all())
    city = serializers.CharField(source="need.priority.city.slug", read_only=True, label=_("city"))
    stakeholder = slug_relation(Stakeholder.objects.all(), write_only=True)
    partnership = slug_relation(Partnership.objects.all(), allow_null=True, required=False)

    class Meta:
        model = Pledge
        fields = [
            "id",
            "need",
            "city",
            "stakeholder",
            "partnership",
            "quantity_pledged",
            "quantity_delivered",
            "pledged_on",
            "delivered_on",
        ]

    def to_representation(self, pledge: Pledge) -> dict:
        data = super().to_representation(pledge)
        # Name the partnership only where it is public (PledgeViewSet annotates it).
        if pledge.partnership_id and not pledge.partnership_is_public:
            data["partnership"] = None
        return data
