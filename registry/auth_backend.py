"""Signing in with a username and password, and the signed-in user read back on each request in one query."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from .models import User


class PortalModelBackend(ModelBackend):
    """Django's ModelBackend whose per-request `get_user` joins the account's organisation: the navbar names it
    (`user.organisation`) and scopes read its ids, so every page would otherwise pay a second query for it."""

    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("city", "enterprise", "institution").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
