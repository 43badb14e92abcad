"""Registry pages: sign-in, each role's home page, enterprises (list, profile, create, edit, size confirmation)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, RedirectView, TemplateView

from cqo_portal.generic import RoleRequiredMixin, ScopedDetailView, ScopedListView

from . import services
from .filters import EnterpriseFilterSet
from .forms import EnterpriseForm, EnterpriseSizeConfirmForm, LoginForm
from .models import Enterprise, Role
from .selectors import home_summary

BUREAUX = frozenset({Role.PROVINCE, Role.CITY})


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "registry/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(summary=home_summary(self.request.user), **kwargs)


class MaskedIdExportMixin:
    """For lists whose export carries masked resident IDs: each export is written to the access log."""

    def export_started(self, queryset, file_format: str) -> None:
        services.export_log_masked_ids(
            actor=self.request.user,
            what=self.export_filename.rsplit(".", 1)[0],
            count=queryset.count(),
            file_format=file_format,
        )


class ServiceFormView(RoleRequiredMixin, FormView):
    """A form whose valid data goes to one service; the service's ValidationError lands on the form's fields.

    Subclasses set `service` (a callable taking keyword arguments) and may override `service_kwargs`.
    The service refuses what the user may not do (PermissionDenied becomes a 403).
    """

    service = None
    success_message = "已保存。"

    def service_kwargs(self, form) -> dict:
        return dict(form.cleaned_data)

    def form_valid(self, form):
        try:
            self.result = type(self).service(actor=self.request.user, **self.service_kwargs(form))
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())


class ScopedEnterpriseMixin:
    """The enterprise in the URL, looked up within the user's scope (another scope's enterprise is a 404)."""

    def get_enterprise(self) -> Enterprise:
        if not hasattr(self, "_enterprise"):
            self._enterprise = get_object_or_404(
                Enterprise.objects.visible_to(self.request.user).select_related("city"), pk=self.kwargs["pk"]
            )
        return self._enterprise

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.get_enterprise(), **kwargs)

    def get_success_url(self):
        return self.result.get_absolute_url()


class EnterpriseListView(ScopedListView):
    allowed_roles = BUREAUX
    queryset = Enterprise.objects.select_related("city")
    filterset_class = EnterpriseFilterSet
    template_name = "registry/enterprise_list.html"
    export_filename = "企业名单.csv"
    export_columns = [
        ("统一社会信用代码", "credit_code"),
        ("企业名称", "name"),
        ("报备单位", "city__name"),
        ("行业门类", lambda e: e.get_industry_section_display()),
        ("行业代码", "industry_division"),
        ("企业规模", lambda e: e.get_effective_size_display()),
        ("规模经设区市局确认", lambda e: "是" if e.size_confirmed_by_city and e.declared_size else "否"),
        ("已设立首席质量官岗位", lambda e: "是" if e.cqo_post_established else "否"),
        ("已授予首席质量官职权", lambda e: "是" if e.cqo_empowered else "否"),
    ]


class MyEnterpriseView(RoleRequiredMixin, RedirectView):
    """An enterprise user's own profile, so the menu can link to it without knowing its id."""

    allowed_roles = frozenset({Role.ENTERPRISE})

    def get_redirect_url(self, *args, **kwargs):
        if self.request.user.enterprise_id is None:  # a superuser passes the role check but has no enterprise
            raise Http404("该账号未绑定企业。")
        return reverse("registry:enterprise-detail", kwargs={"pk": self.request.user.enterprise_id})


class EnterpriseDetailView(ScopedDetailView):
    queryset = Enterprise.objects.select_related("city")
    template_name = "registry/enterprise_detail.html"

    def get_context_data(self, **kwargs):
        enterprise, user = self.object, self.request.user
        return super().get_context_data(
            size_result=enterprise.size_result(),
            can_edit=services.can_edit_enterprise(user, enterprise),
            can_confirm_size=services.can_confirm_size(user, enterprise),
            history=enterprise.history.select_related("history_user")[:20],
            **kwargs,
        )


class EnterpriseCreateView(ServiceFormView):
    allowed_roles = BUREAUX
    form_class = EnterpriseForm
    template_name = "registry/enterprise_form.html"
    service = services.enterprise_register
    success_message = "企业已登记。"
    extra_context = {"title": "新增企业"}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "creating": True}

    def get_success_url(self):
        return self.result.get_absolute_url()


class EnterpriseUpdateView(ScopedEnterpriseMixin, ServiceFormView):
    allowed_roles = frozenset({Role.PROVINCE, Role.CITY, Role.ENTERPRISE})
    form_class = EnterpriseForm
    template_name = "registry/enterprise_form.html"
    service = services.enterprise_update
    success_message = "企业信息已更新。"
    extra_context = {"title": "编辑企业信息"}

    def get_form_kwargs(self):
        # The form works on its own copy: validating a ModelForm writes onto its instance, and
        # the service must compare the submitted values with what is stored.
        copy = Enterprise.objects.get(pk=self.get_enterprise().pk)
        return {**super().get_form_kwargs(), "instance": copy, "user": self.request.user, "creating": False}

    def service_kwargs(self, form):
        return {"enterprise": self.get_enterprise(), **form.cleaned_data}


class EnterpriseConfirmSizeView(ScopedEnterpriseMixin, ServiceFormView):
    allowed_roles = BUREAUX
    form_class = EnterpriseSizeConfirmForm
    template_name = "registry/enterprise_confirm_size.html"
    service = services.enterprise_confirm_size
    success_message = "企业规模已确认。"

    def get_initial(self):
        enterprise = self.get_enterprise()
        return {"declared_size": enterprise.declared_size or enterprise.size}

    def get_context_data(self, **kwargs):
        enterprise = self.get_enterprise()
        return super().get_context_data(size_result=enterprise.size_result(), **kwargs)

    def service_kwargs(self, form):
        return {"enterprise": self.get_enterprise(), **form.cleaned_data}
