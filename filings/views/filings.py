"""Filing pages (报备): the list, one filing with its versions, the filer's draft, submission, and the province's
acceptance or return. Rows are made by the obligations sweep (filings.services.obligations), never by a page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View

from cqo_portal.generic import PermissionRequiredMixin, ScopedDetailView, ScopedListView, show_refusal
from registry.permissions import POLICY, can, sees_province_wide

from .. import services
from ..filters import FilingFilterSet
from ..forms import AttachmentForm, NarrativeForm, ReturnForm
from ..models import Filing, FilingAttachment, FilingKind, FilingStatus, FilingVersion
from ..periods import days_late
from ..selectors.figures import figure_rows
from ..selectors.filings import OPEN, lateness, shown_figures


def filing_url(filing: Filing) -> str:
    return reverse("filings:filing-detail", kwargs={"pk": filing.pk})


def _refusal_text(error: ValidationError) -> str:
    return "；".join(error.messages)


class FilingMixin:
    """Loads the filing named in the URL from the user's scope (404 outside it), then asks the policy about it
    (403 with the reason). Subclasses set `permission` (the role gate) and may set `object_permission`."""

    object_permission: str | None = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and (self.permission is None or can(request.user, self.permission)):
            self.filing = get_object_or_404(
                Filing.objects.visible_to(request.user).select_related("city", "institution", "cohort"),
                pk=kwargs["pk"],
            )
            action = self.object_permission
            if action is not None and not can(request.user, action, self.filing):
                raise PermissionDenied(POLICY[action].refusal)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        text, late = lateness(self.filing, today)
        return super().get_context_data(filing=self.filing, lateness=text, is_late=late, **kwargs)


class FilingListView(ScopedListView):
    permission = "filing.list"
    queryset = Filing.objects.select_related("city", "institution")
    filterset_class = FilingFilterSet
    template_name = "filings/filing/list.html"
    export_filename = "报备.csv"
    sort_columns = {
        "period": ("period_start", "id"),
        "due_date": ("due_date", "id"),
        "kind": ("kind", "id"),
        "status": ("status", "id"),
        "days_late": ("days_late", "id"),
        "submitted_at": ("first_submitted_at", "id"),
    }
    default_sort = "-period"
    export_columns = [
        ("报备类型", lambda f: f.get_kind_display()),
        ("报备单位/培训机构", lambda f: f.filer_name),
        ("期间", "period_label"),
        ("期间开始", "period_start"),
        ("期间结束", "period_end"),
        ("截止日期", "due_date"),
        ("状态", lambda f: f.get_status_display()),
        ("首次提交时间", lambda f: timezone.localtime(f.first_submitted_at) if f.first_submitted_at else None),
        ("逾期天数", "days_late"),
        ("提交次数", "version_count"),
        ("退回原因", "return_reason"),
    ]

    def get(self, request, *args, **kwargs):
        # The daily sweep makes the rows; should it not have run since this quarter began, the first visit makes
        # them, so a bureau can open this period's report at once. One query when the rows are there.
        today = timezone.localdate()
        if not Filing.objects.filter(
            kind=FilingKind.CITY_REPORT, period_start__lte=today, period_end__gte=today
        ).exists():
            services.filings_ensure(today=today)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["rows"] = [(filing, *lateness(filing, today)) for filing in context["object_list"]]
        context["province"] = sees_province_wide(self.request.user)
        return context


class FilingDetailView(FilingMixin, ScopedDetailView):
    permission = "filing.list"
    object_permission = "filing.view"
    template_name = "filings/filing/detail.html"

    def get_object(self, queryset=None):
        return self.filing

    def get_context_data(self, **kwargs):
        filing, user = self.filing, self.request.user
        rows, live = shown_figures(filing)
        is_open = filing.status in OPEN
        return super().get_context_data(
            figures=rows,
            figures_live=live,
            versions=filing.versions.select_related("submitted_by", "decided_by").prefetch_related("attachments"),
            draft_attachments=filing.attachments.filter(in_draft=True),
            can_edit=is_open and can(user, "filing.edit", filing),
            can_submit=is_open and can(user, "filing.submit", filing),
            can_decide=filing.status == FilingStatus.SUBMITTED and can(user, "filing.decide", filing),
            **kwargs,
        )


class FilingEditView(FilingMixin, PermissionRequiredMixin, TemplateView):
    """The draft: the narrative, the files (added and taken out one at a time; taking one out asks first), and
    the figures as they would be filed now."""

    permission = "filing.edit"
    object_permission = "filing.edit"
    template_name = "filings/filing/edit.html"

    def _closed(self):
        messages.info(self.request, f"该报备{self.filing.get_status_display()}，不能再修改。")
        return redirect(filing_url(self.filing))

    def get(self, request, *args, **kwargs):
        if self.filing.status not in OPEN:
            return self._closed()
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", NarrativeForm(initial={"narrative": self.filing.narrative}))
        kwargs.setdefault("attach_form", AttachmentForm())
        rows, _ = shown_figures(self.filing)
        return super().get_context_data(
            figures=rows, draft_attachments=self.filing.attachments.filter(in_draft=True), **kwargs
        )

    def post(self, request, *args, **kwargs):
        if self.filing.status not in OPEN:
            return self._closed()
        if "detach" in request.POST:
            return self._detach(request.POST.get("detach", ""))
        if "attach" in request.POST:
            form = AttachmentForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    services.filing_attach(filing=self.filing, upload=form.cleaned_data["upload"], actor=request.user)
                except ValidationError as error:
                    show_refusal(form, error)
                else:
                    messages.success(request, f"已上传附件“{form.cleaned_data['upload'].name[:100]}”。")
                    return redirect(request.path)
            return self.render_to_response(self.get_context_data(attach_form=form), status=200)
        form = NarrativeForm(request.POST)
        if form.is_valid():
            try:
                services.filing_save_draft(
                    filing=self.filing, narrative=form.cleaned_data["narrative"], actor=request.user
                )
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, "草稿已保存。")
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))

    def _detach(self, value: str):
        attachment = (
            self.filing.attachments.filter(in_draft=True, pk=int(value)).first()
            if value.isdigit() and len(value) < 12
            else None
        )
        if attachment is None:
            messages.warning(self.request, "该附件已不在草稿中。")
            return redirect(self.request.path)
        if "confirm" not in self.request.POST:
            return self.render_to_response(
                self.get_context_data(detaching=attachment, kept=attachment.versions.exists())
            )
        try:
            services.filing_detach(attachment=attachment, actor=self.request.user)
        except ValidationError as error:
            messages.error(self.request, _refusal_text(error))
        else:
            messages.success(self.request, f"已从草稿中删除附件“{attachment.name}”。")
        return redirect(self.request.path)


class FilingSubmitView(FilingMixin, PermissionRequiredMixin, TemplateView):
    """The confirmation page: what will be filed (figures as of now, narrative, files) and whether it is late;
    the POST files it."""

    permission = "filing.submit"
    object_permission = "filing.submit"
    template_name = "filings/filing/submit.html"

    def get(self, request, *args, **kwargs):
        if self.filing.status not in OPEN:
            messages.info(request, f"该报备{self.filing.get_status_display()}，无需提交。")
            return redirect(filing_url(self.filing))
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        rows, _ = shown_figures(self.filing)
        return super().get_context_data(
            figures=rows,
            draft_attachments=self.filing.attachments.filter(in_draft=True),
            late_by=days_late(timezone.localdate(), self.filing.due_date),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            version = services.filing_submit(filing=self.filing, actor=request.user)
        except ValidationError as error:
            messages.error(request, _refusal_text(error))
            return redirect(filing_url(self.filing))
        late = f"，逾期{version.days_late}天" if version.days_late else ""
        messages.success(request, f"已提交第{version.number}版{late}，等待省局审核。")
        return redirect(filing_url(self.filing))


class FilingAcceptView(FilingMixin, PermissionRequiredMixin, TemplateView):
    permission = "filing.decide"
    object_permission = "filing.decide"
    template_name = "filings/filing/accept.html"

    def get(self, request, *args, **kwargs):
        if self.filing.status != FilingStatus.SUBMITTED:
            messages.info(request, f"该报备{self.filing.get_status_display()}，只有待审核的报备可以审核。")
            return redirect(filing_url(self.filing))
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        try:
            services.filing_accept(filing=self.filing, actor=request.user)
        except ValidationError as error:
            messages.error(request, _refusal_text(error))
        else:
            messages.success(request, "报备已通过，报备单位将收到通知。")
        return redirect(filing_url(self.filing))


class FilingReturnView(FilingMixin, PermissionRequiredMixin, FormView):
    permission = "filing.decide"
    object_permission = "filing.decide"
    template_name = "filings/filing/return.html"
    form_class = ReturnForm

    def get(self, request, *args, **kwargs):
        if self.filing.status != FilingStatus.SUBMITTED:
            messages.info(request, f"该报备{self.filing.get_status_display()}，只有待审核的报备可以退回。")
            return redirect(filing_url(self.filing))
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.filing_return(filing=self.filing, reason=form.cleaned_data["reason"], actor=self.request.user)
        except ValidationError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "报备已退回，报备单位将收到通知。")
        return redirect(filing_url(self.filing))


class FilingAttachmentView(FilingMixin, PermissionRequiredMixin, View):
    """A file of the filing, for those who see the filing (its draft's files and every version's)."""

    permission = "filing.list"
    object_permission = "filing.view"

    def get(self, request, pk, att_pk):
        attachment = get_object_or_404(FilingAttachment, pk=att_pk, filing=self.filing)
        if not attachment.file or not attachment.file.storage.exists(attachment.file.name):
            raise Http404("附件文件不存在。")
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


class FilingVersionView(FilingMixin, PermissionRequiredMixin, TemplateView):
    """One submitted version as it was filed, with its decision."""

    permission = "filing.list"
    object_permission = "filing.view"
    template_name = "filings/filing/version.html"

    def get_context_data(self, **kwargs):
        version = get_object_or_404(
            FilingVersion.objects.select_related("submitted_by", "decided_by").prefetch_related("attachments"),
            filing=self.filing,
            number=self.kwargs["number"],
        )
        return super().get_context_data(
            version=version, figures=figure_rows(self.filing.kind, version.figures or {}), **kwargs
        )
