"""The single contact point form: what an organisation proposes, validated server-side."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from partnerships.bootstrap import BootstrapFormMixin
from partnerships.models import City, Proposal, ResourceKind, Theme

OFFER_MAX_LENGTH = 4000
RESOURCES_MAX_LENGTH = 2000

phone_validator = RegexValidator(
    r"^\+?[0-9 ()./-]{6,40}$",
    _("Enter a phone number with digits, spaces and an optional leading +."),
)


class ProposalForm(BootstrapFormMixin, forms.ModelForm):
    # A field people never see: only bots fill it in.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    website = forms.URLField(
        label=_("Website"), max_length=200, required=False, assume_scheme="https"
    )
    # Checked and normalised by the model's field (partnerships.vat_numbers).
    vat_number = forms.CharField(
        label=_("VAT number (partita IVA, optional)"), max_length=30, required=False
    )
    city = forms.ModelChoiceField(
        label=_("City"),
        queryset=City.objects.public(),
        empty_label=_("Choose the city"),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes of interest"),
        queryset=Theme.objects.public(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    resource_kinds = forms.MultipleChoiceField(
        label=_("What you offer"),
        choices=ResourceKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one thing you can offer.")},
    )
    offer = forms.CharField(
        label=_("Describe your proposal"),
        max_length=OFFER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    resources_offered = forms.CharField(
        label=_("Resources offered (amounts, people, goods, spaces)"),
        max_length=RESOURCES_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"), max_length=40, required=False, validators=[phone_validator]
    )
    privacy_consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree to my data being used to answer"),
        error_messages={
            "required": _("To send the proposal, agree to the privacy notice."),
        },
    )

    class Meta:
        model = Proposal
        fields = [
            "organisation_name",
            "organisation_kind",
            "website",
            "vat_number",
            "contact_name",
            "email",
            "phone",
            "city",
            "themes",
            "resource_kinds",
            "offer",
            "resources_offered",
            "privacy_consent",
        ]

    # Names are one line: they go into e-mail subjects and lists. A line break typed
    # or posted into one would split or break the coordinators' notification subject.
    def clean_organisation_name(self) -> str:
        return " ".join(self.cleaned_data["organisation_name"].split())

    def clean_contact_name(self) -> str:
        return " ".join(self.cleaned_data["contact_name"].split())

    def clean_homepage(self) -> str:
        if self.cleaned_data["homepage"]:
            raise forms.ValidationError(_("This field must stay empty."))
        return ""
