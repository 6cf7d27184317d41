from django.urls import path

from iap import views

app_name = "iap"

urlpatterns = [
    path("cities/<slug:slug>/iap/", views.IntegratedActionPlanDetailView.as_view(), name="detail"),
    path("toolbox/", views.ToolboxView.as_view(), name="toolbox"),
    path("needs/<slug:slug>/", views.NeedDetailView.as_view(), name="need-detail"),
]
