"""Graduate lists: a cohort's graduates (its institution, the province) and the training of the staff in a user's
scope (Article 11: an enterprise sees its own staff's, a city bureau its enterprises'), with masked-ID exports."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from cqo_portal.generic import ScopedListView
from cqo_portal.sorting import Pinyin
from cqo_portal.timeouts import BoundedListMixin
from registry.permissions import CITY, ENTERPRISE, INSTITUTION, can, role_of
from registry.views.access_log import MaskedIdExportMixin

from ..filters import GraduateFilterSet
from ..models import Cohort, Graduate


def _result(graduate: Graduate) -> str:
    return "合格" if graduate.passed else "不合格"


EXPORT_COLUMNS = [
    ("姓名", "person__name"),
    ("身份证号码（脱敏）", "person__resident_id_masked"),
    ("工作单位", "enterprise_name"),
    ("统一社会信用代码", "enterprise__credit_code"),
    ("职务", "position"),
    ("学历", lambda g: g.get_education_display()),
    ("职称", lambda g: g.get_title_level_display()),
    ("质量工作年限", "quality_work_years"),
    ("考核成绩", "score"),
    ("考核结果", _result),
    ("培训机构", "cohort__institution__name"),
    ("班次编号", "cohort__code"),
    ("班次名称", "cohort__title"),
    ("结业日期", "cohort__end_date"),
]


class GraduateListBase(BoundedListMixin, MaskedIdExportMixin, ScopedListView):
    queryset = Graduate.objects.select_related("person", "enterprise", "cohort__institution")
    filterset_class = GraduateFilterSet
    template_name = "training/graduate/list.html"
    export_columns = EXPORT_COLUMNS
    sort_columns = {
        "name": (Pinyin("person__name"), "id"),
        "enterprise": (Pinyin("enterprise_name"), "id"),
        "cohort": ("cohort__end_date", "cohort_id", "id"),
        "score": ("score", "id"),
        "passed": ("passed", "id"),
        # The order rows came in, served by the primary key at any size: the default of the province-wide list.
        "imported": ("id",),
    }

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.none() if self.timed_out else queryset


class GraduateListView(GraduateListBase):
    """Every graduate in the user's scope: the province all, an institution its own cohorts', a city bureau the
    staff of its enterprises, an enterprise its own staff (本企业人员培训情况)."""

    permission = "graduate.list"
    default_sort = "-imported"

    TITLES = {INSTITUTION: "本机构结业学员", CITY: "本地企业人员培训情况", ENTERPRISE: "本企业人员培训情况"}

    @property
    def export_filename(self) -> str:
        return f"{self.title()}.csv"

    def title(self) -> str:
        return self.TITLES.get(role_of(self.request.user), "结业学员")

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title(), show_cohort=True, **kwargs)


class CohortGraduateListView(GraduateListBase):
    """A cohort's graduates, for its institution and the province."""

    permission = "cohort.graduates"
    default_sort = "name"

    def get_cohort(self) -> Cohort:
        if not hasattr(self, "_cohort"):
            self._cohort = get_object_or_404(
                Cohort.objects.visible_to(self.request.user).select_related("institution"), pk=self.kwargs["pk"]
            )
        return self._cohort

    @property
    def export_filename(self) -> str:
        return f"结业学员_{self.get_cohort().code}.csv"

    def get_queryset(self):
        return super().get_queryset().filter(cohort=self.get_cohort())

    def get_context_data(self, **kwargs):
        cohort = self.get_cohort()
        return super().get_context_data(
            title=f"{cohort.code} {cohort.title}：结业学员",
            cohort=cohort,
            can_import=can(self.request.user, "graduate.import", cohort),
            show_cohort=False,
            **kwargs,
        )
