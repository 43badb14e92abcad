"""Sign-in and each role's home page."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.views.generic import TemplateView

from ..forms.accounts import LoginForm
from ..selectors import home_summary


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer (AXES_LOCKOUT_CALLABLE) to a sign-in, on the portal or /admin/login/,
    from a username and address locked after repeated failures: 429, in the portal's layout."""
    minutes = max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)
    return render(request, "registration/locked.html", {"minutes": minutes}, status=429)


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "registry/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(summary=home_summary(self.request.user), **kwargs)
