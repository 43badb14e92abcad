"""The sign-in form: Chinese errors; repeated failures are locked out by django-axes (settings, AXES_*)."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """The sign-in form. It authenticates with the request, which django-axes needs to count failures
    per username and client address; a locked pair is answered by registry.views.accounts.locked_out."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确。请注意区分大小写。",
    }
