"""The network's public records as JSON. Never a contact person, e-mail or phone.

Translated text (`title`, `summary`…) is read and written in the language of the
request (`?lang=` or Accept-Language), falling back to Italian.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from partnerships.api.base import (
    CityScopedSerializer,
    PrefetchedListSerializer,
    PrefetchedManyRelatedField,
    SourcesListField,
)
from partnerships.models import (
    City,
    NetworkEvent,
    Participation,
    Partnership,
    Stakeholder,
    Theme,
)


def slug_relation(queryset, **kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="slug", queryset=queryset, **kwargs)


# Fields every app's API repeats, declared once so their names and labels agree.


class AbsoluteUrlField(serializers.URLField):
    """A path of this site as a full address (scheme and host of the request), so a
    record read from a file or another site still leads back to its page."""

    def to_representation(self, value: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(value) if request is not None else value


def page_url_field() -> serializers.URLField:
    """The record's public page on this site."""
    return AbsoluteUrlField(source="get_absolute_url", read_only=True, label=_("page on this site"))


def stakeholder_name_field() -> serializers.CharField:
    """Beside the stakeholder's slug: its name (an organisation's, never a person's)."""
    return serializers.CharField(
        source="stakeholder.name", read_only=True, label=_("organisation name")
    )


def stakeholder_kind_field() -> serializers.CharField:
    return serializers.CharField(
        source="stakeholder.kind", read_only=True, label=_("kind of organisation")
    )


class CitySerializer(CityScopedSerializer):
    sources = SourcesListField(required=False)
    url = page_url_field()

    class Meta:
        model = City
        fields = [
            "id",
            "slug",
            "name",
            "network",
            "country",
            "role",
            "csr_focus",
            "description",
            "latitude",
            "longitude",
            "publication_status",
            "sources",
            "url",
        ]


class ThemeSerializer(CityScopedSerializer):
    class Meta:
        model = Theme
        fields = ["id", "slug", "name", "description"]


class StakeholderSerializer(CityScopedSerializer):
    """An organisation of the public directory: no contacts, no account manager, no pipeline."""

    city = slug_relation(City.objects.all())

    class Meta:
        model = Stakeholder
        fields = ["id", "slug", "name", "kind", "city", "website", "description", "listing_consent"]


class PartnerSerializer(serializers.ModelSerializer):
    """A partnership's participation, as shown inside the partnership."""

    stakeholder = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    stakeholder_name = stakeholder_name_field()
    stakeholder_kind = stakeholder_kind_field()
    # Declared: DRF drops `allow_blank` from read-only fields, and the schema then refused
    # the partners whose role the source does not state (every shipped partnership).
    role = serializers.ChoiceField(
        choices=Participation.Role.choices, allow_blank=True, read_only=True, label=_("role")
    )

    class Meta:
        model = Participation
        fields = [
            "stakeholder",
            "stakeholder_name",
            "stakeholder_kind",
            "role",
            "contribution",
            "amount_eur",
        ]
        read_only_fields = fields


class ParticipationSerializer(CityScopedSerializer):
    partnership = slug_relation(Partnership.objects.all())
    partnership_title = serializers.CharField(
        source="partnership.title", read_only=True, label=_("partnership title")
    )
    city = serializers.CharField(source="partnership.city.slug", read_only=True, label=_("city"))
    stakeholder = slug_relation(Stakeholder.objects.all())
    stakeholder_name = stakeholder_name_field()
    stakeholder_kind = stakeholder_kind_field()

    class Meta:
        model = Participation
        fields = [
            "id",
            "partnership",
            "partnership_title",
            "city",
            "stakeholder",
            "stakeholder_name",
            "stakeholder_kind",
            "role",
            "contribution",
            "amount_eur",
        ]


class PartnershipSerializer(CityScopedSerializer):
    # The links are read from the lists `with_partner_summaries` prefetches.
    city = slug_relation(City.objects.all())
    themes = PrefetchedManyRelatedField(
        child_relation=slug_relation(Theme.objects.all()),
        prefetched_as="theme_list",
        required=False,
    )
    # Read-only: SDG links are curated in the admin, where the 17 goals are listed.
    sdgs = PrefetchedManyRelatedField(
        child_relation=serializers.SlugRelatedField(slug_field="number", read_only=True),
        prefetched_as="sdg_list",
        read_only=True,
        label=_("UN Sustainable Development Goals (numbers 1-17)"),
    )
    participations = PrefetchedListSerializer(
        child=PartnerSerializer(), prefetched_as="participation_list", read_only=True
    )
    sources = SourcesListField(required=False)
    url = page_url_field()

    class Meta:
        model = Partnership
        fields = [
            "id",
            "slug",
            "title",
            "city",
            "themes",
            "sdgs",
            "neighbourhood",
            "summary",
            "description",
            "outcomes",
            "start_date",
            "end_date",
            "status",
            "featured",
            "publication_status",
            "participations",
            "sources",
            "url",
            "updated_at",
        ]


class NetworkEventSerializer(CityScopedSerializer):
    # Any city of the network may take part in an event another city hosts.
    unscoped_relations = ("participating_cities",)

    host_city = slug_relation(City.objects.all(), allow_null=True, required=False)
    participating_cities = slug_relation(City.objects.all(), many=True, required=False)
    sources = SourcesListField(required=False)

    class Meta:
        model = NetworkEvent
        fields = [
            "id",
            "slug",
            "network",
            "kind",
            "title",
            "start_date",
            "end_date",
            "host_city",
            "place",
            "online",
            "participating_cities",
            "topic",
            "summary",
            "publication_status",
            "sources",
        ]
