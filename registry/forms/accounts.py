"""The sign-in form, which refuses an account locked after repeated failures."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm

from .. import throttle


class LoginForm(AuthenticationForm):
    """The sign-in form, refusing further attempts once an account is locked after repeated failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确。请注意区分大小写。",
        "locked": "登录失败次数过多，该账号已暂时锁定，请%(minutes)s分钟后再试或联系管理员。",
    }

    def _address(self) -> str:
        return self.request.META.get("REMOTE_ADDR", "") if self.request else ""

    def clean(self):
        username = self.cleaned_data.get("username", "")
        if throttle.is_locked(username, self._address()):
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": settings.LOGIN_LOCKOUT_SECONDS // 60},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(username, self._address())
            raise
        throttle.clear(username, self._address())
        return cleaned
