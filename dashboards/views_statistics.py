"""The statistics page (/statistics/): the figures per reporting unit for a period and filters, with XLSX and CSV."""

from __future__ import annotations

from django.http import QueryDict
from django.views.generic import TemplateView

from cqo_portal.exports import csv_response, xlsx_response
from cqo_portal.generic import PermissionRequiredMixin
from registry.models import EnterpriseSize

from .forms import StatisticsForm
from .selectors.statistics import TOTAL_NOTE

EXPORTS = ("xlsx", "csv")


class StatisticsView(PermissionRequiredMixin, TemplateView):
    permission = "statistics.view"
    template_name = "dashboards/statistics.html"

    def get(self, request, *args, **kwargs):
        form = StatisticsForm(request.GET, user=request.user)
        statistics = form.statistics(request.user) if form.is_valid() else None
        sort = statistics.sort(request.GET.get("sort", "")) if statistics is not None else ""
        export = request.GET.get("export")
        if statistics is not None and export in EXPORTS:
            header, rows = statistics.table()
            filename = f"首席质量官统计_{statistics.period.label}"
            if statistics.filters["unit"]:
                filename += f"_{statistics.rows[0].unit}" if statistics.rows else ""
            if export == "xlsx":
                return xlsx_response(f"{filename}.xlsx", header, rows, sheet_title="统计")
            return csv_response(f"{filename}.csv", header, rows)
        query = QueryDict(mutable=True)
        if form.is_valid():
            query.update({key: value for key, value in form.data.items() if key in form.fields and value})
            if sort:
                query["sort"] = sort
        context = self.get_context_data(
            form=form,
            statistics=statistics,
            sort=sort,
            total_note=TOTAL_NOTE,
            size_label=EnterpriseSize(statistics.filters["size"]).label
            if statistics and statistics.filters["size"]
            else "",
            querystring=query.urlencode(),
            **kwargs,
        )
        return self.render_to_response(context)
