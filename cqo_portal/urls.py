"""The portal's URLs: pages per app, the JSON API under /api/v1/, the admin for superusers."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from dashboards.api import api_urlpatterns as dashboards_api
from dashboards.views import HomeView
from dashboards.views_statistics import StatisticsView
from eligibility.api import api_urlpatterns as eligibility_api
from registry.api import api_urlpatterns as registry_api
from registry.forms import accounts as accounts_forms
from registry.views import accounts
from training.urls import api_urlpatterns as training_api
from training.urls import verify_urlpatterns

from . import views

admin.site.site_header = "首席质量官管理平台 · 系统管理"
admin.site.site_title = "首席质量官管理平台"

api_v1 = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    *eligibility_api,
    *registry_api,
    *training_api,
    *dashboards_api,
]

urlpatterns = [
    path("", HomeView.as_view(), name="home"),  # registry's, with the dashboard for the province
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # Forgotten password, and the first password of a new account (its email links to the confirm page).
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(form_class=accounts_forms.PortalPasswordResetForm),
        name="password_reset",
    ),
    path("accounts/password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("", include("registry.urls")),
    path("", include("training.urls")),
    *verify_urlpatterns,
    path("", include("pool.urls")),
    path("eligibility/", include("eligibility.urls")),
    path("filings/", include("filings.urls")),
    path("dashboard/", include("dashboards.urls")),
    path("statistics/", StatisticsView.as_view(), name="statistics"),
    path("api/v1/", include(api_v1)),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]

# Chinese error pages in the portal's layout; JSON in the API's one error shape under /api/.
handler400 = "cqo_portal.errors.bad_request"
handler403 = "cqo_portal.errors.permission_denied"
handler404 = "cqo_portal.errors.page_not_found"
handler500 = "cqo_portal.errors.server_error"
