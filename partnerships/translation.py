"""Public text in Italian (default) and English, with django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from partnerships.models import (
    City,
    Network,
    NetworkEvent,
    Partnership,
    Stakeholder,
    SustainableDevelopmentGoal,
    Theme,
)


@register(Network)
class NetworkTranslationOptions(TranslationOptions):
    fields = ("tagline", "summary", "description")


@register(City)
class CityTranslationOptions(TranslationOptions):
    fields = ("csr_focus", "description")


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(SustainableDevelopmentGoal)
class SustainableDevelopmentGoalTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Stakeholder)
class StakeholderTranslationOptions(TranslationOptions):
    fields = ("description",)


@register(Partnership)
class PartnershipTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description", "outcomes", "source_document")


@register(NetworkEvent)
class NetworkEventTranslationOptions(TranslationOptions):
    fields = ("title", "topic", "summary")
