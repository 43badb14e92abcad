"""The Article 6 finding list's filters."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from cqo_portal.filters import FilterSet

from ..models import City, Finding, FindingItem


class FindingFilterSet(FilterSet):
    item = django_filters.ChoiceFilter(label="情形", choices=FindingItem.choices, empty_label="全部")
    status = django_filters.ChoiceFilter(
        label="状态", choices=[("active", "未解除"), ("lifted", "已解除")], empty_label="全部", method="filter_status"
    )
    city = django_filters.ModelChoiceFilter(
        label="报备单位",
        queryset=City.objects.all(),
        empty_label="全部",
        method="filter_city",
        help_text="认定单位或人员所在企业属于该单位",
    )
    name = django_filters.CharFilter(label="人员姓名", field_name="person__name", lookup_expr="icontains")

    unit_filters = ("city",)

    class Meta:
        model = Finding
        fields = ["item", "status", "city", "name"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(lifted_on__isnull=(value == "active"))

    def filter_city(self, queryset, name, value):
        return queryset.filter(Q(city=value) | Q(person__enterprise__city=value))
