"""The notifications page's filters."""

from __future__ import annotations

import django_filters
from django import forms

from cqo_portal.filters import FilterSet

from ..models import Notice

DATE = forms.DateInput(attrs={"type": "date"})


class NoticeFilterSet(FilterSet):
    q = django_filters.CharFilter(label="内容", field_name="text", lookup_expr="icontains")
    state = django_filters.ChoiceFilter(
        label="状态",
        choices=[("unread", "未读"), ("read", "已读")],
        empty_label="全部",
        method="filter_state",
    )
    since = django_filters.DateFilter(label="起始日期", field_name="created_at", lookup_expr="date__gte", widget=DATE)
    until = django_filters.DateFilter(label="截止日期", field_name="created_at", lookup_expr="date__lte", widget=DATE)

    class Meta:
        model = Notice
        fields = ["q", "state", "since", "until"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(read_at__isnull=(value == "unread"))
