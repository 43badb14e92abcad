"""Marking an in-portal notice read."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View

from cqo_portal.generic import PermissionRequiredMixin

from .. import services
from ..models import Notice


class NoticeReadView(PermissionRequiredMixin, View):
    permission = "notice.read"

    def post(self, request, pk):
        notice = get_object_or_404(Notice.objects.visible_to(request.user), pk=pk)
        services.notice_mark_read(notice=notice, actor=request.user)
        return redirect(reverse("home"))
