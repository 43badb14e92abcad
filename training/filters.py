"""FilterSets for training lists."""

import django_filters
from django.db.models import Q

from cqo_portal.filters import FilterSet

from .models import Graduate, Institution


class InstitutionFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", field_name="name", lookup_expr="icontains", help_text="机构名称")

    class Meta:
        model = Institution
        fields = ["q"]


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
