"""The filing list's filters: kind, status, unit or institution (province only), year, and a search."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from cqo_portal.filters import FilterSet
from registry.models import City
from registry.permissions import sees_province_wide
from training.models import Institution

from .models import Filing, FilingKind, FilingStatus


class FilingFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="报备单位、培训机构名称或期间")
    kind = django_filters.ChoiceFilter(label="报备类型", choices=FilingKind.choices, empty_label="全部")
    status = django_filters.ChoiceFilter(label="状态", choices=FilingStatus.choices, empty_label="全部")
    late = django_filters.ChoiceFilter(
        label="是否逾期",
        choices=[("1", "逾期提交"), ("0", "按时提交")],
        empty_label="全部",
        method="filter_late",
    )
    year = django_filters.NumberFilter(label="年度", field_name="period_start__year", min_value=2000, max_value=2100)
    city = django_filters.ModelChoiceFilter(label="报备单位", queryset=City.objects.all(), empty_label="全部")
    institution = django_filters.ModelChoiceFilter(
        label="培训机构", queryset=Institution.objects.order_by("name"), empty_label="全部"
    )

    class Meta:
        model = Filing
        fields = ["q", "kind", "status", "late", "year", "city", "institution"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is None or not sees_province_wide(user):
            del self.filters["city"]  # a filer sees only its own filings
            del self.filters["institution"]

    def search(self, queryset, name, value):
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(
            Q(city__name__icontains=value) | Q(institution__name__icontains=value) | Q(period_label__icontains=value)
        )

    def filter_late(self, queryset, name, value):
        if value == "1":
            return queryset.filter(days_late__gt=0)
        return queryset.filter(days_late=0)
