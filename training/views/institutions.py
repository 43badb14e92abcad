"""Institution pages: the province's list, an institution's page (its entrustment periods, cohorts, staff accounts
and change history), creating and editing one; an institution's staff reach their own page from the menu."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import RedirectView

from cqo_portal.generic import PermissionRequiredMixin, ScopedDetailView, ScopedListView, ServiceFormView
from cqo_portal.history import history_changes, history_changes_of
from cqo_portal.sorting import Pinyin
from registry.permissions import INSTITUTION, can, role_of

from .. import services
from ..filters import InstitutionFilterSet
from ..forms.institutions import InstitutionForm
from ..models import Entrustment, Institution
from ..selectors import entrustment_notice, entrustment_state

COHORTS_SHOWN = 20  # the newest on the institution's page; the cohort list filtered by institution has them all


def institution_url(institution: Institution) -> str:
    return reverse("training:institution-detail", kwargs={"pk": institution.pk})


def entrustment_history(institution: Institution):
    """Every change of the institution's periods (added, ended, revoked), each named by its dates."""
    return history_changes_of(
        Entrustment.history.filter(institution_id=institution.pk),
        model=Entrustment,
        subject=lambda row: f"委托期 {row.from_date:%Y-%m-%d}—{f'{row.until:%Y-%m-%d}' if row.until else '长期'}",
    )


class InstitutionListView(ScopedListView):
    permission = "institution.list"
    queryset = Institution.objects.prefetch_related("entrustments")
    filterset_class = InstitutionFilterSet
    template_name = "training/institution/list.html"
    export_filename = "培训机构名单.csv"
    # Institutions number in the tens: these orders need no index of their own.
    sort_columns = {
        "name": (Pinyin("name"), "id"),
        "credit_code": ("credit_code", "id"),
        "contact": (Pinyin("contact_name"), "id"),
    }
    default_sort = "name"
    export_columns = [
        ("机构名称", "name"),
        ("统一社会信用代码", "credit_code"),
        ("联系人", "contact_name"),
        ("联系电话", "contact_phone"),
        ("地址", "address"),
        ("委托状态", entrustment_state),
    ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_manage=can(self.request.user, "institution.manage"), **kwargs)


class MyInstitutionView(PermissionRequiredMixin, RedirectView):
    """An institution's staff reach their own institution's page from the menu."""

    permission = "institution.mine"

    def get_redirect_url(self, *args, **kwargs):
        if self.request.user.institution_id is None:  # a superuser passes the role check but has no institution
            raise Http404("该账号未绑定培训机构。")
        return reverse("training:institution-detail", kwargs={"pk": self.request.user.institution_id})


class InstitutionDetailView(ScopedDetailView):
    permission = "institution.view"
    queryset = Institution.objects.all()
    template_name = "training/institution/detail.html"

    def get_context_data(self, **kwargs):
        institution, user = self.object, self.request.user
        can_manage = can(user, "institution.manage")
        accounts = None
        if can(user, "account.list"):
            accounts = list(institution.users.order_by("username"))
        return super().get_context_data(
            can_manage=can_manage,
            entrustments=list(institution.entrustments.order_by("-from_date", "-pk")),
            notice=entrustment_notice(institution) if role_of(user) == INSTITUTION else None,
            cohorts=list(institution.cohorts.order_by("-start_date", "-pk")[:COHORTS_SHOWN]),
            cohorts_shown=COHORTS_SHOWN,
            cohort_list_url=reverse("training:cohort-list") + "?" + urlencode({"institution": institution.pk}),
            can_create_cohort=can(user, "cohort.create"),
            accounts=accounts,
            new_account_url=reverse("registry:account-create")
            + "?"
            + urlencode({"role": INSTITUTION, "institution": institution.pk}),
            can_open_account=can(user, "account.manage") and can_manage,
            history=history_changes(institution),
            entrustment_history=entrustment_history(institution),
            **kwargs,
        )


class InstitutionCreateView(ServiceFormView):
    permission = "institution.manage"
    form_class = InstitutionForm
    template_name = "training/institution/form.html"
    service = services.institution_create
    success_message = "培训机构已登记。下一步：登记委托期，并为机构开通工作人员账号。"
    extra_context = {"title": "新增培训机构"}

    def get_success_url(self):
        return institution_url(self.result)


class InstitutionUpdateView(ServiceFormView):
    permission = "institution.manage"
    form_class = InstitutionForm
    template_name = "training/institution/form.html"
    service = services.institution_update
    success_message = "培训机构信息已更新。"
    extra_context = {"title": "编辑培训机构"}

    def get_institution(self) -> Institution:
        if not hasattr(self, "_institution"):
            self._institution = get_object_or_404(
                Institution.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
            )
        return self._institution

    def get_form_kwargs(self):
        # A copy: validating a ModelForm writes onto its instance, and the service compares with what is stored.
        copy = Institution.objects.get(pk=self.get_institution().pk)
        return {**super().get_form_kwargs(), "instance": copy}

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.get_institution(), **kwargs)

    def service_kwargs(self, form):
        return {"institution": self.get_institution(), **form.cleaned_data}

    def get_success_url(self):
        return institution_url(self.get_institution())
