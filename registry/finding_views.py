"""Pages for Article 6 findings (list, record, detail, evidence, lift) and for resident-ID access (reveal, access log)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView

from cqo_portal.generic import RoleRequiredMixin, ScopedDetailView, ScopedListView

from . import services
from .finding_filters import AccessLogFilterSet, FindingFilterSet
from .finding_forms import FindingForm, FindingLiftForm, RevealForm
from .models import AccessLog, Finding, Person, Role
from .validators import EVIDENCE_SIGNATURES
from .views import BUREAUX, MaskedIdExportMixin, ServiceFormView

PROVINCE = frozenset({Role.PROVINCE})
# Who may open a finding: the bureaux, and an enterprise for the persons it employs or appointed.
FINDING_READERS = frozenset({Role.PROVINCE, Role.CITY, Role.ENTERPRISE})
EVIDENCE_EXTENSIONS = {"PDF": ("pdf", "application/pdf"), "PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg")}


def _finding_label(finding: Finding) -> str:
    return f"第六条第（{'一二三四五'[finding.item - 1]}）项"


class FindingListView(MaskedIdExportMixin, ScopedListView):
    allowed_roles = BUREAUX
    queryset = Finding.objects.select_related("person__enterprise", "city", "recorded_by")
    filterset_class = FindingFilterSet
    template_name = "registry/findings/list.html"
    export_filename = "第六条情形认定.csv"
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
    """Record a finding against a person found by resident ID, or the one named by `?person=<id>` (a person's page)."""

    allowed_roles = BUREAUX
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
            pk = self.request.GET["person"]
            if not pk.isdigit():
                raise Http404("人员不存在。")
            self._person = get_object_or_404(self.persons().select_related("enterprise"), pk=pk)
        return self._person

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "persons": self.persons(), "person": self.chosen_person()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.chosen_person(), **kwargs)

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
    allowed_roles = FINDING_READERS
    queryset = Finding.objects.select_related("person__enterprise", "city", "recorded_by", "lifted_by")
    template_name = "registry/findings/detail.html"

    def get_context_data(self, **kwargs):
        finding, user = self.object, self.request.user
        return super().get_context_data(
            can_lift=not finding.is_lifted and user.role in BUREAUX and services.can_lift_finding(user, finding),
            can_reveal=user.is_province,
            history=finding.history.select_related("history_user").order_by("-history_date")[:20],
            **kwargs,
        )


class FindingEvidenceView(RoleRequiredMixin, View):
    """The evidence file, to those who may open the finding; served as a download under a neutral name."""

    allowed_roles = FINDING_READERS

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


class FindingLiftView(RoleRequiredMixin, FormView):
    """Lift a finding: the form, then a confirmation page, then the service. Only who may lift it gets the form."""

    allowed_roles = BUREAUX
    form_class = FindingLiftForm
    template_name = "registry/findings/lift.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and (request.user.is_superuser or request.user.role in self.allowed_roles):
            self.finding = get_object_or_404(
                Finding.objects.visible_to(request.user).select_related("person", "city"), pk=kwargs["pk"]
            )
            if not services.can_lift_finding(request.user, self.finding):
                raise PermissionDenied("只有省局或作出认定的设区市局可以解除该认定。")
            if self.finding.is_lifted:
                messages.info(request, f"该认定已于{self.finding.lifted_on:%Y-%m-%d}解除。")
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
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, "该认定已解除。")
        return redirect(self.detail_url())


@method_decorator(never_cache, name="dispatch")
class PersonRevealView(RoleRequiredMixin, FormView):
    """Provincial staff see a person's full resident ID once, on the response to a POST giving the reason.

    The number is rendered into this one response only: never into a URL, a message (messages live
    in the session) or a log line; the response is marked no-store so the browser keeps no copy.
    """

    allowed_roles = PROVINCE
    form_class = RevealForm
    template_name = "registry/person_reveal.html"

    def get_person(self) -> Person:
        if not hasattr(self, "_person"):
            self._person = get_object_or_404(
                Person.objects.visible_to(self.request.user).select_related("enterprise"), pk=self.kwargs["person_id"]
            )
        return self._person

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.get_person(), **kwargs)

    def form_valid(self, form):
        try:
            number = services.person_reveal_id(
                person=self.get_person(), actor=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return self.render_to_response(self.get_context_data(form=None, revealed=number))


class AccessLogListView(ScopedListView):
    allowed_roles = PROVINCE
    queryset = AccessLog.objects.select_related("actor", "person")
    filterset_class = AccessLogFilterSet
    template_name = "registry/access/log_list.html"
    export_filename = "身份证号码访问日志.csv"
    export_columns = [
        ("时间", lambda log: timezone.localtime(log.at).strftime("%Y-%m-%d %H:%M:%S")),
        ("操作人", lambda log: str(log.actor)),
        ("操作人账号", "actor__username"),
        ("操作", lambda log: log.get_action_display()),
        ("人员", "person__name"),
        ("身份证号码（脱敏）", "person__resident_id_masked"),
        ("涉及人数", "count"),
        ("事由", "reason"),
    ]
