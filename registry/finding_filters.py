"""FilterSets for the Article 6 findings list and the resident-ID access log."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q

from .models import AccessAction, AccessLog, City, Finding, FindingItem, User


class FindingFilterSet(django_filters.FilterSet):
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

    class Meta:
        model = Finding
        fields = ["item", "status", "city", "name"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(lifted_on__isnull=(value == "active"))

    def filter_city(self, queryset, name, value):
        return queryset.filter(Q(city=value) | Q(person__enterprise__city=value))


DATE = forms.DateInput(attrs={"type": "date"})


def _actors(request):
    # Only people who appear in the log: a choice list of every account would be long and useless.
    return User.objects.filter(pk__in=AccessLog.objects.values("actor_id")).order_by("username")


class AccessLogFilterSet(django_filters.FilterSet):
    actor = django_filters.ModelChoiceFilter(label="操作人", queryset=_actors, empty_label="全部")
    action = django_filters.ChoiceFilter(label="操作", choices=AccessAction.choices, empty_label="全部")
    since = django_filters.DateFilter(label="起始日期", field_name="at", lookup_expr="date__gte", widget=DATE)
    until = django_filters.DateFilter(label="截止日期", field_name="at", lookup_expr="date__lte", widget=DATE)

    class Meta:
        model = AccessLog
        fields = ["actor", "action", "since", "until"]
