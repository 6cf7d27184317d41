"""The follow form: an address, how often, and the consent ticked by the visitor."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.bootstrap import BootstrapFormMixin
from portal.models import Subscription

# The words the visitor agrees to, stored with the subscription as its consent.
CONSENT_TEXT = _(
    "I want to receive e-mail updates about what I follow. My address is used for "
    "nothing else, is never shown to anyone, and every message has a link to stop them."
)


class FollowForm(BootstrapFormMixin, forms.Form):
    # A field people never see: only bots fill it in.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(label=CONSENT_TEXT)
    # The page the visitor came from, recorded with the consent.
    source = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)

    def clean_source(self) -> str:
        # A path of this site, as the view put it; anything else is not recorded.
        source: str = self.cleaned_data["source"]
        return source if source.startswith("/") and not source.startswith("//") else ""

    def clean_homepage(self) -> str:
        if self.cleaned_data["homepage"]:
            raise forms.ValidationError(_("This field must stay empty."))
        return ""
