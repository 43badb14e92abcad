"""Generic views every app configures: scoped lists with filters, pagination and CSV export; scoped details."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.views.generic import DetailView
from django_filters.views import FilterView

from .exports import csv_response


class RoleRequiredMixin(LoginRequiredMixin):
    """Only the listed roles may open the page; everyone else signed in gets 403."""

    allowed_roles: frozenset[str] | None = None  # None: every signed-in user

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.allowed_roles is not None and not (
            request.user.is_superuser or request.user.role in self.allowed_roles
        ):
            raise PermissionDenied("您的角色无权访问此页面。")
        return super().dispatch(request, *args, **kwargs)


class ScopedQuerysetMixin:
    """Every object a view touches starts from Model.objects.visible_to(user): out of scope is a 404."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class ScopedListView(RoleRequiredMixin, ScopedQuerysetMixin, FilterView):
    """A list page: filters from a FilterSet, 50 rows a page, and `?export=csv` for the filtered set."""

    paginate_by = 50
    export_filename = "export.csv"
    # (column header, attribute path or callable) pairs for the CSV export.
    export_columns: list[tuple[str, object]] = []

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "csv" and self.export_columns:
            filterset = self.get_filterset(self.get_filterset_class())
            queryset = filterset.qs if filterset.is_valid() else self.get_queryset().none()
            self.export_started(queryset, "csv")
            return csv_response(
                self.export_filename,
                [header for header, _ in self.export_columns],
                ([self._cell(obj, getter) for _, getter in self.export_columns] for obj in queryset.iterator()),
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
        return context


class ScopedDetailView(RoleRequiredMixin, ScopedQuerysetMixin, DetailView):
    """A detail page for one object within the user's scope."""
