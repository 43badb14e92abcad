"""Cohort pages (培训班次): the list (search, filters, sort, CSV/XLSX), a cohort's page, opening and editing one.
An institution's staff see only their institution's cohorts, with the notice about its entrustment on each page."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse

from cqo_portal.generic import ScopedDetailView, ScopedListView, ServiceFormView
from cqo_portal.history import history_changes
from cqo_portal.sorting import Pinyin
from registry.permissions import INSTITUTION, can, role_of

from .. import services
from ..filters import CohortFilterSet
from ..forms.cohorts import CohortForm
from ..models import Cohort
from ..selectors import entrustment_notice


def cohort_url(cohort: Cohort) -> str:
    return reverse("training:cohort-detail", kwargs={"pk": cohort.pk})


class EntrustmentNoticeMixin:
    """An institution's staff are told on the page where they act when their entrustment has ended, been revoked
    or is about to end (training.selectors.entrustment_notice); the template includes
    training/includes/entrustment_notice.html."""

    def get_context_data(self, **kwargs):
        user = self.request.user
        notice = None
        if role_of(user) == INSTITUTION and user.institution_id is not None:
            notice = entrustment_notice(user.institution)
        return super().get_context_data(entrustment_notice=notice, **kwargs)


class CohortListView(EntrustmentNoticeMixin, ScopedListView):
    permission = "cohort.list"
    queryset = Cohort.objects.select_related("institution")
    filterset_class = CohortFilterSet
    template_name = "training/cohort/list.html"
    export_filename = "培训班次.csv"
    # Cohorts number in the thousands at most; the institution's own list is served by cohort_institution_start.
    sort_columns = {
        "code": ("code_key", "id"),
        "title": (Pinyin("title"), "id"),
        "institution": (Pinyin("institution__name"), "id"),
        "start_date": ("start_date", "id"),
        "end_date": ("end_date", "id"),
        "hours": ("hours", "id"),
        "status": ("status", "id"),
    }
    default_sort = "-start_date"
    export_columns = [
        ("班次编号", "code"),
        ("班次名称", "title"),
        ("培训机构", "institution__name"),
        ("开班日期", "start_date"),
        ("结业日期", "end_date"),
        ("学时", "hours"),
        ("计划人数", "capacity"),
        ("培训地点", "location"),
        ("授课教师", "teachers"),
        ("状态", lambda c: c.get_status_display()),
    ]

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            can_create=can(user, "cohort.create"), show_institution=role_of(user) != INSTITUTION, **kwargs
        )


class CohortDetailView(EntrustmentNoticeMixin, ScopedDetailView):
    permission = "cohort.list"
    queryset = Cohort.objects.select_related("institution")
    template_name = "training/cohort/detail.html"
    context_object_name = "cohort"

    def get_context_data(self, **kwargs):
        cohort, user = self.object, self.request.user
        return super().get_context_data(
            can_edit=can(user, "cohort.edit", cohort),
            show_institution=role_of(user) != INSTITUTION,
            history=history_changes(cohort),
            **kwargs,
        )


class CohortCreateView(EntrustmentNoticeMixin, ServiceFormView):
    permission = "cohort.create"
    form_class = CohortForm
    template_name = "training/cohort/form.html"
    service = services.cohort_create
    success_message = "培训班次已开设。"
    extra_context = {"title": "开设培训班次"}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submit_label": "开设班次"}

    def service_kwargs(self, form):
        return {"institution": self.request.user.institution, **form.cleaned_data}

    def get_success_url(self):
        return cohort_url(self.result)


class CohortUpdateView(EntrustmentNoticeMixin, ServiceFormView):
    permission = "cohort.edit"
    form_class = CohortForm
    template_name = "training/cohort/form.html"
    service = services.cohort_update
    success_message = "培训班次已更新。"
    extra_context = {"title": "编辑培训班次"}

    def get_cohort(self) -> Cohort:
        if not hasattr(self, "_cohort"):
            self._cohort = get_object_or_404(
                Cohort.objects.visible_to(self.request.user).select_related("institution"), pk=self.kwargs["pk"]
            )
        return self._cohort

    def get_form_kwargs(self):
        # A copy: validating a ModelForm writes onto its instance, and the service compares with what is stored.
        return {**super().get_form_kwargs(), "instance": Cohort.objects.get(pk=self.get_cohort().pk)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(cohort=self.get_cohort(), **kwargs)

    def service_kwargs(self, form):
        return {"cohort": self.get_cohort(), **form.cleaned_data}

    def get_success_url(self):
        return cohort_url(self.get_cohort())
