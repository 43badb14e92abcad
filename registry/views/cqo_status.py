"""Article 14: bureau staff look up the CQO-system status of one enterprise by credit code, or of many at once (a
pasted or uploaded list of codes, or a reporting unit's enterprises), for famous-brand, credit and award evaluations."""

from __future__ import annotations

from django.utils import timezone
from django.views.generic import TemplateView

from cqo_portal.exports import xlsx_response
from cqo_portal.generic import PermissionRequiredMixin

from ..forms.cqo_status import MAX_CODES, CodeListForm, CqoStatusLookupForm, UnitFilterForm
from ..models import Enterprise
from ..selectors import NOT_REGISTERED, StatusRow, cqo_status, cqo_status_rows

EXPORT_HEADER = [
    "行号",
    "统一社会信用代码",
    "企业名称",
    "报备单位",
    "已设立首席质量官岗位",
    "已授予相应职权",
    "现任首席质量官（已备案）",
    "任职起始日期",
    "任职资格",
]


class CqoStatusLookupView(PermissionRequiredMixin, TemplateView):
    """Article 14: bureau staff look up an enterprise's CQO-system status by credit code."""

    permission = "cqo_status.lookup"
    template_name = "registry/appointments/cqo_status.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = CqoStatusLookupForm(self.request.GET or None)
        context["form"] = form
        if form.is_valid():
            code = form.cleaned_data["credit_code"]  # normalised by the form
            enterprise = Enterprise.objects.visible_to(self.request.user).filter(credit_code=code).first()
            context["status"] = cqo_status(enterprise) if enterprise is not None else None
            context["searched"] = code
        return context


def export_row(row: StatusRow) -> list:
    status = row.status
    if status is None:
        return [row.line or "", row.code, NOT_REGISTERED, "", "", "", "", "", ""]
    return [
        row.line or "",
        row.code,
        status.enterprise_name,
        row.unit,
        "是" if status.post_established else "否",
        "是" if status.empowered else "否",
        row.cqo_masked_name or "无",
        status.since.isoformat() if status.since else "",
        row.verdict_label,
    ]


class CqoStatusBatchView(PermissionRequiredMixin, TemplateView):
    """Many enterprises at once: POST a pasted or uploaded list of codes, or GET ?city= for a unit's enterprises;
    `export=xlsx` answers the same table as a file. Codes outside the user's scope read 未登记, like unknown ones."""

    permission = "cqo_status.lookup"
    template_name = "registry/appointments/cqo_status_batch.html"

    def get(self, request, *args, **kwargs):
        unit_form = UnitFilterForm(request.GET if "city" in request.GET else None, user=request.user)
        context = {"form": CodeListForm(), "unit_form": unit_form}
        if unit_form.is_valid():
            city = unit_form.cleaned_data["city"]
            enterprises = list(
                Enterprise.objects.visible_to(request.user)
                .filter(city=city)
                .order_by("credit_code")
                .values_list("credit_code", flat=True)[: MAX_CODES + 1]
            )
            context["capped"] = len(enterprises) > MAX_CODES
            rows = cqo_status_rows(request.user, [(0, code) for code in enterprises[:MAX_CODES]])
            if request.GET.get("export") == "xlsx":
                return self.export(rows, f"首席质量官制度实施情况-{city.name}")
            context.update(rows=rows, source=city.name)
        return self.render_to_response(self.get_context_data(**context))

    def post(self, request, *args, **kwargs):
        form = CodeListForm(request.POST, request.FILES)
        context = {"form": form, "unit_form": UnitFilterForm(user=request.user)}
        if form.is_valid():
            rows = cqo_status_rows(request.user, form.codes)
            if request.POST.get("export") == "xlsx":
                return self.export(rows, "首席质量官制度实施情况")
            if form.cleaned_data.get("file"):  # the codes back in the text box, on their rows' lines
                data = request.POST.copy()
                data["codes"] = form.lines_as_text()
                context["form"] = CodeListForm(data)
                context["read_from_file"] = len(form.codes) + len(form.row_errors)
            context.update(rows=rows, row_errors=form.row_errors, source="代码清单")
        return self.render_to_response(self.get_context_data(**context))

    def get_context_data(self, **kwargs):
        rows = kwargs.get("rows") or []
        return super().get_context_data(
            max_codes=MAX_CODES,
            found=sum(1 for row in rows if row.status is not None),
            not_registered=NOT_REGISTERED,
            **kwargs,
        )

    @staticmethod
    def export(rows: list[StatusRow], stem: str):
        day = timezone.localdate().strftime("%Y%m%d")
        return xlsx_response(
            f"{stem}-{day}.xlsx", EXPORT_HEADER, [export_row(row) for row in rows], sheet_title="第十四条查询"
        )
