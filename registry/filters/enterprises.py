"""The enterprise list's filters."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from cqo_portal.filters import FilterSet

from ..models import City, Enterprise, EnterpriseSize, IndustrySection


class EnterpriseFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="企业名称或统一社会信用代码")
    city = django_filters.ModelChoiceFilter(label="报备单位", queryset=City.objects.all(), empty_label="全部")
    industry_section = django_filters.ChoiceFilter(
        label="行业门类", choices=IndustrySection.choices, empty_label="全部"
    )
    size = django_filters.ChoiceFilter(
        label="企业规模",
        choices=EnterpriseSize.choices,
        empty_label="全部",
        method="filter_size",
        help_text="经设区市局确认的申报规模优先",
    )
    pending_city_check = django_filters.ChoiceFilter(
        label="核实状态",
        choices=[("1", "待核实"), ("0", "已核实")],
        empty_label="全部",
        method="filter_pending",
        help_text="培训机构导入结业学员时新建的企业待设区市局核实",
    )

    unit_filters = ("city",)

    class Meta:
        model = Enterprise
        fields = ["q", "city", "industry_section", "size", "pending_city_check"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(credit_code__istartswith=value))

    def filter_size(self, queryset, name, value):
        return queryset.with_effective_size(value)

    def filter_pending(self, queryset, name, value):
        return queryset.filter(pending_city_check=value == "1")
