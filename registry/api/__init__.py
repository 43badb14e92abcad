"""Read-only JSON API for enterprises, persons, appointments and Article 6 findings, scoped like the pages,
and the Article 14 CQO-status look-up."""

from rest_framework import routers

from . import cqo_status
from .appointments import AppointmentViewSet
from .enterprises import EnterpriseViewSet
from .findings import FindingViewSet
from .persons import PersonViewSet

router = routers.SimpleRouter(trailing_slash=False)
router.register("enterprises", EnterpriseViewSet, basename="api-enterprise")
router.register("persons", PersonViewSet, basename="api-person")
router.register("appointments", AppointmentViewSet, basename="api-appointment")
router.register("findings", FindingViewSet, basename="api-finding")

api_urlpatterns = [*router.urls, *cqo_status.api_urlpatterns]
