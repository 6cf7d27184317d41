"""The IAP app's open datasets (see core/open_data.py)."""

from django.utils.translation import gettext_lazy as _

from core.open_data import Dataset, register_dataset
from iap.api import views

register_dataset(
    Dataset(
        slug="iap-actions",
        title=_("Integrated Action Plan actions"),
        description=_(
            "The actions of each city's published Integrated Action Plan: timeplan, "
            "budget, funding source, status, related pilots and partners."
        ),
        viewset=views.ActionViewSet,
        themes=("GOVE", "REGI"),
    )
)
register_dataset(
    Dataset(
        slug="indicators",
        title=_("Indicators"),
        description=_(
            "Monitoring indicators of the published plans: baseline, target and "
            "the measurements taken so far."
        ),
        viewset=views.IndicatorViewSet,
        themes=("GOVE", "REGI"),
    )
)
register_dataset(
    Dataset(
        slug="measurements",
        title=_("Indicator measurements"),
        description=_("Each value measured for an indicator of a published plan, with its date."),
        viewset=views.MeasurementViewSet,
        themes=("GOVE", "REGI"),
    )
)
