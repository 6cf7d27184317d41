"""Forms of the account managers' workspace. They validate; `partnerships.services` acts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.people import PersonChoiceField
from partnerships.bootstrap import BootstrapForm, BootstrapFormMixin
from partnerships.models import (
    City,
    Interaction,
    Partnership,
    Proposal,
    ResourceKind,
    Stakeholder,
    Tag,
    Theme,
)
from partnerships.services import assignable_users
from portal.workspace.dashboard import NO_STAGE, STAGES

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
User = get_user_model()


class PersonFilter(django_filters.ModelChoiceFilter):
    """A choice of people, listed by full name."""

    field_class = PersonChoiceField


class StakeholderFilter(django_filters.FilterSet):
    """The workspace's one reading of a stakeholder filter: the list's form, a saved
    view's and a segment's query string (`portal.workspace.segments`)."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    mine = django_filters.BooleanFilter(
        label=_("Only the ones I follow"), method="followed_by_me", widget=forms.CheckboxInput
    )
    city = django_filters.ModelChoiceFilter(label=_("City"), queryset=City.objects.none())
    engagement_stage = django_filters.ChoiceFilter(
        label=_("Engagement stage"),
        choices=[(stage or NO_STAGE, label) for stage, label in STAGES],
        method="at_stage",
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme of interest"), field_name="interest_themes", queryset=Theme.objects.all()
    )
    tag = django_filters.ModelChoiceFilter(
        label=_("Tag"), field_name="tags", queryset=Tag.objects.none()
    )
    offers = django_filters.ChoiceFilter(
        label=_("Offers"), choices=ResourceKind.choices, method="offering"
    )
    manager = PersonFilter(
        label=_("Account manager"), field_name="account_manager", queryset=User.objects.none()
    )
    quiet_days = django_filters.NumberFilter(
        label=_("No contact for (days)"),
        method="not_contacted_for",
        min_value=1,
        max_value=3650,
    )
    created_after = django_filters.DateFilter(
        label=_("Created since"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=DATE_INPUT,
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("name", "name"),
            ("last_interaction", "last_interaction"),
            ("next_follow_up", "next_follow_up"),
            ("created_at", "created_at"),
        ),
        # Every choice labelled here: django-filter's own "(descending)" labels are
        # made once, in the language of the first request, not the reader's.
        field_labels={
            "name": _("Organisation, A to Z"),
            "-name": _("Organisation, Z to A"),
            "last_interaction": _("Last interaction, oldest first"),
            "-last_interaction": _("Last interaction, latest first"),
            "next_follow_up": _("Next follow-up, soonest first"),
            "-next_follow_up": _("Next follow-up, latest first"),
            "created_at": _("Created, oldest first"),
            "-created_at": _("Created, newest first"),
        },
    )

    class Meta:
        model = Stakeholder
        fields = ["q", "mine", "engagement_stage", "kind", "city"]
        form = BootstrapForm

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # Only the cities (and their tags, their people) the user works on can be
        # chosen (the form is built lazily).
        cities = City.objects.for_user(user)
        self.filters["city"].queryset = cities
        self.filters["tag"].queryset = Tag.objects.for_user(user).select_related("city")
        self.filters["manager"].queryset = assignable_users(cities)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__icontains=value) | Q(website__icontains=value))

    def at_stage(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(engagement_stage="" if value == NO_STAGE else value)

    def followed_by_me(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(account_manager=self.user) if value else queryset

    def offering(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The JSON list as text, its items quoted: the same on SQLite (which has no
        # JSON containment) and PostgreSQL; `value` is one of the fixed kinds.
        return queryset.filter(offered_resource_kinds__icontains=f'"{value}"')

    def not_contacted_for(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        """No interaction in the last `value` days (never contacted included); an
        anti-join on the (stakeholder, date) index, not a grouped MAX."""
        since = timezone.localdate() - dt.timedelta(days=int(value))
        recent = Interaction.objects.filter(stakeholder=OuterRef("pk"), date__gt=since)
        return queryset.filter(~Exists(recent))


class InteractionForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Interaction.Kind.choices)
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    contact = forms.ModelChoiceField(label=_("Contact"), queryset=None, required=False)
    partnership = forms.ModelChoiceField(
        label=_("Related partnership"), queryset=None, required=False
    )
    summary = forms.CharField(
        label=_("Summary"), max_length=4000, required=False, widget=forms.Textarea({"rows": 3})
    )
    follow_up_date = forms.DateField(label=_("Follow-up date"), required=False, widget=DATE_INPUT)
    follow_up_action = forms.CharField(label=_("Follow-up action"), max_length=300, required=False)

    def __init__(self, *args, stakeholder: Stakeholder, **kwargs) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = stakeholder.contacts.filter(erased_at__isnull=True)
        self.fields["partnership"].queryset = Partnership.objects.filter(city=stakeholder.city_id)


class StageForm(BootstrapFormMixin, forms.Form):
    # A blank first choice: a stakeholder without a stage is not shown as "Prospect".
    stage = forms.ChoiceField(
        label=_("Engagement stage"),
        choices=[("", _("— choose a stage —")), *Stakeholder.EngagementStage.choices],
    )


class ManagerForm(BootstrapFormMixin, forms.Form):
    """An account manager for many stakeholders, chosen by name."""

    manager = PersonChoiceField(label=_("Account manager"), queryset=None)

    def __init__(self, *args, managers: QuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = managers


class AssignForm(BootstrapFormMixin, forms.Form):
    assignee = PersonChoiceField(label=_("Assign to"), queryset=None)

    def __init__(self, *args, city: City, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable_users(city)


NEW_ORGANISATION = "new"


class AcceptForm(BootstrapFormMixin, forms.Form):
    """The draft partnership's public title and summary, written by the account manager,
    and, when organisations like the proposer's exist, which one it is: chosen
    explicitly (merge into one, or create a new one), never a silent twin."""

    title = forms.CharField(label=_("Partnership title"), max_length=200)
    summary = forms.CharField(
        label=_("Partnership summary"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
    )
    organisation = forms.ChoiceField(
        label=_("The organisation"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose: merge into an existing organisation, or create a new one.")
        },
    )

    def __init__(self, *args, proposal: Proposal, duplicates: list[Stakeholder], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.duplicates = {str(stakeholder.pk): stakeholder for stakeholder in duplicates}
        # A starting point from the proposal's structured fields (never the proposer's
        # letter, which would become public with the partnership).
        offered = ", ".join(proposal.resource_kind_labels()).lower() or _("support")
        facts = {
            "organisation": proposal.organisation_name,
            "offered": offered,
            "city": proposal.city.name,
        }
        self.fields["title"].initial = _("%(organisation)s: %(offered)s for %(city)s") % facts
        themes = ", ".join(theme.name for theme in proposal.themes.all())
        summary = _("%(organisation)s offers %(offered)s to %(city)s") % facts
        if themes:
            summary = _("%(summary)s (themes: %(themes)s)") % {"summary": summary, "themes": themes}
        self.fields["summary"].initial = f"{summary}."
        self.fields["organisation"].choices = [
            *(
                (key, _("Merge into %(name)s") % {"name": _describe(stakeholder)})
                for key, stakeholder in self.duplicates.items()
            ),
            (
                NEW_ORGANISATION,
                _("Create a new organisation “%(name)s”") % {"name": proposal.organisation_name},
            ),
        ]
        if not duplicates:
            # Nothing to merge into: a new organisation, without asking.
            self.fields["organisation"].required = False
            self.fields["organisation"].initial = NEW_ORGANISATION

    def clean(self) -> dict:
        data = super().clean() or self.cleaned_data
        # None: create a new stakeholder (services.proposal_accept).
        data["merge_into"] = self.duplicates.get(data.get("organisation") or NEW_ORGANISATION)
        return data


def _describe(stakeholder: Stakeholder) -> str:
    """A stakeholder as the merge choice names it: enough to tell look-alikes apart."""
    details = [str(stakeholder.get_kind_display())]
    if stakeholder.website:
        details.append(stakeholder.website)
    if stakeholder.vat_number:
        details.append(stakeholder.vat_number)
    return f"{stakeholder.name} ({', '.join(details)})"


class DeclineForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason (e-mailed to the proposer)"),
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
    )


class DashboardForm(forms.Form):
    """Which city and which person the dashboard is about; both optional."""

    city = forms.ModelChoiceField(queryset=None, required=False)
    manager = PersonChoiceField(queryset=None, required=False)

    def __init__(self, *args, cities: QuerySet, managers: QuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities
        self.fields["manager"].queryset = managers

    def chosen(self) -> tuple[City | None, object | None]:
        """The city and person chosen; a value that is not one of the choices means all."""
        self.is_valid()
        return self.cleaned_data.get("city"), self.cleaned_data.get("manager")


# The stakeholder list's columns, in their order; the first five unless chosen.
STAKEHOLDER_COLUMNS = [
    ("city", _("City")),
    ("stage", _("Engagement stage")),
    ("manager", _("Account manager")),
    ("last", _("Last interaction")),
    ("next", _("Next follow-up")),
    ("kind", _("Kind")),
    ("tags", _("Tags")),
]
DEFAULT_COLUMNS = ["city", "stage", "manager", "last", "next"]


class ColumnsForm(forms.Form):
    cols = forms.MultipleChoiceField(
        label=_("Columns"),
        choices=STAKEHOLDER_COLUMNS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def chosen(self) -> list[str]:
        if self.is_valid() and self.cleaned_data["cols"]:
            return [
                name for name, _label in STAKEHOLDER_COLUMNS if name in self.cleaned_data["cols"]
            ]
        return DEFAULT_COLUMNS


# Not filters of the stakeholders: where the list was paged to, how it was sorted.
NOT_KEPT = ("page", "sort", "mine")


def segment_query(data: QueryDict, user: Any) -> str:
    """The list's filters as a segment keeps them: "only the ones I follow" becomes
    the person it meant (a shared link must not mean its reader), no page, no sort."""
    kept = data.copy()
    if kept.get("mine") in ("true", "on", "1") and not kept.get("manager"):
        kept["manager"] = str(user.pk)
    for name in NOT_KEPT:
        kept.pop(name, None)
    for name in [name for name, value in kept.items() if value == ""]:
        kept.pop(name)
    return kept.urlencode()


class SegmentForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Segment name"), max_length=100)
    city = forms.ModelChoiceField(label=_("City"), queryset=None)
    query = forms.CharField(max_length=1000, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        # On the list's page beside its filters (which have a city field too).
        kwargs.setdefault("auto_id", "id_segment_%s")
        super().__init__(*args, **kwargs)
        self.user = user
        # Anyone working on a city may save a segment of it (and only of it).
        cities = City.objects.for_user(user)
        self.fields["city"].queryset = cities
        if len(cities) == 1:
            self.fields["city"].initial = cities[0]

    def clean_query(self) -> str:
        data = QueryDict(self.cleaned_data["query"])
        stakeholder_filter = StakeholderFilter(
            data, queryset=Stakeholder.objects.none(), user=self.user
        )
        if not stakeholder_filter.is_valid():
            raise forms.ValidationError(_("The filters are not valid: correct them first."))
        return segment_query(data, self.user)
