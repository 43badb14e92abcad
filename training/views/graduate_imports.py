"""The graduate import in the browser (CONTRACT §3): upload, progress, the validation report or the preview, then
confirm or discard; the cohort's imports can be left and found again. The file's checks, validation and writes are
the import service's (training.services.graduates); these pages only show and hand over."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import FormView, ListView, TemplateView
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cqo_portal.exports import column_widths, csv_response
from cqo_portal.generic import PermissionRequiredMixin, show_refusal
from registry.permissions import POLICY, can

from .. import services
from ..forms.graduate_imports import GraduateImportUploadForm
from ..models import Cohort, GraduateImport, ImportStatus

REPORT_PAGE_SIZE = 100  # bad rows per page of the report (the CSV has them all)
PREVIEW_PAGE_SIZE = 100  # rows to be created / updated per page of the preview
RUNNING = {ImportStatus.UPLOADED, ImportStatus.VALIDATING, ImportStatus.IMPORTING}
# Columns a spreadsheet would turn into numbers (an 18-digit ID keeps only 15 digits): formatted as text.
TEXT_COLUMNS = {"resident_id", "credit_code", "phone"}
TEMPLATE_ROWS = 1000  # rows of the XLSX template formatted as text ahead of typing
REPORT_HEADER = ["行号", "列", "原因", "所填内容"]


def _page(items, size: int, number) -> object:
    return Paginator(items, size).get_page(number)


class CohortMixin:
    """The cohort in the URL, within the user's scope (another institution's cohort is a 404)."""

    def get_cohort(self) -> Cohort:
        if not hasattr(self, "_cohort"):
            self._cohort = get_object_or_404(
                Cohort.objects.visible_to(self.request.user).select_related("institution"), pk=self.kwargs["pk"]
            )
        return self._cohort


class ImportMixin:
    """The import in the URL, within the user's scope; acting on it asks the policy about its cohort."""

    def get_run(self) -> GraduateImport:
        if not hasattr(self, "_run"):
            self._run = get_object_or_404(
                GraduateImport.objects.visible_to(self.request.user).select_related(
                    "cohort__institution", "uploaded_by"
                ),
                pk=self.kwargs["pk"],
            )
        return self._run

    def require_import(self, run: GraduateImport) -> None:
        if not can(self.request.user, "graduate.import", run):
            raise PermissionDenied(POLICY["graduate.import"].refusal)


class GraduateImportCreateView(CohortMixin, PermissionRequiredMixin, FormView):
    """Upload a file of the cohort's graduates; the page that follows shows its checks as they run."""

    permission = "graduate.import"
    form_class = GraduateImportUploadForm
    template_name = "training/graduate/import_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, self.permission):
            if not can(request.user, self.permission, self.get_cohort()):
                raise PermissionDenied(POLICY[self.permission].refusal)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        cohort = self.get_cohort()
        return super().get_context_data(
            cohort=cohort,
            columns=services.GRADUATE_COLUMNS,
            recent=cohort.imports.select_related("uploaded_by")[:5],
            **kwargs,
        )

    def form_valid(self, form):
        try:
            run = services.graduate_import_upload(
                cohort=self.get_cohort(), uploaded_file=form.cleaned_data["file"], actor=self.request.user
            )
        except ValidationError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        run.refresh_from_db(fields=["status"])
        if run.status in RUNNING:  # without Redis it has been validated already; the page then says how it went
            messages.success(self.request, f"已上传“{run.filename}”，正在校验。")
        return redirect("training:graduate-import-detail", pk=run.pk)


class GraduateImportListView(CohortMixin, PermissionRequiredMixin, ListView):
    """A cohort's imports, latest first, each with its status: an import left running is found again here."""

    permission = "graduate.import.view"
    template_name = "training/graduate/import_list.html"
    paginate_by = 50

    def get_queryset(self):
        return (
            GraduateImport.objects.visible_to(self.request.user)
            .filter(cohort=self.get_cohort())
            .select_related("uploaded_by")
        )

    def get_context_data(self, **kwargs):
        cohort = self.get_cohort()
        return super().get_context_data(
            cohort=cohort, can_import=can(self.request.user, "graduate.import", cohort), **kwargs
        )


class GraduateImportDetailView(ImportMixin, PermissionRequiredMixin, TemplateView):
    """One import as it stands: a progress bar while it runs, then the report, the preview or the outcome."""

    permission = "graduate.import.view"
    template_name = "training/graduate/import_detail.html"

    def get_context_data(self, **kwargs):
        run = self.get_run()
        context = super().get_context_data(
            run=run,
            cohort=run.cohort,
            progress=services.graduate_import_progress(run),
            running=run.status in RUNNING,
            can_act=can(self.request.user, "graduate.import", run),
            **kwargs,
        )
        if run.status == ImportStatus.INVALID:
            context["report"] = _page(run.errors or [], REPORT_PAGE_SIZE, self.request.GET.get("page"))
        elif run.status == ImportStatus.VALIDATED:
            preview = services.graduate_import_preview(run)
            context.update(
                preview=preview,
                created=_page(preview["created"], PREVIEW_PAGE_SIZE, self.request.GET.get("created_page")),
                updated=_page(preview["updated"], PREVIEW_PAGE_SIZE, self.request.GET.get("updated_page")),
            )
        return context


class GraduateImportProgressView(ImportMixin, PermissionRequiredMixin, View):
    """The status page's polling endpoint: status, rows done of total, percent, finished."""

    permission = "graduate.import.view"

    def get(self, request, *args, **kwargs):
        return JsonResponse(
            services.graduate_import_progress(self.get_run()), json_dumps_params={"ensure_ascii": False}
        )


class GraduateImportReportView(ImportMixin, PermissionRequiredMixin, View):
    """The whole validation report as CSV: every bad row, its column, the reason and what was typed."""

    permission = "graduate.import.view"

    def get(self, request, *args, **kwargs):
        run = self.get_run()
        if run.status != ImportStatus.INVALID:
            raise Http404("该导入没有校验报告。")
        rows = ([e.get("row"), e.get("column"), e.get("message"), e.get("value", "")] for e in run.errors or [])
        return csv_response(f"学员导入校验报告_{run.cohort.code}_{run.pk}.csv", REPORT_HEADER, rows)


class ImportDecisionView(ImportMixin, PermissionRequiredMixin, TemplateView):
    """A confirmation page (GET) and the decision itself (POST), for the institution that runs the cohort."""

    permission = "graduate.import"
    done_message = ""

    def decide(self, run: GraduateImport) -> None:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, self.permission):
            self.require_import(self.get_run())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        run = self.get_run()
        return super().get_context_data(run=run, cohort=run.cohort, **kwargs)

    def post(self, request, *args, **kwargs):
        run = self.get_run()
        try:
            self.decide(run)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            run.refresh_from_db(fields=["status"])
            if self.done_message and run.status in RUNNING:
                messages.success(request, self.done_message)
        return redirect("training:graduate-import-detail", pk=run.pk)


class GraduateImportConfirmView(ImportDecisionView):
    template_name = "training/graduate/import_confirm.html"
    done_message = "已确认导入，正在写入。"

    def decide(self, run):
        services.graduate_import_confirm(run=run, actor=self.request.user)


class GraduateImportDiscardView(ImportDecisionView):
    template_name = "training/graduate/import_discard.html"
    done_message = ""  # the page itself says it was discarded

    def decide(self, run):
        services.graduate_import_discard(run=run, actor=self.request.user)


class GraduateImportTemplateView(PermissionRequiredMixin, View):
    """The import file's template, CSV or XLSX: CONTRACT §3's header and one example row."""

    permission = "graduate.import.view"

    def get(self, request, *args, **kwargs):
        columns = services.GRADUATE_COLUMNS
        header = [column.header for column in columns]
        example = [column.example for column in columns]
        if kwargs["file_format"] == "csv":
            return csv_response("结业学员导入模板.csv", header, [example])
        if kwargs["file_format"] == "xlsx":
            return _xlsx_template(columns, header, example)
        raise Http404("没有该格式的模板。")


def _xlsx_template(columns, header: list[str], example: list[str]) -> FileResponse:
    """A normal (not write-only) workbook: its ID, credit-code and phone columns are formatted as text ahead of
    typing, so Excel keeps all 18 digits of an ID typed or pasted into them."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "结业学员"
    sheet.append(header)
    sheet.append(example)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, (column, width) in enumerate(zip(columns, column_widths(header, [example]), strict=True), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        if column.key in TEXT_COLUMNS:
            for row in range(2, TEMPLATE_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "@"
    spool = tempfile.TemporaryFile()
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename="结业学员导入模板.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
