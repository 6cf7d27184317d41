"""Public text in Italian (default) and English, with django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from ulg.models import Meeting, SmallScaleAction, UrbactLocalGroup


@register(UrbactLocalGroup)
class UrbactLocalGroupTranslationOptions(TranslationOptions):
    fields = ("name", "focus", "description")


@register(Meeting)
class MeetingTranslationOptions(TranslationOptions):
    fields = ("title", "agenda", "minutes")


@register(SmallScaleAction)
class SmallScaleActionTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description", "resources", "results", "lessons_learned")
