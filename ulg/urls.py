from django.urls import path

from ulg import views

app_name = "ulg"

urlpatterns = [
    path("cities/<slug:slug>/ulg/", views.UrbactLocalGroupDetailView.as_view(), name="detail"),
    path(
        "small-scale-actions/<slug:slug>/",
        views.SmallScaleActionDetailView.as_view(),
        name="ssa-detail",
    ),
]
