"""Public text in Italian (default) and English, with django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from iap.models import (
    Action,
    Indicator,
    IntegratedActionPlan,
    Need,
    Priority,
    Risk,
    ToolboxResource,
)


@register(IntegratedActionPlan)
class IntegratedActionPlanTranslationOptions(TranslationOptions):
    fields = ("title", "strategic_objective", "summary", "resources", "monitoring")


@register(Action)
class ActionTranslationOptions(TranslationOptions):
    fields = ("title", "description", "resources")


@register(Indicator)
class IndicatorTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Risk)
class RiskTranslationOptions(TranslationOptions):
    fields = ("description", "mitigation")


@register(ToolboxResource)
class ToolboxResourceTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(Priority)
class PriorityTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(Need)
class NeedTranslationOptions(TranslationOptions):
    fields = ("title", "description", "beneficiaries")
