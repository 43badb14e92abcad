"""Schedule pages (报备周期, provincial staff): the three schedules with their history, and changing one. A change
re-dates the filings not yet submitted and not yet due; what was due stays due."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView

from cqo_portal.exports import csv_response, xlsx_response
from cqo_portal.generic import PermissionRequiredMixin, ServiceFormView
from cqo_portal.history import history_changes

from .. import services
from ..forms import ScheduleForm
from ..models import FilingSchedule

EXPORT_COLUMNS = [
    ("报备类型", lambda s: s.get_kind_display()),
    ("报备频次", lambda s: s.get_frequency_display()),
    ("截止期限（天）", lambda s: s.due_days),
    ("提醒节点（天）", lambda s: ", ".join(str(day) for day in s.reminder_days or [])),
    ("同时通知省局（逾期天数）", lambda s: s.tell_province_from_day),
    ("起始日期", lambda s: s.starts_on),
    ("更新时间", lambda s: s.updated_at),
]
SORTS = {"kind": "kind", "due_days": "due_days", "updated_at": "updated_at"}


class ScheduleListView(PermissionRequiredMixin, TemplateView):
    """Three rows at most: no search or pages are needed, but the columns sort and the list exports."""

    permission = "schedule.view"
    template_name = "filings/schedule/list.html"

    def schedules(self):
        services.schedules_by_kind()  # a missing default is made, never shown as absent
        sort = self.request.GET.get("sort", "kind")
        field = SORTS.get(sort.lstrip("-"), "kind")
        return FilingSchedule.objects.order_by(f"-{field}" if sort.startswith("-") else field, "pk")

    def get(self, request, *args, **kwargs):
        file_format = request.GET.get("export")
        if file_format in ("csv", "xlsx"):
            respond = xlsx_response if file_format == "xlsx" else csv_response
            rows = ([getter(s) for _, getter in EXPORT_COLUMNS] for s in self.schedules())
            return respond(f"报备周期.{file_format}", [header for header, _ in EXPORT_COLUMNS], rows)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            schedules=self.schedules(), sort=self.request.GET.get("sort", "kind"), querystring="", **kwargs
        )


class ScheduleEditView(ServiceFormView):
    permission = "schedule.edit"
    form_class = ScheduleForm
    template_name = "filings/schedule/edit.html"
    service = services.filing_schedule_update
    success_message = "报备周期已保存；尚未到期且未提交的报备已按新规则重新计算截止日期。"

    def get_schedule(self) -> FilingSchedule:
        if not hasattr(self, "_schedule"):
            self._schedule = get_object_or_404(FilingSchedule, pk=self.kwargs["pk"])
        return self._schedule

    def get_form_kwargs(self):
        # A copy: validating a ModelForm writes onto its instance.
        return {**super().get_form_kwargs(), "instance": FilingSchedule.objects.get(pk=self.get_schedule().pk)}

    def get_context_data(self, **kwargs):
        schedule = self.get_schedule()
        return super().get_context_data(schedule=schedule, history=history_changes(schedule), **kwargs)

    def service_kwargs(self, form):
        return {"schedule": self.get_schedule(), **form.cleaned_data}

    def get_success_url(self):
        return reverse("filings:schedule-list")
