from django.urls import path

from partnerships import views
from partnerships.contact_point import views as contact_point

app_name = "partnerships"

urlpatterns = [
    path("partnerships/", views.PartnershipListView.as_view(), name="list"),
    path("partnerships/<slug:slug>/", views.PartnershipDetailView.as_view(), name="detail"),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city-detail"),
    path("network/", views.NetworkView.as_view(), name="network"),
    path("propose/", contact_point.propose, name="propose"),
    path("propose/thanks/", contact_point.ProposeThanksView.as_view(), name="propose-thanks"),
]
