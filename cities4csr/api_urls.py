"""The API: /api/v1/ (one router over every app's endpoints) and its OpenAPI documents."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from core import api_docs
from iap.api.urls import router as iap_router
from partnerships.api.urls import router as partnerships_router
from portal.api import SearchView
from ulg.api.urls import router as ulg_router

router = DefaultRouter()
for app_router in (partnerships_router, ulg_router, iap_router):
    router.registry.extend(app_router.registry)

app_name = "api"

urlpatterns = [
    path("v1/search/", SearchView.as_view(), name="search"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", api_docs.swagger_ui, name="docs"),
]
