"""FilterSets for registry lists."""

import django_filters
from django.db.models import Q

from .models import City, Enterprise


class EnterpriseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="企业名称或统一社会信用代码")
    city = django_filters.ModelChoiceFilter(label="报备单位", queryset=City.objects.all(), empty_label="全部")

    class Meta:
        model = Enterprise
        fields = ["q", "city"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(credit_code__istartswith=value))
