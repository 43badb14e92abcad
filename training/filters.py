"""FilterSets for training lists."""

import django_filters
from django.db.models import Q

from cqo_portal.filters import FilterSet

from .models import Certificate, Institution


class InstitutionFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", field_name="name", lookup_expr="icontains", help_text="机构名称")

    class Meta:
        model = Institution
        fields = ["q"]


class CertificateFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="证书编号或持证人姓名")
    revoked = django_filters.BooleanFilter(label="已撤销")
    issued_on__gte = django_filters.DateFilter(field_name="issued_on", lookup_expr="gte", label="发证日期起")
    issued_on__lte = django_filters.DateFilter(field_name="issued_on", lookup_expr="lte", label="发证日期止")

    class Meta:
        model = Certificate
        fields = ["q", "revoked"]

    def search(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(number__icontains=value) | Q(person__name__startswith=value))
