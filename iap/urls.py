from django.urls import path

from iap import downloads, needs_views, views

# The `iap:` namespace is declared by portal/urls.py, which adds the feeds to these.
urlpatterns = [
    path("cities/<slug:slug>/iap/", views.IntegratedActionPlanDetailView.as_view(), name="detail"),
    path("cities/<slug:slug>/iap/document/", downloads.plan_document, name="document"),
    path("cities/<slug:slug>/iap/pdf/", views.plan_pdf, name="pdf"),
    path("toolbox/", views.ToolboxView.as_view(), name="toolbox"),
    path("toolbox/<slug:slug>/download/", downloads.toolbox_file, name="toolbox-download"),
    path("needs/", needs_views.NeedListView.as_view(), name="need-list"),
    path("needs/<slug:slug>/", needs_views.NeedDetailView.as_view(), name="need-detail"),
    path("needs/<slug:slug>/offer/", needs_views.need_offer, name="need-offer"),
    path("numbers/resources/<slug:table>.csv", needs_views.resources_csv, name="resources-csv"),
]
