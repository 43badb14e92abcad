"""The notifications page (站内通知): the user's notices, newest first with the unread marked; marking read."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from cqo_portal.generic import PermissionRequiredMixin, ScopedListView

from .. import services
from ..filters.notices import NoticeFilterSet
from ..models import Notice


def _back(request, default: str) -> str:
    """Where a mark-read button was pressed (the home page, the notifications page with its filters)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


class NoticeListView(ScopedListView):
    permission = "notice.list"
    queryset = Notice.objects.all()
    filterset_class = NoticeFilterSet
    template_name = "registry/notices/list.html"
    export_filename = "站内通知.csv"
    sort_columns = {"at": ("created_at", "id"), "read": ("read_at", "id")}
    default_sort = "-at"
    export_columns = [
        ("时间", lambda n: timezone.localtime(n.created_at).strftime("%Y-%m-%d %H:%M:%S")),
        ("内容", "text"),
        ("状态", lambda n: "已读" if n.read_at else "未读"),
        ("已读时间", lambda n: timezone.localtime(n.read_at).strftime("%Y-%m-%d %H:%M:%S") if n.read_at else ""),
        ("链接", "link"),
    ]


class NoticeReadView(PermissionRequiredMixin, View):
    permission = "notice.read"

    def post(self, request, pk):
        notice = get_object_or_404(Notice.objects.visible_to(request.user), pk=pk)
        services.notice_mark_read(notice=notice, actor=request.user)
        return redirect(_back(request, reverse("home")))


class NoticeReadAllView(PermissionRequiredMixin, View):
    permission = "notice.read"

    def post(self, request):
        count = services.notice_mark_all_read(actor=request.user)
        messages.success(request, f"已将{count}条通知标为已读。" if count else "没有未读通知。")
        return redirect(_back(request, reverse("registry:notice-list")))
