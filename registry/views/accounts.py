"""Sign-in and each role's home page."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.views.generic import TemplateView

from ..forms.accounts import LoginForm
from ..selectors import home_panels, home_summary


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
    summary_figures = True  # False: a page above (the province's dashboard) shows the province's figures itself

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            summary=home_summary(self.request.user, figures=self.summary_figures),
            panels=home_panels(self.request.user),
            previous_login=self.previous_login(),
            **kwargs,
        )

    def previous_login(self):
        """The sign-in before this session's, kept by registry.services.accounts.account_signed_in."""
        kept = self.request.session.get("previous_login")
        if kept is None:  # a session from before the portal kept it
            return self.request.user.last_login
        return datetime.datetime.fromisoformat(kept) if kept else None
