"""The account list's and the application list's filters."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from cqo_portal.filters import FilterSet

from ..models import AccountApplication, ApplicationStatus, City, Role, User


class AccountFilterSet(FilterSet):
    unit_filters = ("unit",)

    q = django_filters.CharFilter(label="搜索", method="search", help_text="用户名、姓名或所属单位")
    role = django_filters.ChoiceFilter(label="角色", choices=Role.choices, empty_label="全部")
    unit = django_filters.ModelChoiceFilter(
        label="报备单位",
        queryset=City.objects.all(),
        empty_label="全部",
        method="filter_unit",
    )
    is_active = django_filters.ChoiceFilter(
        label="状态", choices=[("1", "启用"), ("0", "已停用")], empty_label="全部", method="filter_active"
    )

    class Meta:
        model = User
        fields = ["q", "role", "unit", "is_active"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(username__icontains=value)
            | Q(last_name__icontains=value)
            | Q(first_name__icontains=value)
            | Q(city__name__icontains=value)
            | Q(institution__name__icontains=value)
            | Q(enterprise__name__icontains=value)
        )

    def filter_unit(self, queryset, name, value):
        return queryset.filter(Q(city=value) | Q(enterprise__city=value))

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "1")


class AccountApplicationFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="企业名称、统一社会信用代码或联系人")
    status = django_filters.ChoiceFilter(label="状态", choices=ApplicationStatus.choices, empty_label="全部")
    o = django_filters.OrderingFilter(
        label="排序",
        empty_label="默认（最新在前）",
        fields=(("submitted_at", "submitted"), ("enterprise_name", "name")),
        field_labels={"submitted": "提交时间", "name": "企业名称"},
    )

    class Meta:
        model = AccountApplication
        fields = ["q", "status", "o"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(enterprise_name__icontains=value) | Q(credit_code__istartswith=value) | Q(contact_name__icontains=value)
        )
