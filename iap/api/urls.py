from rest_framework.routers import SimpleRouter

from iap.api import views

router = SimpleRouter()
router.register("iaps", views.IntegratedActionPlanViewSet, basename="iap")
router.register("iap-actions", views.ActionViewSet, basename="iap-action")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("measurements", views.MeasurementViewSet, basename="measurement")
router.register("toolbox-resources", views.ToolboxResourceViewSet, basename="toolbox-resource")
router.register("needs", views.NeedViewSet, basename="need")
router.register("pledges", views.PledgeViewSet, basename="pledge")
