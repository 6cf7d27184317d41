from rest_framework.routers import SimpleRouter

from partnerships.api import views

router = SimpleRouter()
router.register("cities", views.CityViewSet, basename="city")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("stakeholders", views.StakeholderViewSet, basename="stakeholder")
router.register("partnerships", views.PartnershipViewSet, basename="partnership")
router.register("participations", views.ParticipationViewSet, basename="participation")
router.register("network-events", views.NetworkEventViewSet, basename="network-event")
