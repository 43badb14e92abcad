"""The portal's admin site: Django's, refusing an empty `_to_field` as it refuses any field it does not allow.

Django's ModelAdmin checks `if to_field and not allowed` and then looks the object up by
`get_field(to_field)` whenever it is not None, so `?_to_field=` (empty) reached
`get_field('')`: FieldDoesNotExist, a 500, on every change, delete and history page.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.exceptions import DisallowedModelAdminToField
from django.contrib.admin.options import TO_FIELD_VAR


class PortalAdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        guarded = super().admin_view(view, cacheable)

        @wraps(guarded)
        def inner(request, *args, **kwargs):
            if "" in (request.GET.get(TO_FIELD_VAR), request.POST.get(TO_FIELD_VAR)):
                raise DisallowedModelAdminToField("空的 _to_field 参数。")
            return guarded(request, *args, **kwargs)

        return inner


class PortalAdminConfig(AdminConfig):
    default_site = "cqo_portal.admin_site.PortalAdminSite"
