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
    """A dashboard chart's table as CSV: the province's, each chart computed on its own."""

    permission = "dashboard.view"

    def chart(self, key: str):
        return selectors.chart(key, self.request.user) if key in selectors.CHARTS else None

    def get(self, request, chart: str):
        data = self.chart(chart)
        if data is None:
            raise Http404("没有这个图表。")
        rows = ([("" if cell is None else cell) for cell in row] for row in data.rows)
        return csv_response(f"{data.title}.csv", data.header, rows)


class ScopeChartCsvView(ChartCsvView):
    """A chart of the user's own scope's kept dashboard (`dashboard`: a selector of user -> its figures)."""

    dashboard = None

    def chart(self, key: str):
        return {c.key: c for c in type(self).dashboard(self.request.user)["charts"]}.get(key)


class CityChartCsvView(ScopeChartCsvView):
    """A city bureau's tables (its unit beside the provincial average, its own Article 15 activities)."""

    permission = "dashboard.view_city"
    dashboard = staticmethod(selectors.city_dashboard)


class InstitutionChartCsvView(ScopeChartCsvView):
    """A training institution's own charts."""

    permission = "dashboard.view_institution"
    dashboard = staticmethod(selectors.institution_dashboard)
