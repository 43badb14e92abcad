"""Article 6 finding pages: list, record, detail, evidence, lift."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView

from cqo_portal.generic import (
    PermissionRequiredMixin,
    ScopedDetailView,
    ScopedListView,
    ServiceFormView,
    show_refusal,
)
from cqo_portal.history import history_changes
from cqo_portal.input import parse_id
from cqo_portal.sorting import Pinyin
from eligibility.rules import finding_heading
from registry.permissions import POLICY, can

from .. import services
from ..filters.findings import FindingFilterSet
from ..forms.findings import FindingForm, FindingLiftForm
from ..models import Finding, Person
from ..selectors import PERSON_PICKER_SIZE, person_search
from ..validators import EVIDENCE_SIGNATURES
from .access_log import MaskedIdExportMixin

EVIDENCE_EXTENSIONS = {"PDF": ("pdf", "application/pdf"), "PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg")}


def _finding_label(finding: Finding) -> str:
    return finding_heading(finding.item)


class FindingListView(MaskedIdExportMixin, ScopedListView):
    permission = "finding.list"
    queryset = Finding.objects.select_related("person__enterprise", "city", "recorded_by")
    filterset_class = FindingFilterSet
    template_name = "registry/findings/list.html"
    export_filename = "第六条情形认定.csv"
    # Indexes: registry migration 0016; names through the person's and enterprise's pinyin indexes.
    sort_columns = {
        "person": (Pinyin("person__name"), "id"),
        "workplace": (Pinyin("person__enterprise__name"), "id"),
        "item": ("item", "id"),
        "decided_on": ("decided_on", "id"),
        "city": ("city_id", "id"),
        "status": ("lifted_on", "id"),
    }
    default_sort = "-decided_on"
    export_columns = [
        ("姓名", "person__name"),
        ("身份证号码（脱敏）", "person__resident_id_masked"),
        ("现工作单位", "person__enterprise__name"),
        ("情形", _finding_label),
        ("认定日期", "decided_on"),
        ("认定单位", lambda f: f.city.name if f.city else "省局"),
        ("登记人", lambda f: str(f.recorded_by)),
        ("登记时间", lambda f: timezone.localtime(f.recorded_at).strftime("%Y-%m-%d %H:%M")),
        ("状态", lambda f: "已解除" if f.is_lifted else "未解除"),
        ("解除日期", "lifted_on"),
        ("解除理由", "lifted_reason"),
        ("说明", "note"),
    ]


class FindingCreateView(ServiceFormView):
    """Record a finding against a person chosen from the user's scope (`?q=` narrows the picker), typed in by
    resident ID (province staff, logged and limited), or named by `?person=<id>` (a person's page)."""

    permission = "finding.record"
    form_class = FindingForm
    template_name = "registry/findings/form.html"
    service = services.finding_record
    success_message = "第六条情形认定已登记。"

    def persons(self):
        return Person.objects.visible_to(self.request.user)

    def chosen_person(self) -> Person | None:
        if "person" not in self.request.GET:
            return None
        if not hasattr(self, "_person"):
            pk = parse_id(self.request.GET["person"])
            if pk is None:
                raise Http404("人员不存在。")
            self._person = get_object_or_404(self.persons().select_related("enterprise"), pk=pk)
        return self._person

    def search_text(self) -> str:
        return self.request.GET.get("q", "").strip()[:50]

    def get_form_kwargs(self):
        user, person = self.request.user, self.chosen_person()
        return {
            **super().get_form_kwargs(),
            "persons": self.persons(),
            "person": person,
            "actor": user,
            "offered": person_search(self.persons(), self.search_text()) if person is None else (),
            "typed_id": can(user, "person.reveal_id"),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            person=self.chosen_person(), search_text=self.search_text(), picker_size=PERSON_PICKER_SIZE, **kwargs
        )

    def service_kwargs(self, form):
        data = form.cleaned_data
        return {
            "person": form.person,
            "item": data["item"],
            "decided_on": data["decided_on"],
            "evidence": data["evidence"],
            "note": data["note"],
        }

    def get_success_url(self):
        return reverse("registry:finding-detail", kwargs={"pk": self.result.pk})


class FindingDetailView(ScopedDetailView):
    permission = "finding.view"
    queryset = Finding.objects.select_related("person__enterprise", "city", "recorded_by", "lifted_by")
    template_name = "registry/findings/detail.html"

    def get_context_data(self, **kwargs):
        finding, user = self.object, self.request.user
        return super().get_context_data(
            can_lift=not finding.is_lifted and can(user, "finding.lift", finding),
            can_reveal=can(user, "person.reveal_id"),
            history=history_changes(finding),
            **kwargs,
        )


class FindingEvidenceView(PermissionRequiredMixin, View):
    """The evidence file, to those who may open the finding; served as a download under a neutral name."""

    permission = "finding.view"

    def get(self, request, pk):
        finding = get_object_or_404(Finding.objects.visible_to(request.user), pk=pk)
        try:
            handle = finding.evidence.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404("证据材料文件不存在。") from None
        head = handle.read(8)
        handle.seek(0)
        kind = next((kind for signature, kind in EVIDENCE_SIGNATURES.items() if head.startswith(signature)), "PDF")
        extension, content_type = EVIDENCE_EXTENSIONS[kind]
        return FileResponse(
            handle, as_attachment=True, filename=f"证据材料-{finding.pk}.{extension}", content_type=content_type
        )


class FindingLiftView(PermissionRequiredMixin, FormView):
    """Lift a finding: the form, then a confirmation page, then the service. Only who may lift it gets the form."""

    permission = "finding.lift"
    form_class = FindingLiftForm
    template_name = "registry/findings/lift.html"

    def dispatch(self, request, *args, **kwargs):
        if can(request.user, self.permission):
            self.finding = get_object_or_404(
                Finding.objects.visible_to(request.user).select_related("person", "city"), pk=kwargs["pk"]
            )
            if not can(request.user, self.permission, self.finding):
                raise PermissionDenied(POLICY[self.permission].refusal)
            if self.finding.is_lifted:
                messages.info(request, services.finding_already_lifted(self.finding))
                return redirect(self.detail_url())
        return super().dispatch(request, *args, **kwargs)

    def detail_url(self) -> str:
        return reverse("registry:finding-detail", kwargs={"pk": self.finding.pk})

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.finding, **kwargs)

    def form_valid(self, form):
        if "edit" in self.request.POST:  # back from the confirmation page to change what was typed
            return self.render_to_response(self.get_context_data(form=form))
        if "confirm" not in self.request.POST:
            # Refused here as the service would refuse it: the confirmation never shows an impossible date.
            try:
                services.finding_lift_check(
                    finding=self.finding,
                    lifted_on=form.cleaned_data["lifted_on"],
                    reason=form.cleaned_data["lifted_reason"],
                )
            except ValidationError as error:
                show_refusal(form, error)
                return self.form_invalid(form)
            self.template_name = "registry/findings/lift_confirm.html"
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.finding_lift(
                finding=self.finding,
                actor=self.request.user,
                lifted_on=form.cleaned_data["lifted_on"],
                reason=form.cleaned_data["lifted_reason"],
            )
        except ValidationError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "该认定已解除。")
        return redirect(self.detail_url())
