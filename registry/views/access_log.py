"""The resident-ID access log (itself an export carrying masked IDs), and the mixin that logs every such export."""

from __future__ import annotations

from django.utils import timezone

from cqo_portal.generic import ScopedListView
from cqo_portal.sorting import Pinyin

from .. import services
from ..filters.access_log import AccessLogFilterSet
from ..models import AccessLog


class MaskedIdExportMixin:
    """For lists whose export carries masked resident IDs: each export is written to the access log."""

    def export_started(self, queryset, file_format: str) -> None:
        services.export_log_masked_ids(
            actor=self.request.user,
            what=self.export_filename.rsplit(".", 1)[0],
            count=queryset.count(),
            file_format=file_format,
        )


class AccessLogListView(MaskedIdExportMixin, ScopedListView):
    permission = "access_log.view"
    queryset = AccessLog.objects.select_related("actor")
    filterset_class = AccessLogFilterSet
    template_name = "registry/access_log/list.html"
    export_filename = "身份证号码访问日志.csv"
    # Indexes: registry migration 0016.
    sort_columns = {
        "at": ("at", "id"),
        "actor": ("actor__username", "id"),
        "action": ("action", "id"),
        "person": (Pinyin("person__name"), "id"),
        "count": ("count", "id"),
    }
    default_sort = "-at"
    export_columns = [
        ("时间", lambda log: timezone.localtime(log.at).strftime("%Y-%m-%d %H:%M:%S")),
        ("操作人", lambda log: str(log.actor)),
        ("操作人账号", "actor__username"),
        ("操作", lambda log: log.get_action_display()),
        ("人员", "person_name"),
        ("身份证号码（脱敏）", "person_masked_id"),
        ("涉及人数", "count"),
        ("事由", "reason"),
    ]
