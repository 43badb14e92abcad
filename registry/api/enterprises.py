"""The enterprise API: list and detail, scoped like the pages."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from ..models import (
    City,
    Enterprise,
)
from ..validators import normalize_credit_code
from .scoped import READ_ONLY_NOTE, ScopedReadOnlyViewSet


class CityBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = City
        fields = ["id", "code", "name"]


class EnterpriseBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enterprise
        fields = ["id", "credit_code", "name"]


class EnterpriseSerializer(serializers.ModelSerializer):
    city = CityBriefSerializer(read_only=True)
    effective_size = serializers.CharField(
        read_only=True, help_text="采用的企业规模：经设区市局确认的申报规模优先于测算规模"
    )

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "credit_code",
            "name",
            "city",
            "address",
            "legal_representative",
            "industry_section",
            "industry_division",
            "employees",
            "revenue",
            "total_assets",
            "size",
            "declared_size",
            "size_confirmed_by_city",
            "effective_size",
            "cqo_post_established",
            "cqo_empowered",
            "created_at",
            "updated_at",
        ]


class EnterpriseApiFilterSet(django_filters.FilterSet):
    city = django_filters.CharFilter(field_name="city__code", help_text="报备单位行政区划代码，如 350100")
    credit_code = django_filters.CharFilter(method="filter_credit_code", help_text="统一社会信用代码（精确）")
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains", help_text="企业名称包含")

    class Meta:
        model = Enterprise
        fields = ["city", "credit_code", "name", "industry_section", "cqo_post_established"]

    def filter_credit_code(self, queryset, name, value):
        try:
            return queryset.filter(credit_code=normalize_credit_code(value))
        except ValidationError:
            return queryset.none()  # characters no credit code has: no enterprise matches


@extend_schema_view(
    list=extend_schema(summary="企业列表", description=READ_ONLY_NOTE),
    retrieve=extend_schema(summary="企业详情", description=READ_ONLY_NOTE),
)
class EnterpriseViewSet(ScopedReadOnlyViewSet):
    queryset = Enterprise.objects.select_related("city").order_by("pk")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseApiFilterSet
