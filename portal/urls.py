"""The public URL namespaces `partnerships:` and `iap:`, declared here because the site
layer adds its own pages to them: the partnership, city, network and numbers pages,
and the feeds, combine apps, so they live here, yet keep the names and paths they always had.
The domain apps' url modules list their own pages and declare no namespace.
`follow:` is the site layer's own: follow by e-mail (portal/follow/).
"""

from django.urls import path

from iap import urls as iap_urls
from partnerships import urls as partnerships_urls
from portal import views
from portal.feeds import UpdatesFeed
from portal.follow import views as follow_views

partnerships_patterns = (
    [
        *partnerships_urls.urlpatterns,
        path("partnerships/<slug:slug>/", views.PartnershipDetailView.as_view(), name="detail"),
        path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city-detail"),
        path("cities/<slug:slug>/report/", views.city_report, name="city-report"),
        path("cities/<slug:slug>/report/pdf/", views.city_report_pdf, name="city-report-pdf"),
        path("network/", views.NetworkView.as_view(), name="network"),
        path("numbers/", views.NumbersView.as_view(), name="numbers"),
        path("numbers/report/", views.network_report, name="numbers-report"),
        path("numbers/report/pdf/", views.network_report_pdf, name="numbers-report-pdf"),
        path("numbers/<slug:table>.csv", views.numbers_csv, name="numbers-csv"),
    ],
    "partnerships",
)

iap_patterns = (
    [
        *iap_urls.urlpatterns,
        path("feeds/<slug:kind>/", UpdatesFeed(), name="feed"),
        path("feeds/<slug:kind>/city/<slug:city>/", UpdatesFeed(), name="feed-city"),
        path("feeds/<slug:kind>/theme/<slug:theme>/", UpdatesFeed(), name="feed-theme"),
    ],
    "iap",
)

follow_patterns = (
    [
        path("follow/", follow_views.follow, name="follow"),
        path("follow/confirm/<str:token>/", follow_views.confirm, name="confirm"),
        path("follow/unsubscribe/<str:token>/", follow_views.unsubscribe, name="unsubscribe"),
        path("follow/one-click/<str:token>/", follow_views.one_click, name="one-click"),
    ],
    "follow",
)
