"""Saved views: a user's own filters, sort and columns of a workspace list, by name.

A view is the list's query string; the page that opens it scopes what it shows like
any other request (`for_user`), so a view is only ever a way of asking. Each list
also offers ready-made views ("my overdue", "no contact in 90 days", "new this
month"), computed when shown (this month is today's month).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerships.bootstrap import BootstrapFormMixin
from partnerships.models import SavedView

PAGE_URLS: dict[str, str] = {
    SavedView.Page.STAKEHOLDERS: "workspace:stakeholder-list",
    SavedView.Page.PIPELINE: "workspace:pipeline",
    SavedView.Page.FOLLOW_UPS: "workspace:follow-ups",
}


@dataclass
class ViewLink:
    name: str
    url: str
    pk: int | None = None  # a saved view's, to delete it; None for a ready-made one


def ready_made(page: str) -> list[ViewLink]:
    first_of_month = timezone.localdate().replace(day=1)
    queries = {
        SavedView.Page.STAKEHOLDERS: [
            (_("No contact in 90 days"), "mine=true&quiet_days=90&sort=last_interaction"),
            (_("New this month"), f"created_after={first_of_month:%Y-%m-%d}&sort=-created_at"),
        ],
        SavedView.Page.FOLLOW_UPS: [(_("My overdue"), "when=overdue")],
        SavedView.Page.PIPELINE: [],
    }[SavedView.Page(page)]
    return [ViewLink(name, f"{reverse(PAGE_URLS[page])}?{query}") for name, query in queries]


def remembered(request: HttpRequest, page: str, default: str = "") -> QueryDict:
    """The list's filters, sort and columns: those asked for, else the last ones the
    user asked for in this session (a list opened from the menu is as they left it).
    A page number alone (the pagination's links) keeps the remembered ones."""
    key = f"workspace-view-{page}"
    asked = request.GET.copy()
    page_number = asked.pop("page", None)
    if asked:
        request.session[key] = asked.urlencode()
    else:
        asked = QueryDict(request.session.get(key, default), mutable=True)
    if page_number:
        asked.setlist("page", page_number)
    return asked


def for_page(request: HttpRequest, page: str, shown: QueryDict) -> dict[str, Any]:
    """What a list shows of its views: the ready-made ones, the user's, and the form
    that saves what the list shows now (`shown`, as `remembered` gave it)."""
    url = reverse(PAGE_URLS[page])
    current = shown.copy()
    current.pop("page", None)
    return {
        "page": page,
        "ready_made": ready_made(page),
        "saved": [
            ViewLink(view.name, f"{url}?{view.query}" if view.query else url, view.pk)
            for view in SavedView.objects.filter(user=request.user, page=page)
        ],
        "form": SavedViewForm(initial={"page": page, "query": current.urlencode()}),
    }


class SavedViewForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of this view"), max_length=100)
    page = forms.ChoiceField(choices=SavedView.Page.choices, widget=forms.HiddenInput)
    query = forms.CharField(max_length=1000, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # On a list's page beside other forms with a name field.
        kwargs.setdefault("auto_id", "id_view_%s")
        super().__init__(*args, **kwargs)

    def clean_query(self) -> str:
        # Kept as a query string of names and values only, whatever was posted.
        return QueryDict(self.cleaned_data["query"]).urlencode()
