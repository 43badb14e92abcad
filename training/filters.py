"""FilterSets for training lists."""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q

from cqo_portal.filters import FilterSet
from registry.permissions import sees_province_wide
from registry.validators import normalize_cohort_code

from .models import Certificate, Cohort, CohortStatus, Graduate, Institution


class InstitutionFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", field_name="name", lookup_expr="icontains", help_text="机构名称")

    class Meta:
        model = Institution
        fields = ["q"]


class CohortFilterSet(FilterSet):
    """Search by code (however it is typed) or title; status; the institution, for the province only."""

    q = django_filters.CharFilter(label="搜索", method="search", help_text="班次编号或名称")
    status = django_filters.ChoiceFilter(label="状态", choices=CohortStatus.choices, empty_label="全部")
    institution = django_filters.ModelChoiceFilter(
        label="培训机构", queryset=Institution.objects.order_by("name"), empty_label="全部"
    )

    class Meta:
        model = Cohort
        fields = ["q", "status", "institution"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is None or not sees_province_wide(user):
            del self.filters["institution"]  # an institution sees only its own cohorts

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        matches = Q(code__icontains=value) | Q(title__icontains=value)
        try:
            key = normalize_cohort_code(value)
        except ValidationError:  # a title in Chinese is no code: searched as typed only
            key = ""
        if key:
            matches |= Q(code_key__contains=key)
        return queryset.filter(matches)


class GraduateFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="学员姓名或工作单位")
    passed = django_filters.ChoiceFilter(
        label="考核结果", choices=[("1", "合格"), ("0", "不合格")], empty_label="全部", method="filter_passed"
    )

    class Meta:
        model = Graduate
        fields = ["q", "passed"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(person__name__icontains=value) | Q(enterprise_name__icontains=value))

    def filter_passed(self, queryset, name, value):
        return queryset.filter(passed=value == "1")


class CertificateFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="证书编号或持证人姓名")
    revoked = django_filters.BooleanFilter(label="已撤销")
    issued_on__gte = django_filters.DateFilter(field_name="issued_on", lookup_expr="gte", label="发证日期起")
    issued_on__lte = django_filters.DateFilter(field_name="issued_on", lookup_expr="lte", label="发证日期止")

    class Meta:
        model = Certificate
        fields = ["q", "revoked"]

    def search(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(number__icontains=value) | Q(person__name__startswith=value))
