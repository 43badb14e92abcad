"""The province's dashboard: its home page with the headline figures and charts, each chart's table as CSV."""

from __future__ import annotations

from django.http import Http404
from django.views.generic import TemplateView, View

from cqo_portal.exports import csv_response
from cqo_portal.generic import PermissionRequiredMixin
from registry.views.accounts import HomeView as RegistryHomeView

from . import panels, selectors


class HomeView(RegistryHomeView):
    """Everyone's home page (registry's); the province's carries its dashboard under the to-dos, a city bureau's its
    own figures beside the provincial average (the panel rendered once per scope: dashboards/panels.py)."""

    def get_context_data(self, **kwargs):
        scope = panels.scope_of(self.request.user)
        self.summary_figures = scope != "province"  # the province's panel carries them (selectors.dashboard)
        context = super().get_context_data(**kwargs)
        if scope is not None:
            self.template_name = "dashboards/home.html"
            context["dashboard_html"] = panels.panel_html(self.request.user)
        return context


class DashboardView(PermissionRequiredMixin, TemplateView):
    permission = "dashboard.view"
    template_name = "dashboards/dashboard.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(dashboard_html=panels.panel_html(self.request.user), **kwargs)


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
