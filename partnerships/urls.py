from django.urls import path, re_path

from core import dcat, open_data
from partnerships import views
from partnerships.contact_point import views as contact_point

# The `partnerships:` namespace is declared by portal/urls.py, which adds the site's
# pages (partnership, city, network, numbers) to these.
urlpatterns = [
    path("partnerships/", views.PartnershipListView.as_view(), name="list"),
    path("cities/", views.CityListView.as_view(), name="city-list"),
    path("stakeholders/", views.StakeholderListView.as_view(), name="stakeholder-list"),
    path("propose/", contact_point.propose, name="propose"),
    path("propose/thanks/", contact_point.ProposeThanksView.as_view(), name="propose-thanks"),
    path("open-data/", open_data.OpenDataView.as_view(), name="open-data"),
    # Before the files: "datapackage.json" would read as a dataset called "datapackage".
    path("open-data/datapackage.json", open_data.datapackage, name="open-data-package"),
    path("open-data/catalog.jsonld", dcat.catalogue_view, name="open-data-catalogue"),
    re_path(
        r"^open-data/(?P<dataset>[-a-z0-9]+)\.(?P<file_format>csv|json)$",
        open_data.download,
        name="open-data-file",
    ),
]
