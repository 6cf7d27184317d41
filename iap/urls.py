from django.urls import path

from iap import downloads, views

app_name = "iap"

urlpatterns = [
    path("cities/<slug:slug>/iap/", views.IntegratedActionPlanDetailView.as_view(), name="detail"),
    path("cities/<slug:slug>/iap/document/", downloads.plan_document, name="document"),
    path("toolbox/", views.ToolboxView.as_view(), name="toolbox"),
    path("toolbox/<slug:slug>/download/", downloads.toolbox_file, name="toolbox-download"),
    path("needs/<slug:slug>/", views.NeedDetailView.as_view(), name="need-detail"),
]
