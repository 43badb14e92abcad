"""What every read-only API endpoint shares: scope from visible_to, bounded ids, the note on scope."""

from __future__ import annotations

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets

from .. import services

READ_ONLY_NOTE = (
    "只读接口：只返回调用者权限范围内的记录（省局全部，设区市局本报备单位，企业本企业，培训机构其培训的人员），"
    "范围外或不存在的记录返回404。暂不提供通过接口写入，登记、修改请在平台页面办理。"
    "列表按游标分页：跟随响应中的 next / previous 链接，limit 为每页条数（最多200）；旧的 limit/offset 分页仍可用。"
)


# Ids beyond a 64-bit integer are refused as a bad filter (400), not passed to the database.
MAX_ID = 2**63 - 1


def id_filter(field_name: str, help_text: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(field_name=field_name, help_text=help_text, min_value=1, max_value=MAX_ID)


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    filter_backends = [DjangoFilterBackend]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class MaskedIdListMixin:
    """For API lists whose rows carry masked resident IDs: each page with at least one person is an export,
    written to the access log with the number of persons in it (like the pages' CSV exports)."""

    masked_id_what = ""  # the Chinese name of the list in the log's reason, e.g. "人员接口"

    def persons_in(self, page) -> int:
        return len({row.person_id for row in page})

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        rows = page if page is not None else queryset
        count = self.persons_in(rows)
        if count:
            services.export_log_masked_ids(
                actor=self.request.user, what=self.masked_id_what, count=count, file_format="json"
            )
        return page
