"""The appointment list's filters."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from cqo_portal.filters import FilterSet

from ..models import Appointment, AppointmentStatus, City, VerdictStatus
from ..permissions import sees_province_wide


class AppointmentFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="姓名、企业名称或统一社会信用代码")
    # The status of the day (the list annotates it): a scheduled one whose date has come is listed as current.
    status = django_filters.ChoiceFilter(
        label="状态", field_name="effective_status", choices=AppointmentStatus.choices, empty_label="全部"
    )
    verdict_status = django_filters.ChoiceFilter(label="核验结论", choices=VerdictStatus.choices, empty_label="全部")
    city = django_filters.ModelChoiceFilter(
        label="报备单位", field_name="enterprise__city", queryset=City.objects.all(), empty_label="全部"
    )

    class Meta:
        model = Appointment
        fields = ["q", "status", "verdict_status", "city"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None and not sees_province_wide(user):
            # A city bureau or an enterprise works within one reporting unit: the choice would be noise.
            del self.filters["city"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(person__name__icontains=value)
            | Q(enterprise__name__icontains=value)
            | Q(enterprise__credit_code__istartswith=value)
        )
