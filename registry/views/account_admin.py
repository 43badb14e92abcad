"""Account pages: the list, an account's page, opening, editing, disabling and enabling accounts, and the public
enterprise application with its review by the city bureau."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView, View

from cqo_portal.client_ip import client_ip
from cqo_portal.generic import PermissionRequiredMixin, ScopedDetailView, ScopedListView, ServiceFormView, show_refusal
from cqo_portal.history import history_changes
from cqo_portal.sorting import Pinyin
from registry.permissions import POLICY, can

from .. import services
from ..filters.accounts import AccountApplicationFilterSet, AccountFilterSet
from ..forms.accounts import (
    ROLE_BINDINGS,
    AccountApplicationForm,
    AccountCreateForm,
    AccountEditForm,
    ApplicationRejectForm,
)
from ..models import AccountApplication, ApplicationStatus, Enterprise, User


def _base_url(request) -> str:
    """The portal's address as this browser reached it, for links in emails."""
    return request.build_absolute_uri("/")


def _last_login(account: User) -> str:
    return f"{account.last_login:%Y-%m-%d %H:%M}" if account.last_login else "从未登录"


class AccountListView(ScopedListView):
    permission = "account.list"
    queryset = User.objects.select_related("city", "institution", "enterprise__city")
    filterset_class = AccountFilterSet
    template_name = "registry/accounts/list.html"
    export_filename = "账号名单.csv"
    # Accounts number in the hundreds, not the millions: these orders need no index of their own.
    sort_columns = {
        "username": ("username",),
        "name": (Pinyin("last_name"), Pinyin("first_name"), "id"),
        "role": ("role", "username"),
        "email": ("email", "id"),
        "is_active": ("is_active", "username"),
        "last_login": ("last_login", "id"),
    }
    default_sort = "username"
    export_columns = [
        ("用户名", "username"),
        ("姓名", lambda u: u.get_full_name()),
        ("角色", lambda u: u.get_role_display()),
        ("所属单位", lambda u: u.organisation or ""),
        ("报备单位", lambda u: u.city or (u.enterprise.city if u.enterprise else "")),
        ("电子邮箱", "email"),
        ("手机号码", "phone"),
        ("状态", lambda u: "启用" if u.is_active else "已停用"),
        ("最近登录", lambda u: _last_login(u)),
        ("开通时间", lambda u: f"{u.date_joined:%Y-%m-%d %H:%M}"),
    ]


class AccountDetailView(ScopedDetailView):
    permission = "account.list"
    queryset = User.objects.select_related("city", "institution", "enterprise__city")
    template_name = "registry/accounts/detail.html"
    context_object_name = "account"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_manage=can(self.request.user, "account.manage", self.object),
            history=history_changes(self.object),
            **kwargs,
        )


class AccountCreateView(ServiceFormView):
    permission = "account.list"
    form_class = AccountCreateForm
    template_name = "registry/accounts/form.html"
    service = services.account_create
    extra_context = {"title": "开通账号"}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        """A link from an organisation's page (an institution's 开通工作人员账号) preselects the role and the
        organisation: `?role=institution&institution=<id>`. Only a starting value; the form validates the choice."""
        initial = super().get_initial()
        for name in ("role", *ROLE_BINDINGS.values()):
            value = self.request.GET.get(name, "")
            if value and value.isascii() and len(value) <= 20:
                initial[name] = value
        return initial

    def service_kwargs(self, form):
        return {**form.cleaned_data, "base_url": _base_url(self.request)}

    def form_valid(self, form):
        self.success_message = f"账号已开通，设置密码的链接已发送到 {form.cleaned_data['email']}。"
        return super().form_valid(form)

    def get_success_url(self):
        return self.result.get_absolute_url()


class ManagedAccountMixin:
    """The account in the URL, within the user's scope (else 404), and one the user may manage (else 403)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, "account.list"):
            self.account = get_object_or_404(
                User.objects.visible_to(request.user).select_related("city", "institution", "enterprise"),
                pk=kwargs["pk"],
            )
            if not can(request.user, "account.manage", self.account):
                raise PermissionDenied(POLICY["account.manage"].refusal)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(account=self.account, **kwargs)

    def get_success_url(self):
        return self.account.get_absolute_url()


class AccountUpdateView(ManagedAccountMixin, ServiceFormView):
    permission = "account.list"
    form_class = AccountEditForm
    template_name = "registry/accounts/form.html"
    service = services.account_update
    success_message = "账号信息已更新。"
    extra_context = {"title": "编辑账号"}

    def get_form_kwargs(self):
        # A copy: validating a ModelForm writes onto its instance, and the service compares with what is stored.
        return {**super().get_form_kwargs(), "instance": User.objects.get(pk=self.account.pk)}

    def service_kwargs(self, form):
        return {"account": self.account, **form.cleaned_data}


class AccountSetActiveView(ManagedAccountMixin, PermissionRequiredMixin, TemplateView):
    """GET: a confirmation page; POST with `confirm`: disable (or enable) the account."""

    permission = "account.list"
    template_name = "registry/accounts/set_active.html"
    active = False

    def get(self, request, *args, **kwargs):
        if self.account.is_active == self.active:
            messages.info(request, f"账号{self.account.username}已是{'启用' if self.active else '停用'}状态。")
            return redirect(self.get_success_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(active=self.active, **kwargs)

    def post(self, request, *args, **kwargs):
        if "confirm" not in request.POST:
            return self.get(request, *args, **kwargs)
        try:
            services.account_set_active(actor=request.user, account=self.account, active=self.active)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"账号{self.account.username}已{'启用' if self.active else '停用'}。")
        return redirect(self.get_success_url())


class AccountSendLinkView(ManagedAccountMixin, PermissionRequiredMixin, View):
    """POST: email the account a new set-password link."""

    permission = "account.list"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.account_send_password_link(actor=request.user, account=self.account, base_url=_base_url(request))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"设置密码的链接已发送到 {self.account.email}。")
        return redirect(self.get_success_url())


# ---------------------------------------------------------------------------
# The public application and its review
# ---------------------------------------------------------------------------


class ApplyView(FormView):
    """Anyone may apply; the answer never says whether the enterprise is on file or has an account."""

    form_class = AccountApplicationForm
    template_name = "registry/accounts/apply.html"

    def form_valid(self, form):
        if form.is_robot():
            return redirect("registry:account-apply-done")
        data = {name: value for name, value in form.cleaned_data.items() if name != "website"}
        try:
            services.application_submit(**data, client_ip=client_ip(self.request))
        except ValidationError as error:
            show_refusal(form, error)
            status = 429 if getattr(error, "code", None) == "throttled" else 200
            return self.render_to_response(self.get_context_data(form=form), status=status)
        return redirect("registry:account-apply-done")


class ApplyDoneView(TemplateView):
    template_name = "registry/accounts/apply_done.html"


class ApplicationListView(ScopedListView):
    permission = "account.application.review"
    queryset = AccountApplication.objects.select_related("city", "decided_by")
    filterset_class = AccountApplicationFilterSet
    template_name = "registry/accounts/application_list.html"
    export_filename = "企业账号申请.csv"
    export_columns = [
        ("提交时间", lambda a: f"{a.submitted_at:%Y-%m-%d %H:%M}"),
        ("统一社会信用代码", "credit_code"),
        ("企业名称", "enterprise_name"),
        ("法定代表人", "legal_representative"),
        ("报备单位", "city__name"),
        ("联系人", "contact_name"),
        ("手机号码", "mobile"),
        ("电子邮箱", "email"),
        ("状态", lambda a: a.get_status_display()),
        ("退回理由", "reject_reason"),
        ("审核人", lambda a: a.decided_by or ""),
    ]


class ApplicationDetailView(ScopedDetailView):
    permission = "account.application.review"
    queryset = AccountApplication.objects.select_related("city", "decided_by", "account", "enterprise")
    template_name = "registry/accounts/application_detail.html"
    context_object_name = "application"

    def get_context_data(self, **kwargs):
        application = self.object
        on_file = Enterprise.objects.filter(credit_code=application.credit_code).select_related("city").first()
        return super().get_context_data(
            on_file=on_file,
            existing_accounts=list(on_file.users.order_by("username")) if on_file else [],
            can_review=application.status == ApplicationStatus.PENDING
            and can(self.request.user, "account.application.review", application),
            reject_form=ApplicationRejectForm(),
            **kwargs,
        )


class ApplicationMixin:
    """The application in the URL, within the user's scope (else 404), which the user may review (else 403)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, "account.application.review"):
            self.application = get_object_or_404(
                AccountApplication.objects.visible_to(request.user).select_related("city"), pk=kwargs["pk"]
            )
            if not can(request.user, "account.application.review", self.application):
                raise PermissionDenied(POLICY["account.application.review"].refusal)
        return super().dispatch(request, *args, **kwargs)

    def detail_url(self) -> str:
        return reverse("registry:account-application-detail", kwargs={"pk": self.application.pk})


class ApplicationApproveView(ApplicationMixin, PermissionRequiredMixin, View):
    permission = "account.application.review"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            account = services.application_approve(
                actor=request.user, application=self.application, base_url=_base_url(request)
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return redirect(self.detail_url())
        messages.success(request, f"已通过：企业账号{account.username}已开通，设置密码的链接已发送到 {account.email}。")
        return redirect(account.get_absolute_url())


class ApplicationRejectView(ApplicationMixin, PermissionRequiredMixin, FormView):
    permission = "account.application.review"
    form_class = ApplicationRejectForm
    template_name = "registry/accounts/application_reject.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(application=self.application, **kwargs)

    def form_valid(self, form):
        try:
            services.application_reject(
                actor=self.request.user, application=self.application, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "申请已退回，退回理由已通过邮件告知联系人。")
        return redirect(self.detail_url())
