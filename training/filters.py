"""FilterSets for training lists."""

import django_filters

from cqo_portal.filters import FilterSet

from .models import Institution


class InstitutionFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", field_name="name", lookup_expr="icontains", help_text="机构名称")

    class Meta:
        model = Institution
        fields = ["q"]
