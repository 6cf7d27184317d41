"""The ULG app's open datasets (see core/open_data.py)."""

from django.utils.translation import gettext_lazy as _

from core.open_data import Dataset, register_dataset
from ulg.api import views

register_dataset(
    Dataset(
        slug="small-scale-actions",
        title=_("Small-Scale Actions"),
        description=_(
            "The pilot projects each city ran with its URBACT Local Group: "
            "partners, resources, results and lessons learned."
        ),
        viewset=views.SmallScaleActionViewSet,
    )
)
