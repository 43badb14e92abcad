"""The province's dashboard: its home page with the headline figures and charts, each chart's table as CSV."""

from __future__ import annotations

from django.http import Http404
from django.views.generic import TemplateView, View

from cqo_portal.exports import csv_response
from cqo_portal.generic import PermissionRequiredMixin
from registry.permissions import can
from registry.views.accounts import HomeView as RegistryHomeView

from . import selectors


class HomeView(RegistryHomeView):
    """Everyone's home page (registry's); the province's carries its dashboard under the to-dos, a city bureau's its
    own figures beside the provincial average."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if can(self.request.user, "dashboard.view"):
            self.template_name = "dashboards/home.html"
            context.update(selectors.dashboard(self.request.user))
        elif can(self.request.user, "dashboard.view_city"):
            self.template_name = "dashboards/home.html"
            context.update(selectors.city_dashboard(self.request.user), comparison=True)
        elif can(self.request.user, "dashboard.view_institution"):
            self.template_name = "dashboards/home.html"
            context.update(selectors.institution_dashboard(self.request.user), institution=True)
        return context


class DashboardView(PermissionRequiredMixin, TemplateView):
    permission = "dashboard.view"
    template_name = "dashboards/dashboard.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**selectors.dashboard(self.request.user), **kwargs)


class ChartCsvView(PermissionRequiredMixin, View):
    permission = "dashboard.view"

    def get(self, request, chart: str):
        if chart not in selectors.CHARTS:
            raise Http404("没有这个图表。")
        data = selectors.chart(chart, request.user)
        rows = ([("" if cell is None else cell) for cell in row] for row in data.rows)
        return csv_response(f"{data.title}.csv", data.header, rows)


class CityChartCsvView(PermissionRequiredMixin, View):
    """A city bureau's comparison tables (its unit beside the provincial average) as CSV."""

    permission = "dashboard.view_city"

    def get(self, request, chart: str):
        charts = {c.key: c for c in selectors.city_dashboard(request.user)["charts"]}
        if chart not in charts:
            raise Http404("没有这个图表。")
        data = charts[chart]
        rows = ([("" if cell is None else cell) for cell in row] for row in data.rows)
        return csv_response(f"{data.title}.csv", data.header, rows)


class InstitutionChartCsvView(PermissionRequiredMixin, View):
    """A training institution's own charts as CSV."""

    permission = "dashboard.view_institution"

    def get(self, request, chart: str):
        charts = {c.key: c for c in selectors.institution_dashboard(request.user)["charts"]}
        if chart not in charts:
            raise Http404("没有这个图表。")
        data = charts[chart]
        rows = ([("" if cell is None else cell) for cell in row] for row in data.rows)
        return csv_response(f"{data.title}.csv", data.header, rows)
