"""Registry pages: sign-in, each role's home page, enterprises."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from cqo_portal.generic import ScopedDetailView, ScopedListView

from .filters import EnterpriseFilterSet
from .forms import LoginForm
from .models import Enterprise, Role
from .selectors import home_summary


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "registry/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(summary=home_summary(self.request.user), **kwargs)


class EnterpriseListView(ScopedListView):
    allowed_roles = frozenset({Role.PROVINCE, Role.CITY})
    queryset = Enterprise.objects.select_related("city")
    filterset_class = EnterpriseFilterSet
    template_name = "registry/enterprise_list.html"
    export_filename = "企业名单.csv"
    export_columns = [("统一社会信用代码", "credit_code"), ("企业名称", "name"), ("报备单位", "city__name")]


class EnterpriseDetailView(ScopedDetailView):
    queryset = Enterprise.objects.select_related("city")
    template_name = "registry/enterprise_detail.html"
