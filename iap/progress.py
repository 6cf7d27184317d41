"""How far a need is met: pledged and delivered against requested, as numbers and bar lengths."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from iap.matching import plain_number
from iap.models import Need


@dataclass(frozen=True)
class Progress:
    requested: Decimal | None
    pledged: Decimal
    delivered: Decimal
    unit: str

    @property
    def delivered_percent(self) -> int:
        return self._percent(self.delivered)

    @property
    def pledged_percent(self) -> int:
        """Pledged but not yet delivered: the second segment of the bar."""
        return max(0, self._percent(self.pledged) - self.delivered_percent)

    @property
    def requested_text(self) -> str:
        return plain_number(self.requested) if self.requested is not None else ""

    @property
    def pledged_text(self) -> str:
        return plain_number(self.pledged)

    @property
    def delivered_text(self) -> str:
        return plain_number(self.delivered)

    def _percent(self, value: Decimal) -> int:
        if not self.requested:
            return 0
        return min(100, round(100 * value / self.requested))


def need_progress(need: Need) -> Progress:
    """`need` must come from `Need.objects.with_progress()`."""
    unit = need.unit if need.quantity is not None else "EUR" if need.amount_eur is not None else ""
    return Progress(
        requested=need.requested, pledged=need.pledged, delivered=need.delivered, unit=unit
    )
