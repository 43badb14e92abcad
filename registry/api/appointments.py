"""The appointment API."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from ..models import (
    Appointment,
    AppointmentStatus,
)
from ..validators import normalize_credit_code
from .enterprises import EnterpriseBriefSerializer
from .persons import PersonBriefSerializer
from .scoped import READ_ONLY_NOTE, MaskedIdListMixin, ScopedReadOnlyViewSet, id_filter


class AppointmentSerializer(serializers.ModelSerializer):
    enterprise = EnterpriseBriefSerializer(read_only=True)
    person = PersonBriefSerializer(read_only=True)
    duties = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="第七条职责代码：strategy、qms、improvement、cost、training、culture",
    )
    status = serializers.ChoiceField(
        choices=AppointmentStatus.choices,
        source="status_today",
        read_only=True,
        help_text="今日的状态：已备案待生效（scheduled）的聘任自聘任日期起为现任（acknowledged）",
    )
    verdict = serializers.JSONField(
        read_only=True,
        allow_null=True,
        help_text="提交（或认定变化后重新核验）时任职资格核验的逐项结论，结构同 /api/v1/eligibility/check",
    )

    class Meta:
        model = Appointment
        fields = [
            "id",
            "enterprise",
            "person",
            "appointed_by",
            "appointed_on",
            "decision_level",
            "allowance",
            "allowance_amount",
            "duties",
            "status",
            "verdict_status",
            "rule_set",
            "verdict",
            "submitted_at",
            "reviewed_at",
            "return_reason",
            "ended_on",
            "end_reason",
            "end_note",
            "created_at",
            "updated_at",
        ]


class AppointmentApiFilterSet(django_filters.FilterSet):
    enterprise = id_filter("enterprise_id", "企业 id")
    person = id_filter("person_id", "人员 id")
    credit_code = django_filters.CharFilter(method="filter_credit_code", help_text="企业统一社会信用代码（精确）")

    class Meta:
        model = Appointment
        fields = ["enterprise", "person", "credit_code", "status"]

    def filter_credit_code(self, queryset, name, value):
        try:
            return queryset.filter(enterprise__credit_code=normalize_credit_code(value))
        except ValidationError:
            return queryset.none()  # characters no credit code has: no enterprise matches


@extend_schema_view(
    list=extend_schema(summary="首席质量官聘任列表", description=READ_ONLY_NOTE + "草稿只对登记它的企业可见。"),
    retrieve=extend_schema(summary="首席质量官聘任详情", description=READ_ONLY_NOTE + "草稿只对登记它的企业可见。"),
)
class AppointmentViewSet(MaskedIdListMixin, ScopedReadOnlyViewSet):
    masked_id_what = "聘任接口"

    queryset = Appointment.objects.select_related("enterprise", "person").order_by("pk")
    serializer_class = AppointmentSerializer
    filterset_class = AppointmentApiFilterSet

    def get_queryset(self):
        # The status as of today even before the daily task has written a due switch.
        return super().get_queryset().with_effective_status()
