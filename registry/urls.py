"""Registry URLs: enterprise pages (each one has its entry in registry/tests/matrix.py)."""

from django.urls import path

from . import pool_views, views
from .appointment_urls import urlpatterns as appointment_urlpatterns
from .finding_urls import urlpatterns as finding_urlpatterns

app_name = "registry"

urlpatterns = [
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprise-list"),
    path("enterprises/new/", views.EnterpriseCreateView.as_view(), name="enterprise-create"),
    path("enterprises/mine/", views.MyEnterpriseView.as_view(), name="my-enterprise"),
    path("enterprises/<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise-detail"),
    path("enterprises/<int:pk>/edit/", views.EnterpriseUpdateView.as_view(), name="enterprise-update"),
    path(
        "enterprises/<int:pk>/confirm-size/", views.EnterpriseConfirmSizeView.as_view(), name="enterprise-confirm-size"
    ),
    path("pool/", pool_views.PoolListView.as_view(), name="pool-list"),
    path("pool/<int:person_id>/", pool_views.PoolDetailView.as_view(), name="pool-detail"),
    *appointment_urlpatterns,
    *finding_urlpatterns,
]
