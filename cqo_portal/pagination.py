"""Pages that never count a large table: the API's cursors over the primary key, with a ceiling on the page
size, and the HTML lists' paginator that counts only up to a cap.

`?limit=` sets the page size as before. A caller still sending `?offset=` gets the old limit/offset page,
`count` included, so scripts written against it keep working (CONTRACT: the old form beside the new);
everyone else follows `next` / `previous`, which cost one indexed query at any depth.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import CursorPagination, LimitOffsetPagination

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    default_limit = DEFAULT_PAGE_SIZE
    max_limit = MAX_PAGE_SIZE


class PkCursorPagination(CursorPagination):
    """Cursor pages in primary-key order (every API list's order, served by the primary key's index)."""

    ordering = "pk"
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "limit"
    max_page_size = MAX_PAGE_SIZE
    invalid_cursor_message = "cursor 参数无效：请使用上一页响应中 next / previous 给出的链接。"

    def __init__(self):
        self._legacy = None

    def paginate_queryset(self, queryset, request, view=None):
        if LimitOffsetPagination.offset_query_param in request.query_params:
            self._legacy = BoundedLimitOffsetPagination()
            return self._legacy.paginate_queryset(queryset, request, view)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self._legacy is not None:
            return self._legacy.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["properties"]["count"] = {
            "type": "integer",
            "description": "总条数，仅在请求带 offset 参数（旧的 limit/offset 分页）时返回。",
            "example": 123,
        }
        return described

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = f"每页条数，默认 {DEFAULT_PAGE_SIZE}，最多 {MAX_PAGE_SIZE}。"
            elif parameter["name"] == self.cursor_query_param:
                parameter["description"] = "分页游标：取上一次响应的 next / previous 链接。"
        parameters.append(
            {
                "name": LimitOffsetPagination.offset_query_param,
                "required": False,
                "in": "query",
                "description": "旧的 limit/offset 分页：跳过的条数；带上它时响应另含 count（总条数，较慢）。",
                "schema": {"type": "integer", "minimum": 0},
            }
        )
        return parameters


class CappedPaginator(Paginator):
    """Never counts the whole table. Up to `cap` rows it counts exactly, `SELECT count(*) FROM (SELECT ...
    LIMIT cap + 1)`; beyond, `more` is true, `reach` says how many rows there are at least, and the footer offers
    上一页 / 下一页 but no last page. A page past the cap counts only its own window (at most a page and a row
    after its offset), so a deep page costs what showing it costs, and a page beyond the end is a 404."""

    cap = 10_000
    max_offset = 2**62  # a larger OFFSET overflows PostgreSQL's bigint: such a page has no rows

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reach = self.cap
        self.window_start = None

    def page(self, number):
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1  # the parent's validate_number refuses it
        if wanted * self.per_page > self.cap:
            self.window_start = (wanted - 1) * self.per_page
            self.reach = self.window_start + self.per_page
        return super().page(number)

    @cached_property
    def count(self):
        if not hasattr(self.object_list, "query"):
            return len(self.object_list)
        rows = self.object_list.order_by()  # counting needs no order: stop after the rows wanted, sort nothing
        if self.window_start is None:
            return rows[: self.cap + 1].count()
        if self.window_start > self.max_offset:
            return 0
        found = rows[self.window_start : self.reach + 1].count()
        return self.window_start + found if found else 0

    @property
    def more(self) -> bool:
        return self.count > self.reach

    @property
    def reach_display(self) -> str:
        return f"{self.reach:,}"
