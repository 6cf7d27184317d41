"""What the public IAP page shows: its reads, the actions' timeline, the risk matrix,
indicator progress.

Computed here, in Python, so the templates only loop; the SVG timeline is drawn
server-side and the page shows the same facts as tables (its text alternative). The
plan's PDF (iap/documents.py) is the same page laid out for print: both read the plan
with `public_plans()` and build what they show with `plan_context()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from iap.models import Action, Indicator, IntegratedActionPlan, Measurement, Need, Risk
from iap.progress import need_progress
from partnerships.models import Partnership
from ulg.models import SmallScaleAction

# Geometry of the timeline, in SVG user units (the SVG scales to the page width).
TIMELINE_WIDTH = 1000
LABEL_WIDTH = 90
AXIS_HEIGHT = 30
ROW_HEIGHT = 30
BAR_HEIGHT = 18


def public_plans() -> QuerySet[IntegratedActionPlan]:
    """Published plans with everything their page shows, each relation read once."""
    return (
        IntegratedActionPlan.objects.public()
        .select_related("city__network", "policy_theme")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.order_by("start_date", "code", "pk").prefetch_related(
                    Prefetch("related_ssas", queryset=SmallScaleAction.objects.public()),
                    Prefetch("partnerships", queryset=Partnership.objects.public()),
                    Prefetch(
                        "needs",
                        queryset=Need.objects.public().with_progress(),
                        to_attr="public_needs",
                    ),
                ),
            ),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.select_related("action").prefetch_related(
                    "measurements"
                ),
            ),
            "risks",
        )
    )


def plan_context(plan: IntegratedActionPlan) -> dict[str, Any]:
    """What the plan's page and its PDF show, from a plan read by `public_plans()`."""
    actions = list(plan.actions.all())
    for action in actions:
        for need in action.public_needs:
            need.progress = need_progress(need)
        action.needs_met = sum(need.status == Need.Status.MET for need in action.public_needs)
    risks = list(plan.risks.all())
    return {
        "actions": actions,
        "columns": action_columns(actions),
        "timeline": build_timeline(actions),
        "pilots": pilot_actions(actions),
        "indicators": indicator_progress(plan.indicators.all()),
        "risks": risks,
        "risk_matrix": build_risk_matrix(risks) if risks else None,
    }


def pilot_actions(actions: Iterable[Action]) -> list[SmallScaleAction]:
    """The published pilot actions (SSAs) the plan's actions build on, each once, in order."""
    pilots: dict[int, SmallScaleAction] = {}
    for action in actions:
        for ssa in action.related_ssas.all():
            pilots.setdefault(ssa.pk, ssa)
    return list(pilots.values())


# A bar's colour by the action's status, as SVG attributes rather than style-sheet
# classes: the PDF engine draws an inline SVG from its attributes only.
STATUS_COLOURS: dict[str, str] = {
    Action.Status.DONE: "#008055",
    Action.Status.DELAYED: "#a66300",
    Action.Status.DROPPED: "#5d7083",
    Action.Status.PLANNED: "#5c9ad6",
}
BAR_COLOUR = "#0066cc"


@dataclass(frozen=True)
class TimelineBar:
    action: Action
    x: float
    y: float
    width: float
    label_y: float

    @property
    def colour(self) -> str:
        return STATUS_COLOURS.get(self.action.status, BAR_COLOUR)


@dataclass(frozen=True)
class TimelineTick:
    """A year: its grid line at 1 January, its label in the middle of the year."""

    x: float
    label_x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    bars: list[TimelineBar]
    ticks: list[TimelineTick]
    # Where the last year ends: the closing grid line.
    end_x: float
    bar_height: int = BAR_HEIGHT
    label_width: int = LABEL_WIDTH


def action_columns(actions: Sequence[Action]) -> dict[str, bool]:
    """Which columns of the actions table have anything to show.

    A plan known only from a summary has actions without codes, dates, status or
    budget: a column of dashes would only say "unknown" over and over.
    """
    return {
        "code": any(action.code for action in actions),
        "dates": any(action.start_date or action.end_date for action in actions),
        "status": any(action.status for action in actions),
        "budget": any(action.budget_eur is not None or action.funding_source for action in actions),
    }


def build_timeline(actions: Iterable[Action]) -> Timeline | None:
    """A Gantt-like timeline of the dated actions; None when no action has dates."""
    dated = [action for action in actions if action.start_date]
    if not dated:
        return None
    first = dt.date(min(action.start_date.year for action in dated), 1, 1)
    last = dt.date(max((action.end_date or action.start_date).year for action in dated) + 1, 1, 1)
    span = (last - first).days
    plot_width = TIMELINE_WIDTH - LABEL_WIDTH - 10

    def x_of(day: dt.date) -> float:
        return round(LABEL_WIDTH + plot_width * (day - first).days / span, 1)

    bars = []
    for row, action in enumerate(dated):
        start = x_of(action.start_date)
        end = x_of(action.end_date or action.start_date)
        y = AXIS_HEIGHT + row * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        # A one-day action still gets a visible mark.
        bars.append(
            TimelineBar(
                action=action,
                x=start,
                y=y,
                width=max(end - start, 4),
                label_y=y + BAR_HEIGHT / 2 + 5,
            )
        )
    ticks = [
        TimelineTick(
            x=x_of(dt.date(year, 1, 1)),
            label_x=round((x_of(dt.date(year, 1, 1)) + x_of(dt.date(year + 1, 1, 1))) / 2, 1),
            label=str(year),
        )
        for year in range(first.year, last.year)
    ]
    return Timeline(
        width=TIMELINE_WIDTH,
        height=AXIS_HEIGHT + len(dated) * ROW_HEIGHT,
        bars=bars,
        ticks=ticks,
        end_x=x_of(last),
    )


@dataclass(frozen=True)
class RiskCell:
    likelihood: int
    impact: int
    # 2–6: likelihood + impact, for the cell's colour.
    severity: int
    risks: list[tuple[int, Risk]]


def build_risk_matrix(risks: Sequence[Risk]) -> list[list[RiskCell]]:
    """Rows of impact high → low, columns of likelihood low → high; risks numbered 1…n."""
    numbered = list(enumerate(risks, start=1))
    levels = [level for level, _label in Risk.Level.choices]
    return [
        [
            RiskCell(
                likelihood=likelihood,
                impact=impact,
                severity=likelihood + impact,
                risks=[
                    (number, risk)
                    for number, risk in numbered
                    if risk.likelihood == likelihood and risk.impact == impact
                ],
            )
            for likelihood in levels
        ]
        for impact in reversed(levels)
    ]


@dataclass(frozen=True)
class IndicatorProgress:
    indicator: Indicator
    latest: Measurement | None
    # 0–100, how far the latest value went from baseline towards target; None if unknown.
    percent: int | None


def indicator_progress(indicators: Iterable[Indicator]) -> list[IndicatorProgress]:
    """Each indicator with its latest measurement (measurements prefetched, oldest first)."""
    rows = []
    for indicator in indicators:
        measurements = list(indicator.measurements.all())
        latest = measurements[-1] if measurements else None
        rows.append(
            IndicatorProgress(
                indicator=indicator,
                latest=latest,
                percent=progress_percent(indicator.baseline, indicator.target, latest),
            )
        )
    return rows


def progress_percent(
    baseline: Decimal | None, target: Decimal | None, latest: Measurement | None
) -> int | None:
    if latest is None or target is None:
        return None
    start = baseline or Decimal(0)
    if target == start:
        return 100 if latest.value == target else 0
    share = (latest.value - start) / (target - start)
    return int(max(Decimal(0), min(Decimal(1), share)) * 100)
