"""ULGs, their members and Small-Scale Actions as JSON (organisations only, never people)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from partnerships.api.base import CityScopedSerializer, SourcesListField
from partnerships.api.serializers import page_url_field, slug_relation, stakeholder_name_field
from partnerships.models import City, Partnership, Stakeholder, Theme
from ulg.models import Membership, SmallScaleAction, SSAPartner, UrbactLocalGroup


class MembershipSerializer(CityScopedSerializer):
    stakeholder = slug_relation(Stakeholder.objects.all())
    stakeholder_name = stakeholder_name_field()
    sector = serializers.CharField(read_only=True, label=_("sector"))

    class Meta:
        model = Membership
        fields = [
            "id",
            "ulg",
            "stakeholder",
            "stakeholder_name",
            "sector",
            "role",
            "joined",
            "left",
        ]


class UrbactLocalGroupSerializer(CityScopedSerializer):
    city = slug_relation(City.objects.all())
    memberships = MembershipSerializer(many=True, read_only=True)
    sources = SourcesListField(required=False)
    url = page_url_field()

    class Meta:
        model = UrbactLocalGroup
        fields = [
            "id",
            "city",
            "name",
            "focus",
            "description",
            "established",
            "publication_status",
            "memberships",
            "sources",
            "url",
        ]


class SSAPartnerSerializer(serializers.ModelSerializer):
    stakeholder = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    stakeholder_name = stakeholder_name_field()

    class Meta:
        model = SSAPartner
        fields = ["stakeholder", "stakeholder_name", "role"]
        read_only_fields = fields


class SmallScaleActionSerializer(CityScopedSerializer):
    city = serializers.CharField(source="ulg.city.slug", read_only=True, label=_("city"))
    themes = slug_relation(Theme.objects.all(), many=True, required=False)
    partners = SSAPartnerSerializer(source="partner_roles", many=True, read_only=True)
    partnerships = slug_relation(Partnership.objects.all(), many=True, required=False)
    sources = SourcesListField(required=False)
    url = page_url_field()

    class Meta:
        model = SmallScaleAction
        fields = [
            "id",
            "slug",
            "ulg",
            "city",
            "title",
            "themes",
            "summary",
            "description",
            "start_date",
            "end_date",
            "status",
            "resources",
            "results",
            "lessons_learned",
            "partners",
            "partnerships",
            "publication_status",
            "sources",
            "url",
            "updated_at",
        ]
