"""The API: /api/v1/ (one router over every app's endpoints) and its OpenAPI documents."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from iap.api.urls import router as iap_router
from partnerships.api.urls import router as partnerships_router
from ulg.api.urls import router as ulg_router

router = DefaultRouter()
for app_router in (partnerships_router, ulg_router, iap_router):
    router.registry.extend(app_router.registry)

app_name = "api"

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
