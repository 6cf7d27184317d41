"""The ULG app's open datasets (see core/open_data.py)."""

from django.utils.translation import gettext_lazy as _

from core.open_data import Dataset, NestedDataset, register_dataset
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
register_dataset(
    NestedDataset(
        slug="small-scale-action-partners",
        title=_("Partners of the Small-Scale Actions"),
        description=_("Which organisation took part in which pilot project, in what role."),
        viewset=views.SmallScaleActionViewSet,
        nested="partners",
        parent_column="small_scale_action",
        key=("small_scale_action", "stakeholder"),
    )
)
