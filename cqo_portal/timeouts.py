"""Bounded list pages: a list's queries run under a PostgreSQL `statement_timeout`, so no search can hold a worker
for seconds; a cancelled query becomes the same page, empty, with a message asking to narrow the search (HTTP 200,
never a 500)."""

from __future__ import annotations

from contextlib import contextmanager

from django.conf import settings
from django.contrib import messages
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction

NARROW_THE_SEARCH = (
    "查询用时过长，已停止。请缩小查询范围后重试：输入更完整的姓名、企业名称或统一社会信用代码，或增加筛选条件。"
)
# PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout (psycopg2's QueryCanceled).
QUERY_CANCELED = "57014"


def is_query_cancelled(error: Exception) -> bool:
    return getattr(error.__cause__, "pgcode", None) == QUERY_CANCELED


@contextmanager
def list_statement_timeout(using: str = DEFAULT_DB_ALIAS, milliseconds: int | None = None):
    """A transaction whose statements are cancelled after LIST_STATEMENT_TIMEOUT_MS (SET LOCAL: the setting ends
    with the transaction, so a persistent connection's next request does not inherit it). Elsewhere than on
    PostgreSQL, only the transaction."""
    limit = settings.LIST_STATEMENT_TIMEOUT_MS if milliseconds is None else milliseconds
    with transaction.atomic(using=using):
        connection = connections[using]
        if connection.vendor == "postgresql" and limit:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{int(limit)}ms"])
        yield


class BoundedListMixin:
    """For a list view (before its PermissionRequiredMixin): the page, rendered inside list_statement_timeout; when a
    query is cancelled, the page again with `self.timed_out` set (the view then lists nothing: `none()`) and
    NARROW_THE_SEARCH shown. Exports stream after the view returns and are not bounded."""

    timed_out = False

    def dispatch(self, request, *args, **kwargs):
        if "export" in request.GET:
            return super().dispatch(request, *args, **kwargs)
        try:
            with list_statement_timeout():
                response = super().dispatch(request, *args, **kwargs)
                # A TemplateResponse runs the page's lazy queries when rendered: inside the timeout.
                if callable(getattr(response, "render", None)) and not getattr(response, "is_rendered", True):
                    response.render()
                return response
        except OperationalError as error:
            if not is_query_cancelled(error):
                raise
        self.timed_out = True
        messages.warning(request, NARROW_THE_SEARCH)
        return super().dispatch(request, *args, **kwargs)
