"""The figures of the workspace dashboard, for a set of stakeholders and proposals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from statistics import median

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from partnerships.models import Proposal, Stakeholder
from partnerships.numbers import Table, make_table

# The charts' first column, as the dashboard has always headed it.
CATEGORY = _("Category")
# Stakeholders loaded from real records often have no stage yet (all of Milan's do):
# a column, a bar and a filter value of their own, first, so none goes uncounted.
STAGES = [("", _("No stage")), *Stakeholder.EngagementStage.choices]
# The stage filter's value for "no stage" (an empty value would mean "any stage").
NO_STAGE = "none"


def stakeholders_by_stage(stakeholders: QuerySet) -> Table:
    counts = dict(
        stakeholders.order_by().values_list("engagement_stage").annotate(total=Count("pk"))
    )
    return make_table(
        "by-stage",
        _("Stakeholders by engagement stage"),
        CATEGORY,
        [(label, counts.get(stage, 0)) for stage, label in STAGES],
    )


def months_back(today: dt.date, count: int) -> list[dt.date]:
    """The first days of the last `count` months, oldest first, this month included."""
    months, year, month = [], today.year, today.month
    for _step in range(count):
        months.append(dt.date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def interactions_per_month(interactions: QuerySet, *, today: dt.date, months: int = 12) -> Table:
    first_days = months_back(today, months)
    counts = {
        row["month"]: row["total"]
        for row in interactions.filter(date__gte=first_days[0])
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values("month")
        .annotate(total=Count("pk"))
    }
    return make_table(
        "per-month",
        _("Interactions per month"),
        CATEGORY,
        [(month.strftime("%Y-%m"), counts.get(month, 0)) for month in first_days],
    )


def proposals_by_status(proposals: QuerySet) -> Table:
    counts = dict(proposals.order_by().values_list("status").annotate(total=Count("pk")))
    return make_table(
        "by-status",
        _("Proposals by status"),
        CATEGORY,
        [(label, counts.get(status, 0)) for status, label in Proposal.Status.choices],
    )


def median_days_to_first_answer(proposals: QuerySet) -> float | None:
    """Median days between receiving a proposal and its first answer (None: no answers)."""
    waits = [
        (answered - received).total_seconds() / 86400
        for received, answered in proposals.filter(first_answered_at__isnull=False).values_list(
            "created_at", "first_answered_at"
        )
    ]
    return round(median(waits), 1) if waits else None


def overdue_follow_ups(interactions: QuerySet, *, today: dt.date) -> QuerySet:
    return (
        interactions.open_follow_ups()
        .filter(follow_up_date__lt=today)
        .select_related("stakeholder", "owner")
        .order_by("follow_up_date")
    )


@dataclass(frozen=True)
class Row:
    """One line of a per-city or per-account-manager table."""

    key: object
    first: int
    second: int


def _counts(queryset: QuerySet, field: str) -> dict:
    # One GROUP BY per figure: joining several counts in one query multiplies rows.
    return dict(queryset.order_by().values_list(field).annotate(total=Count("pk")))


def per_city(cities: QuerySet, stakeholders: QuerySet, open_proposals: QuerySet) -> list[Row]:
    """Stakeholders and proposals to answer, city by city."""
    by_city = _counts(stakeholders, "city")
    proposals = _counts(open_proposals, "city")
    return [Row(city, by_city.get(city.pk, 0), proposals.get(city.pk, 0)) for city in cities]


def per_manager(
    managers: QuerySet, stakeholders: QuerySet, interactions: QuerySet, *, today: dt.date
) -> list[Row]:
    """Stakeholders followed and overdue follow-ups owned, person by person."""
    followed = _counts(stakeholders, "account_manager")
    overdue = _counts(interactions.open_follow_ups().filter(follow_up_date__lt=today), "owner")
    return [
        Row(manager, followed.get(manager.pk, 0), overdue.get(manager.pk, 0))
        for manager in managers
    ]
