"""The Article 6 finding API."""

from __future__ import annotations

import django_filters
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer, extend_schema_view
from rest_framework import serializers

from ..models import (
    Finding,
    FindingItem,
)
from .enterprises import CityBriefSerializer
from .persons import PersonBriefSerializer
from .scoped import READ_ONLY_NOTE, MaskedIdListMixin, ScopedReadOnlyViewSet, id_filter


@extend_schema_serializer(component_name="Article6Finding")
class FindingSerializer(serializers.ModelSerializer):
    person = PersonBriefSerializer(read_only=True)
    city = CityBriefSerializer(read_only=True, allow_null=True, help_text="认定单位（设区市局）；省局认定的为 null")
    active = serializers.SerializerMethodField(help_text="未解除")
    evidence_url = serializers.SerializerMethodField(help_text="证据材料的下载地址（需登录，范围同本记录）")

    class Meta:
        model = Finding
        fields = [
            "id",
            "person",
            "item",
            "decided_on",
            "note",
            "city",
            "recorded_at",
            "active",
            "lifted_on",
            "lifted_reason",
            "evidence_url",
        ]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_active(self, finding: Finding) -> bool:
        return not finding.is_lifted

    @extend_schema_field(OpenApiTypes.URI)
    def get_evidence_url(self, finding: Finding) -> str:
        path = reverse("registry:finding-evidence", kwargs={"pk": finding.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class FindingApiFilterSet(django_filters.FilterSet):
    person = id_filter("person_id", "人员 id")
    active = django_filters.BooleanFilter(
        field_name="lifted_on", lookup_expr="isnull", help_text="true：未解除；false：已解除"
    )
    item = django_filters.TypedChoiceFilter(
        choices=FindingItem.choices, coerce=int, help_text="第六条第（一）至（五）项"
    )

    class Meta:
        model = Finding
        fields = ["person", "active", "item"]


@extend_schema_view(
    list=extend_schema(summary="第六条情形认定列表", description=READ_ONLY_NOTE),
    retrieve=extend_schema(summary="第六条情形认定详情", description=READ_ONLY_NOTE),
)
class FindingViewSet(MaskedIdListMixin, ScopedReadOnlyViewSet):
    masked_id_what = "第六条认定接口"

    queryset = Finding.objects.select_related("person", "city").order_by("pk")
    serializer_class = FindingSerializer
    filterset_class = FindingApiFilterSet
