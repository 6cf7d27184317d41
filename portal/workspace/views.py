"""The account managers' workspace: signed-in staff, each scoped to their cities.

Every record is fetched through `.for_user(request.user)` (the one scoping rule),
so a city-B record is a 404 for a city-A user, by URL as by list. Writes go through
`partnerships.services`; a refused write comes back as a message, never a 500.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.outbox import sent_to
from core.people import full_name
from core.twofactor import may_reset_second_factor, second_factor_reset
from iap.agreements import may_draft_agreement
from partnerships import services
from partnerships.models import City, Contact, Interaction, Proposal, SavedView, Stakeholder
from partnerships.scoping import (
    EDITORS,
    has_city_role,
    scope_to_user,
    sees_all_cities,
    user_city_ids,
)
from portal.workspace import dashboard as figures
from portal.workspace import saved_views
from portal.workspace.forms import (
    AcceptForm,
    AssignForm,
    ColumnsForm,
    DashboardForm,
    DeclineForm,
    InteractionForm,
    ManagerForm,
    SegmentForm,
    StageForm,
    StakeholderFilter,
)


def workspace_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, and holding a role in at least one city (or all of them)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not (sees_all_cities(request.user) or user_city_ids(request.user).exists()):
            raise PermissionDenied(_("The workspace is for the cities' staff."))
        return view(request, *args, **kwargs)

    return wrapper


def refused(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    """Show why a service refused an action, one message per reason."""
    for message in getattr(error, "messages", None) or [str(error)]:
        messages.error(request, message)


def form_refused(request: HttpRequest, form: forms.Form) -> None:
    """Show an action form's errors as messages: its page is the one the user came from."""
    for name, errors in form.errors.items():
        # A form-wide error (name "__all__") has no field, hence no label.
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


# --- stakeholders -------------------------------------------------------------


@workspace_view
def stakeholder_list(request: HttpRequest) -> HttpResponse:
    # First visit: the account manager's own stakeholders.
    data = saved_views.remembered(request, SavedView.Page.STAKEHOLDERS, default="mine=true")
    columns = ColumnsForm(data)
    stakeholders = Stakeholder.objects.for_user(request.user).with_engagement()
    if "tags" in columns.chosen():
        stakeholders = stakeholders.prefetch_related("tags")
    stakeholder_filter = StakeholderFilter(data, queryset=stakeholders, user=request.user)
    page = Paginator(stakeholder_filter.qs, 50).get_page(data.get("page"))
    cities = City.objects.for_user(request.user)
    return render(
        request,
        "workspace/stakeholder_list.html",
        {
            "filter": stakeholder_filter,
            "columns_form": columns,
            "columns": columns.chosen(),
            "page": page,
            "assign_form": ManagerForm(managers=services.assignable_users(cities)),
            "segment_form": SegmentForm(
                user=request.user,
                initial={"query": data.urlencode()}
                | ({"city": data["city"]} if data.get("city") else {}),
            ),
            "views": saved_views.for_page(request, SavedView.Page.STAKEHOLDERS, data),
        },
    )


@workspace_view
@require_POST
def stakeholders_assign(request: HttpRequest) -> HttpResponse:
    """The ticked stakeholders get one account manager (the service keeps to the
    user's cities and refuses a manager who does not work on one of theirs)."""
    cities = City.objects.for_user(request.user)
    form = ManagerForm(request.POST, managers=services.assignable_users(cities))
    ticked = [value for value in request.POST.getlist("stakeholders") if value.isdigit()]
    if not ticked:
        messages.error(request, _("Tick the stakeholders to assign."))
    elif not form.is_valid():
        form_refused(request, form)
    else:
        try:
            changed = services.stakeholders_assign_manager(
                stakeholders=Stakeholder.objects.for_user(request.user).filter(pk__in=ticked),
                manager=form.cleaned_data["manager"],
                actor=request.user,
            )
        except (ValidationError, PermissionDenied) as error:
            refused(request, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d stakeholder assigned.", "%(count)d stakeholders assigned.", changed
                )
                % {"count": changed},
            )
    # Back to the list as it was filtered; only an address of this site.
    back = request.POST.get("back", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("workspace:stakeholder-list")
    return redirect(back)


@workspace_view
def stakeholder_detail(request: HttpRequest, pk: int) -> HttpResponse:
    stakeholder = get_object_or_404(
        Stakeholder.objects.for_user(request.user).select_related("city", "account_manager"),
        pk=pk,
    )
    return _stakeholder_page(request, stakeholder, InteractionForm(stakeholder=stakeholder))


def _stakeholder_page(
    request: HttpRequest, stakeholder: Stakeholder, form: InteractionForm, status: int = 200
) -> HttpResponse:
    interactions = stakeholder.interactions.select_related(
        "contact", "partnership", "owner"
    ).prefetch_related("attachments")
    # Its people's addresses: the contacts', and the proposers' whose proposals became it.
    addresses = [
        *stakeholder.contacts.values_list("email", flat=True),
        *stakeholder.proposals.values_list("email", flat=True),
    ]
    timeline = sorted(
        [
            *({"date": item.date, "interaction": item} for item in interactions),
            *(
                {"date": timezone.localdate(email.created_at), "email": email}
                for email in sent_to(addresses)[:50]
            ),
            # The account managers' digests that listed its follow-ups (to staff).
            *(
                {"date": digest.date, "digest": digest}
                for digest in stakeholder.follow_up_digests.select_related("user")[:50]
            ),
        ],
        key=lambda entry: entry["date"],
        reverse=True,
    )
    participations = stakeholder.participations.select_related("partnership")
    return render(
        request,
        "workspace/stakeholder_detail.html",
        {
            "stakeholder": stakeholder,
            "contacts": stakeholder.contacts.all(),
            "partnerships": participations,
            # The partnerships whose agreement this user may draft (a link on each).
            "may_draft": {
                participation.partnership_id
                for participation in participations
                if may_draft_agreement(request.user, participation.partnership)
            },
            # ULG memberships through the reverse relation, which needs no ulg import.
            "memberships": stakeholder.ulg_memberships.select_related("ulg"),
            "timeline": timeline,
            "follow_ups": interactions.open_follow_ups().order_by("follow_up_date"),
            "form": form,
            "stage_form": StageForm(initial={"stage": stakeholder.engagement_stage}),
            "history": stakeholder.history.select_related("history_user")[:20],
            # Merges into this record that can still be undone (partnerships.merging).
            "merges": stakeholder.merges.filter(undone_at__isnull=True).select_related("merged_by"),
            "may_merge": has_city_role(request.user, stakeholder.city_id, EDITORS),
            "can_manage_personal_data": services.may_export_personal_data(
                request.user, stakeholder.city_id
            ),
            "today": timezone.localdate(),
        },
        status=status,
    )


@workspace_view
@require_POST
def interaction_log(request: HttpRequest, pk: int) -> HttpResponse:
    stakeholder = get_object_or_404(Stakeholder.objects.for_user(request.user), pk=pk)
    form = InteractionForm(request.POST, stakeholder=stakeholder)
    if form.is_valid():
        try:
            services.interaction_log(
                stakeholder=stakeholder, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Interaction logged."))
            return redirect("workspace:stakeholder-detail", pk=stakeholder.pk)
    return _stakeholder_page(request, stakeholder, form, status=400)


@workspace_view
@require_POST
def stakeholder_move(request: HttpRequest, pk: int) -> HttpResponse:
    stakeholder = get_object_or_404(Stakeholder.objects.for_user(request.user), pk=pk)
    form = StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an engagement stage."))
    else:
        try:
            services.stakeholder_move_stage(
                stakeholder=stakeholder, stage=form.cleaned_data["stage"], actor=request.user
            )
        except (ValidationError, PermissionDenied) as error:
            refused(request, error)
        else:
            messages.success(
                request,
                _("%(name)s moved to %(stage)s.")
                % {"name": stakeholder, "stage": stakeholder.get_engagement_stage_display()},
            )
    # Back to the page the move was made from (pipeline or stakeholder page).
    if request.POST.get("next") == "pipeline":
        return redirect("workspace:pipeline")
    return redirect("workspace:stakeholder-detail", pk=stakeholder.pk)


# Each card carries its own move form; 25 a column keeps the page under 150 ms at
# 5,000 stakeholders (bench/run.py).
PIPELINE_CARDS_PER_STAGE = 25


@workspace_view
def pipeline(request: HttpRequest) -> HttpResponse:
    stakeholders = Stakeholder.objects.for_user(request.user).select_related("city")
    asked = saved_views.remembered(request, SavedView.Page.PIPELINE)
    mine = asked.get("all") != "1"
    if mine:
        stakeholders = stakeholders.filter(account_manager=request.user)
    totals = dict(
        stakeholders.order_by().values_list("engagement_stage").annotate(total=Count("pk"))
    )
    # A column shows its first cards; the full list is one click away, filtered.
    columns = [
        (
            stage,
            label,
            totals.get(stage, 0),
            stakeholders.filter(engagement_stage=stage)[:PIPELINE_CARDS_PER_STAGE],
            stage_options(stage),
        )
        for stage, label in figures.STAGES
    ]
    return render(
        request,
        "workspace/pipeline.html",
        {
            "columns": columns,
            "mine": mine,
            "no_stage": figures.NO_STAGE,
            "views": saved_views.for_page(request, SavedView.Page.PIPELINE, asked),
        },
    )


def stage_options(current: str) -> str:
    """The <option>s of a card's stage menu, `current` selected. Every card of a column
    offers the same, so it is built once a column, not once a card (150 cards, 900
    options a page); a stakeholder without a stage is asked to choose one."""
    choose = (
        mark_safe("")
        if current
        else format_html('<option value="" selected>{}</option>', _("— choose a stage —"))
    )
    return choose + format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if value == current else "", name)  # noqa: S308 — a constant
            for value, name in Stakeholder.EngagementStage.choices
        ),
    )


# --- saved views (portal/workspace/saved_views.py) ------------------------------


@workspace_view
@require_POST
def saved_view_create(request: HttpRequest) -> HttpResponse:
    form = saved_views.SavedViewForm(request.POST)
    if not form.is_valid():
        form_refused(request, form)
        return redirect("workspace:stakeholder-list")
    page, query = form.cleaned_data["page"], form.cleaned_data["query"]
    try:
        with transaction.atomic():
            SavedView.objects.create(
                user=request.user, page=page, name=form.cleaned_data["name"], query=query
            )
    except IntegrityError:
        messages.error(request, _("You already have a view of this list by that name."))
    else:
        messages.success(request, _("View saved."))
    url = reverse(saved_views.PAGE_URLS[page])
    return redirect(f"{url}?{query}" if query else url)


@workspace_view
@require_POST
def saved_view_delete(request: HttpRequest, pk: int) -> HttpResponse:
    # One's own views only: another person's is a 404.
    view = get_object_or_404(SavedView.objects.filter(user=request.user), pk=pk)
    view.delete()
    messages.success(request, _("View “%(name)s” deleted.") % {"name": view.name})
    return redirect(saved_views.PAGE_URLS[view.page])


# --- follow-ups ---------------------------------------------------------------


# Each row carries its own "done" form: 50 a section (with "the first 50 of N" and the
# stakeholder list beyond) keeps the page under 100 ms at 100,000 interactions.
FOLLOW_UPS_SHOWN = 50


@workspace_view
def follow_ups(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    open_follow_ups = (
        Interaction.objects.for_user(request.user)
        .open_follow_ups()
        .select_related("stakeholder", "contact", "owner")
        .order_by("follow_up_date", "pk")
    )
    asked = saved_views.remembered(request, SavedView.Page.FOLLOW_UPS)
    if asked.get("all") != "1":
        open_follow_ups = open_follow_ups.followed_by(request.user)
    sections = [
        ("overdue", _("Overdue"), open_follow_ups.filter(follow_up_date__lt=today)),
        ("today", _("Due today"), open_follow_ups.filter(follow_up_date=today)),
        ("upcoming", _("Upcoming"), open_follow_ups.filter(follow_up_date__gt=today)),
    ]
    # ?when=overdue (the ready-made "my overdue" view): that section alone.
    when = asked.get("when")
    return render(
        request,
        "workspace/follow_ups.html",
        {
            "sections": [
                (heading, follow_ups.count(), follow_ups[:FOLLOW_UPS_SHOWN])
                for key, heading, follow_ups in sections
                if when in (None, "", key)
            ],
            "today": today,
            "everyone": asked.get("all") == "1",
            "views": saved_views.for_page(request, SavedView.Page.FOLLOW_UPS, asked),
        },
    )


@workspace_view
@require_POST
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    interaction = get_object_or_404(
        Interaction.objects.for_user(request.user).select_related("stakeholder"), pk=pk
    )
    try:
        services.follow_up_mark_done(interaction=interaction, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        refused(request, error)
    else:
        messages.success(request, _("Follow-up marked as done."))
    if request.POST.get("next") == "stakeholder":
        return redirect("workspace:stakeholder-detail", pk=interaction.stakeholder_id)
    return redirect("workspace:follow-ups")


@workspace_view
@require_POST
def follow_ups_done(request: HttpRequest) -> HttpResponse:
    """The ticked follow-ups, done at once (the service skips any not the user's to touch)."""
    ticked = [value for value in request.POST.getlist("follow_ups") if value.isdigit()]
    if not ticked:
        messages.error(request, _("Tick the follow-ups that are done."))
    else:
        done = services.follow_ups_mark_done(
            interactions=Interaction.objects.for_user(request.user).filter(pk__in=ticked),
            actor=request.user,
        )
        messages.success(
            request,
            ngettext("%(count)d follow-up done.", "%(count)d follow-ups done.", done)
            % {"count": done},
        )
    return redirect("workspace:follow-ups")


# --- proposals ----------------------------------------------------------------


@workspace_view
def proposal_list(request: HttpRequest) -> HttpResponse:
    proposals = Proposal.objects.for_user(request.user).select_related("city", "assignee")
    status = request.GET.get("status", "open")
    if status == "open":
        proposals = proposals.filter(status__in=services.OPEN_PROPOSAL_STATUSES)
    elif status in Proposal.Status.values:
        proposals = proposals.filter(status=status)
    page = Paginator(proposals, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "workspace/proposal_list.html",
        {"page": page, "status": status, "statuses": Proposal.Status.choices},
    )


def _proposal(request: HttpRequest, pk: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.for_user(request.user).select_related("city", "assignee"), pk=pk
    )


def _duplicates(proposal: Proposal) -> list[Stakeholder]:
    if proposal.status not in services.OPEN_PROPOSAL_STATUSES:
        return []  # decided already: nothing left to choose
    return Stakeholder.objects.filter(city=proposal.city_id).similar_to(
        name=proposal.organisation_name,
        website=proposal.website,
        vat_number=proposal.vat_number,
    )


@workspace_view
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    duplicates = _duplicates(proposal)
    return render(
        request,
        "workspace/proposal_detail.html",
        {
            "proposal": proposal,
            "is_open": proposal.status in services.OPEN_PROPOSAL_STATUSES
            and not proposal.anonymised_at,
            "duplicates": duplicates,
            "assign_form": AssignForm(
                city=proposal.city, initial={"assignee": proposal.assignee_id}
            ),
            "accept_form": AcceptForm(proposal=proposal, duplicates=duplicates),
            "decline_form": DeclineForm(),
        },
    )


def _proposal_action(
    request: HttpRequest, pk: int, form_class, act: Callable[[Proposal, dict], str]
) -> HttpResponse:
    """Validate the action's form, run the service, and go back to the proposal."""
    proposal = _proposal(request, pk)
    kwargs: dict[str, Any] = {"city": proposal.city} if form_class is AssignForm else {}
    if form_class is AcceptForm:
        kwargs = {"proposal": proposal, "duplicates": _duplicates(proposal)}
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        form_refused(request, form)
        return redirect("workspace:proposal-detail", pk=proposal.pk)
    try:
        messages.success(request, act(proposal, form.cleaned_data))
    except (ValidationError, PermissionDenied) as error:
        refused(request, error)
    return redirect("workspace:proposal-detail", pk=proposal.pk)


@workspace_view
@require_POST
def proposal_assign(request: HttpRequest, pk: int) -> HttpResponse:
    def act(proposal: Proposal, data: dict) -> str:
        services.proposal_assign(proposal=proposal, assignee=data["assignee"], actor=request.user)
        return _("Assigned to %(user)s.") % {"user": data["assignee"]}

    return _proposal_action(request, pk, AssignForm, act)


@workspace_view
@require_POST
def proposal_accept(request: HttpRequest, pk: int) -> HttpResponse:
    def act(proposal: Proposal, data: dict) -> str:
        partnership = services.proposal_accept(
            proposal=proposal,
            actor=request.user,
            title=data["title"],
            summary=data["summary"],
            stakeholder=data["merge_into"],
        )
        return _("Accepted: draft partnership “%(title)s” created.") % {"title": partnership}

    return _proposal_action(request, pk, AcceptForm, act)


@workspace_view
@require_POST
def proposal_decline(request: HttpRequest, pk: int) -> HttpResponse:
    """First the e-mail the proposer will get, in their language; declined on "send"."""
    if "send" not in request.POST:
        proposal = _proposal(request, pk)
        form = DeclineForm(request.POST)
        if not form.is_valid():
            form_refused(request, form)
            return redirect("workspace:proposal-detail", pk=proposal.pk)
        subject, body = services.proposal_decline_email(
            proposal=proposal, reason=form.cleaned_data["reason"]
        )
        return render(
            request,
            "workspace/proposal_decline_preview.html",
            {
                "proposal": proposal,
                "form": form,
                "subject": subject,
                "body": body,
                "language": proposal.get_language_display(),
            },
        )

    def act(proposal: Proposal, data: dict) -> str:
        services.proposal_decline(proposal=proposal, actor=request.user, reason=data["reason"])
        return _("Declined; the reason was e-mailed to the proposer.")

    return _proposal_action(request, pk, DeclineForm, act)


# --- personal data ------------------------------------------------------------


def _contact(request: HttpRequest, pk: int) -> Contact:
    return get_object_or_404(
        Contact.objects.for_user(request.user).select_related("stakeholder__city"), pk=pk
    )


@workspace_view
def contact_export(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk)
    exported = services.contact_export(contact=contact, actor=request.user)
    response = HttpResponse(
        json.dumps(exported, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="contact-{contact.pk}.json"'
    return response


@workspace_view
def contact_erase(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk)
    if not services.may_export_personal_data(request.user, contact.stakeholder.city_id):
        raise PermissionDenied(_("Only the city's coordinators manage personal data."))
    if request.method == "POST":
        try:
            services.contact_erase(contact=contact, actor=request.user)
        except ValidationError as error:
            refused(request, error)
        else:
            messages.success(request, _("The contact's personal data were erased."))
        return redirect("workspace:stakeholder-detail", pk=contact.stakeholder_id)
    return render(request, "workspace/contact_erase.html", {"contact": contact})


# --- dashboard ----------------------------------------------------------------


@workspace_view
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    cities = City.objects.for_user(request.user)
    managers = services.assignable_users(cities)
    city, manager = DashboardForm(request.GET, cities=cities, managers=managers).chosen()

    stakeholders = Stakeholder.objects.for_user(request.user)
    interactions = Interaction.objects.for_user(request.user)
    proposals = Proposal.objects.for_user(request.user)
    if city:
        stakeholders = stakeholders.filter(city=city)
        interactions = interactions.filter(stakeholder__city=city)
        proposals = proposals.filter(city=city)
    # The tables compare cities and people, so they ignore the person chosen.
    per_city = figures.per_city(
        cities,
        stakeholders,
        proposals.filter(status__in=services.OPEN_PROPOSAL_STATUSES),
    )
    per_manager = figures.per_manager(managers, stakeholders, interactions, today=today)
    if manager:
        stakeholders = stakeholders.filter(account_manager=manager)
        interactions = interactions.followed_by(manager)
        proposals = proposals.filter(assignee=manager)

    return render(
        request,
        "workspace/dashboard.html",
        {
            "cities": cities,
            "managers": managers,
            "city": city,
            "manager": manager,
            "by_stage": figures.stakeholders_by_stage(stakeholders),
            "per_month": figures.interactions_per_month(interactions, today=today),
            "by_status": figures.proposals_by_status(proposals),
            "median_days": figures.median_days_to_first_answer(proposals),
            "overdue": figures.overdue_follow_ups(interactions, today=today),
            "per_city": per_city,
            "per_manager": per_manager,
        },
    )


# --- people: network administrators reset someone's second factor (the user's own
# account page is in portal/workspace/calendar.py, with their calendar feed)


@workspace_view
def people(request: HttpRequest) -> HttpResponse:
    if not may_manage_second_factors(request.user):
        raise PermissionDenied(_("Only a network administrator may reset a second factor."))
    users = (
        _people(request)
        .filter(is_active=True)
        .annotate(
            has_second_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
        )
        .prefetch_related("city_roles__city")
        .order_by("last_name", "first_name", "username")
    )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "workspace/people.html", {"page": page})


def _people(request: HttpRequest) -> Any:
    users = scope_to_user(get_user_model().objects.all(), request.user)
    # As in the user admin: a superuser's account is out of everyone else's reach.
    return users if request.user.is_superuser else users.filter(is_superuser=False)


def may_manage_second_factors(user: Any) -> bool:
    # The rule on each person is `core.twofactor.may_reset_second_factor`; the page
    # lists people to those who may reset anyone's: network administrators.
    return sees_all_cities(user) and may_reset_second_factor(user, user)


@workspace_view
@require_POST
def person_reset_second_factor(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(_people(request), pk=pk)
    try:
        second_factor_reset(user=person, actor=request.user)
    except PermissionDenied as error:
        refused(request, error)
    else:
        messages.success(
            request,
            _("%(name)s sets up a new second factor at the next sign-in.")
            % {"name": full_name(person)},
        )
    return redirect("workspace:people")
