"""The partnerships app's open datasets (see core/open_data.py)."""

from django.utils.translation import gettext_lazy as _

from core.open_data import Dataset, register_dataset
from partnerships.api import views

register_dataset(
    Dataset(
        slug="partnerships",
        title=_("Partnerships"),
        description=_(
            "Published public-private CSR partnerships of the network's cities, "
            "with their themes, dates, status and partners."
        ),
        viewset=views.PartnershipViewSet,
    )
)
register_dataset(
    Dataset(
        slug="participations",
        title=_("Participations"),
        description=_(
            "Which organisation took part in which partnership, in what role, "
            "with what contribution."
        ),
        viewset=views.ParticipationViewSet,
    )
)
register_dataset(
    Dataset(
        slug="stakeholders",
        title=_("Stakeholders"),
        description=_("Organisations that agreed to be listed publicly. No contact persons."),
        viewset=views.StakeholderViewSet,
    )
)
