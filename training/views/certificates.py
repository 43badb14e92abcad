"""Certificate pages for institution and provincial staff: the list, one certificate (its PDF, its revocation),
a cohort's graduates with issuing one by one or all at once, and the cohort's zip built with progress."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, View

from cqo_portal.generic import PermissionRequiredMixin, ScopedDetailView, ScopedListView, show_refusal
from cqo_portal.sorting import Pinyin
from registry.permissions import POLICY, can

from .. import certificate_tasks, services
from ..filters import CertificateFilterSet
from ..forms.certificates import IssueForm, RevokeForm
from ..models import BundleStatus, Certificate, CertificateBundle, Cohort, Graduate
from ..services import certificate_files
from ..services.certificates import verification_url


class CertificateListView(ScopedListView):
    permission = "certificate.list"
    queryset = Certificate.objects.select_related("person", "institution", "cohort")
    filterset_class = CertificateFilterSet
    template_name = "training/certificate/list.html"
    export_filename = "结业证书.csv"
    sort_columns = {
        "number": ("number",),
        "name": (Pinyin("person__name"), "number"),
        "issued_on": ("issued_on", "number"),
    }
    default_sort = "-issued_on"
    export_columns = [
        ("证书编号", "number"),
        ("持证人", "person__name"),
        ("身份证号码", "person__resident_id_masked"),
        ("发证机构", "institution__name"),
        ("培训班次", lambda c: c.cohort.title if c.cohort_id else ""),
        ("发证日期", "issued_on"),
        ("状态", lambda c: "已撤销" if c.revoked else "有效"),
        ("撤销日期", "revoked_on"),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Where issuing starts: the cohorts in the user's scope, latest first.
        context["cohorts"] = Cohort.objects.visible_to(self.request.user).select_related("institution")[:20]
        return context


def qr_data_uri(url: str) -> str:
    """The QR code as an inline PNG (the CSP allows data: images)."""
    return segno.make_qr(url, error="m").png_data_uri(scale=4)


class CertificateDetailView(ScopedDetailView):
    permission = "certificate.list"
    queryset = Certificate.objects.select_related("person", "institution", "cohort", "issued_by")
    template_name = "training/certificate/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        certificate = self.object
        if certificate.token:
            context["qr_url"] = verification_url(certificate)
            context["qr_image"] = qr_data_uri(context["qr_url"])
        context["can_revoke"] = not certificate.revoked and can(self.request.user, "certificate.revoke", certificate)
        return context


class CertificatePdfView(ScopedDetailView):
    permission = "certificate.list"
    queryset = Certificate.objects.select_related("person", "institution", "cohort")

    def get(self, request, *args, **kwargs):
        certificate = self.get_object()
        if not certificate.token:
            raise Http404("该证书为纸质证书补录，平台不生成其 PDF。")
        response = HttpResponse(certificate_files.certificate_pdf(certificate), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{certificate_files.pdf_filename(certificate)}"'
        return response


class CertificateRevokeView(PermissionRequiredMixin, FormView):
    """Revoke with a date, a reason and a ticked confirmation; only its institution or the province."""

    permission = "certificate.revoke"
    form_class = RevokeForm
    template_name = "training/certificate/revoke.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, self.permission):
            self.certificate = get_object_or_404(
                Certificate.objects.visible_to(request.user).select_related("person", "institution"), pk=kwargs["pk"]
            )
            if not can(request.user, self.permission, self.certificate):
                raise PermissionDenied(POLICY[self.permission].refusal)
            if self.certificate.revoked:
                messages.info(request, f"该证书已于{self.certificate.revoked_on:%Y-%m-%d}撤销。")
                return redirect("training:certificate-detail", pk=self.certificate.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.certificate, **kwargs)

    def form_valid(self, form):
        try:
            services.certificate_revoke(
                certificate=self.certificate,
                actor=self.request.user,
                revoked_on=form.cleaned_data["revoked_on"],
                reason=form.cleaned_data["revoked_reason"],
            )
        except ValidationError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"证书 {self.certificate.number} 已撤销，公开查验即时显示为“已撤销”。")
        return redirect("training:certificate-detail", pk=self.certificate.pk)


class CohortCertificatesView(ScopedDetailView):
    """A cohort's graduates and their certificates: issue one, issue all passed, download all as a zip."""

    permission = "certificate.list"
    queryset = Cohort.objects.select_related("institution")
    template_name = "training/certificate/cohort.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cohort = self.object
        graduates = list(
            Graduate.objects.filter(cohort=cohort).select_related("person", "certificate").order_by("-passed", "id")
        )
        context["graduates"] = graduates
        context["waiting"] = sum(1 for g in graduates if g.passed and not _has_certificate(g))
        context["issued"] = sum(1 for g in graduates if _has_certificate(g))
        context["can_issue"] = can(self.request.user, "certificate.issue", cohort)
        context["bundles"] = CertificateBundle.objects.filter(cohort=cohort)[:5]
        context["issue_form"] = IssueForm()
        return context


def _has_certificate(graduate: Graduate) -> bool:
    try:
        return graduate.certificate is not None
    except Certificate.DoesNotExist:
        return False


class _IssueView(PermissionRequiredMixin, FormView):
    """GET: what will be issued, with the date to confirm; POST: the service issues it, or says why not."""

    permission = "certificate.issue"
    form_class = IssueForm
    template_name = "training/certificate/issue.html"

    def target(self, request, pk) -> Cohort:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, self.permission):
            self.cohort = self.target(request, kwargs["pk"])
            if not can(request.user, self.permission, self.cohort):
                raise PermissionDenied(POLICY[self.permission].refusal)
        return super().dispatch(request, *args, **kwargs)

    def cohort_url(self) -> str:
        return reverse("training:cohort-certificates", kwargs={"pk": self.cohort.pk})


class CohortIssueView(_IssueView):
    def target(self, request, pk) -> Cohort:
        return get_object_or_404(Cohort.objects.visible_to(request.user).select_related("institution"), pk=pk)

    def get_context_data(self, **kwargs):
        waiting = Graduate.objects.filter(cohort=self.cohort, passed=True, certificate__isnull=True)
        return super().get_context_data(
            cohort=self.cohort, waiting=waiting.select_related("person"), graduate=None, **kwargs
        )

    def form_valid(self, form):
        try:
            result = services.certificate_issue_cohort(
                cohort=self.cohort, issued_on=form.cleaned_data["issued_on"], actor=self.request.user
            )
        except ValidationError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"已颁发 {len(result.certificates)} 份结业证书"
            + (f"（另有 {result.already_issued} 人此前已颁发）" if result.already_issued else "")
            + "，持证人已进入人才库。",
        )
        return redirect(self.cohort_url())


class GraduateIssueView(_IssueView):
    def target(self, request, pk) -> Cohort:
        self.graduate = get_object_or_404(
            Graduate.objects.visible_to(request.user).select_related("person", "cohort__institution"), pk=pk
        )
        return self.graduate.cohort

    def get_context_data(self, **kwargs):
        return super().get_context_data(cohort=self.cohort, waiting=[self.graduate], graduate=self.graduate, **kwargs)

    def form_valid(self, form):
        try:
            certificate = services.certificate_issue(
                graduate=self.graduate, issued_on=form.cleaned_data["issued_on"], actor=self.request.user
            )
        except ValidationError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已为{self.graduate.person.name}颁发结业证书 {certificate.number}。")
        return redirect(self.cohort_url())


class BundleCreateView(PermissionRequiredMixin, View):
    """POST: queue the zip of the cohort's certificates, then show its progress."""

    permission = "certificate.list"
    http_method_names = ["post"]

    def post(self, request, pk):
        cohort = get_object_or_404(Cohort.objects.visible_to(request.user), pk=pk)
        bundle = certificate_files.bundle_request(cohort=cohort, actor=request.user)
        transaction.on_commit(lambda: certificate_tasks.build_certificate_bundle.delay(bundle.pk))
        return redirect("training:certificate-bundle", pk=bundle.pk)


class BundleDetailView(ScopedDetailView):
    permission = "certificate.list"
    queryset = CertificateBundle.objects.select_related("cohort")
    template_name = "training/certificate/bundle.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["working"] = self.object.status in (BundleStatus.QUEUED, BundleStatus.RUNNING)
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["working"]:
            response["Refresh"] = "2"  # the progress follows without JavaScript
        return response


class BundleDownloadView(ScopedDetailView):
    permission = "certificate.list"
    queryset = CertificateBundle.objects.select_related("cohort")

    def get(self, request, *args, **kwargs):
        bundle = self.get_object()
        if bundle.status != BundleStatus.DONE or not bundle.file:
            messages.info(request, "压缩包尚未生成完毕，请稍候。")
            return redirect("training:certificate-bundle", pk=bundle.pk)
        return FileResponse(
            bundle.file.open("rb"), as_attachment=True, filename=f"{bundle.cohort.code_key}-结业证书.zip"
        )
