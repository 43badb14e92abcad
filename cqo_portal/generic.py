"""Generic views every app configures: permission from the policy table, scoped lists with filters, sortable
columns, pagination and CSV/XLSX export, scoped details, and forms whose data goes to one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView

from registry.permissions import POLICY, can

from . import sorting
from .exports import csv_response, xlsx_response
from .pagination import CappedPaginator
from .sorting import parse_sort

EXPORT_FORMATS = {"csv", "xlsx"}


def show_refusal(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: each message on its field when the form has that field, otherwise
    above the form (a row saved before a bound existed can be refused for a field this form does not show)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class PermissionRequiredMixin(LoginRequiredMixin):
    """The page asks the policy table (registry.permissions) whether the user may do `permission`:
    signed out is sent to sign in, a role without it gets 403 with the policy's reason."""

    permission: str | None = None  # an action of registry.permissions.POLICY; None: every signed-in user

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.permission is not None and not can(request.user, self.permission):
            raise PermissionDenied(POLICY[self.permission].refusal)
        return super().dispatch(request, *args, **kwargs)


class ScopedQuerysetMixin:
    """Every object a view touches starts from Model.objects.visible_to(user): out of scope is a 404."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class ScopedListView(PermissionRequiredMixin, ScopedQuerysetMixin, FilterView):
    """A list page: filters from a FilterSet, 50 rows a page, sortable columns (`?sort=name`, `?sort=-name`),
    and `?export=csv` / `?export=xlsx` for the filtered set in the sort shown.

    Configure `sort_columns` as {key: fields of its ascending order}, the fields model field names or
    `sorting.Pinyin("name")`, the last one unique; each order needs an index (see cqo_portal/sorting.py).
    Without `?sort=` the list sorts by `default_sort` (e.g. "-at"), or by the model's Meta ordering when it is empty.
    """

    paginate_by = 50
    paginator_class = CappedPaginator  # no COUNT over the whole table: exact up to 10,000 rows, "超过" beyond
    export_filename = "export.csv"  # its stem names both files: 企业名单.csv / 企业名单.xlsx
    # (column header, attribute path or callable) pairs for the CSV and XLSX exports.
    export_columns: list[tuple[str, object]] = []
    sort_columns: dict[str, tuple] = {}
    default_sort = ""

    @property
    def current_sort(self) -> tuple[str, bool] | None:
        return parse_sort(self.request.GET.get("sort"), self.sort_columns) or parse_sort(
            self.default_sort, self.sort_columns
        )

    def get_queryset(self):
        queryset = super().get_queryset()
        chosen = self.current_sort
        if chosen is not None:
            key, descending = chosen
            queryset = queryset.order_by(*sorting.order_by(self.sort_columns[key], descending))
        return queryset

    def get(self, request, *args, **kwargs):
        file_format = request.GET.get("export")
        if file_format in EXPORT_FORMATS and self.export_columns:
            filterset = self.get_filterset(self.get_filterset_class())
            queryset = filterset.qs if filterset.is_valid() else self.get_queryset().none()
            self.export_started(queryset, file_format)
            respond = xlsx_response if file_format == "xlsx" else csv_response
            stem = self.export_filename.rsplit(".", 1)[0]
            return respond(
                f"{stem}.{file_format}",
                [header for header, _ in self.export_columns],
                # Chunks of Django's default size, stated so a list may prefetch (each chunk prefetches once).
                (
                    [self._cell(obj, getter) for _, getter in self.export_columns]
                    for obj in queryset.iterator(chunk_size=2000)
                ),
            )
        return super().get(request, *args, **kwargs)

    def export_started(self, queryset, file_format: str) -> None:
        """Called before an export is sent; lists whose files carry personal data log it here."""

    @staticmethod
    def _cell(obj, getter):
        if callable(getter):
            return getter(obj)
        value = obj
        for part in str(getter).split("__"):
            value = getattr(value, part, None)
            if value is None:
                break
        return value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["querystring"] = query.urlencode()
        current = self.current_sort
        context["sort"] = ("-" if current[1] else "") + current[0] if current else ""
        return context


class ScopedDetailView(PermissionRequiredMixin, ScopedQuerysetMixin, DetailView):
    """A detail page for one object within the user's scope."""


class ServiceFormView(PermissionRequiredMixin, FormView):
    """A form whose valid data goes to one service; the service's ValidationError lands on the form's fields.

    Subclasses set `service` (a callable taking keyword arguments) and may override `service_kwargs`.
    The service refuses what the user may not do (PermissionDenied becomes a 403).
    """

    service = None
    success_message = "已保存。"

    def service_kwargs(self, form) -> dict:
        return dict(form.cleaned_data)

    def form_valid(self, form):
        try:
            self.result = type(self).service(actor=self.request.user, **self.service_kwargs(form))
        except ValidationError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())
