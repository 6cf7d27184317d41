from rest_framework.routers import SimpleRouter

from ulg.api import views

router = SimpleRouter()
router.register("ulgs", views.UrbactLocalGroupViewSet, basename="ulg")
router.register("ulg-memberships", views.MembershipViewSet, basename="ulg-membership")
router.register("small-scale-actions", views.SmallScaleActionViewSet, basename="small-scale-action")
