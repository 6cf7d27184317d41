from django.urls import path

from partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("partnerships/", views.PartnershipListView.as_view(), name="list"),
    path("partnerships/<slug:slug>/", views.PartnershipDetailView.as_view(), name="detail"),
    path("cities/", views.CityListView.as_view(), name="city-list"),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city-detail"),
    path("stakeholders/", views.StakeholderListView.as_view(), name="stakeholder-list"),
    path("network/", views.NetworkView.as_view(), name="network"),
    path("numbers/", views.NumbersView.as_view(), name="numbers"),
    path("numbers/<slug:table>.csv", views.numbers_csv, name="numbers-csv"),
]
