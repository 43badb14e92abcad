"""The access log's filters."""

from __future__ import annotations

import django_filters
from django import forms

from cqo_portal.filters import FilterSet

from ..models import AccessAction, AccessLog, User

DATE = forms.DateInput(attrs={"type": "date"})


def _actors(request):
    # Only people who appear in the log: a choice list of every account would be long and useless.
    return User.objects.filter(pk__in=AccessLog.objects.values("actor_id")).order_by("username")


class AccessLogFilterSet(FilterSet):
    actor = django_filters.ModelChoiceFilter(label="操作人", queryset=_actors, empty_label="全部")
    action = django_filters.ChoiceFilter(label="操作", choices=AccessAction.choices, empty_label="全部")
    since = django_filters.DateFilter(label="起始日期", field_name="at", lookup_expr="date__gte", widget=DATE)
    until = django_filters.DateFilter(label="截止日期", field_name="at", lookup_expr="date__lte", widget=DATE)

    class Meta:
        model = AccessLog
        fields = ["actor", "action", "since", "until"]
