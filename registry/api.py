"""Read-only JSON API for enterprises, persons, appointments and Article 6 findings, scoped like the pages."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer, extend_schema_view
from rest_framework import routers, serializers, viewsets

from .models import (
    Appointment,
    City,
    Enterprise,
    Finding,
    FindingItem,
    Person,
    QualityWorkPeriod,
)
from .validators import normalize_credit_code

READ_ONLY_NOTE = (
    "只读接口：只返回调用者权限范围内的记录（省局全部，设区市局本报备单位，企业本企业，培训机构其培训的人员），"
    "范围外或不存在的记录返回404。暂不提供通过接口写入，登记、修改请在平台页面办理。"
    "列表按 limit/offset 分页。"
)

# ---------------------------------------------------------------------------
# Serializers. Nested "brief" shapes name the related object without loading its own relations.
# ---------------------------------------------------------------------------


# Ids beyond a 64-bit integer are refused as a bad filter (400), not passed to the database.
MAX_ID = 2**63 - 1


def id_filter(field_name: str, help_text: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(field_name=field_name, help_text=help_text, min_value=1, max_value=MAX_ID)


class CityBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = City
        fields = ["id", "code", "name"]


class EnterpriseBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enterprise
        fields = ["id", "credit_code", "name"]


class PersonBriefSerializer(serializers.ModelSerializer):
    """A person as other objects refer to them: the resident ID only ever masked."""

    class Meta:
        model = Person
        fields = ["id", "name", "resident_id_masked"]


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


# Component names: eligibility.api already has a "Finding" and a "QualityWorkPeriod" (the engine's input).
@extend_schema_serializer(component_name="PersonQualityWork")
class QualityWorkPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = QualityWorkPeriod
        fields = ["start", "end", "employer", "position"]


class PersonSerializer(serializers.ModelSerializer):
    """A person. The resident ID is given masked only; its ciphertext and look-up hash never leave the server,
    and neither do phone and e-mail (the pages do not show them either)."""

    enterprise = EnterpriseBriefSerializer(read_only=True, allow_null=True)
    quality_work = QualityWorkPeriodSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "resident_id_masked",
            "gender",
            "birth_year",
            "education",
            "title_level",
            "title_series",
            "enterprise",
            "position",
            "quality_work",
            "declared_ethics",
            "declared_laws",
            "declared_conduct",
            "declared_on",
            "created_at",
            "updated_at",
        ]


class AppointmentSerializer(serializers.ModelSerializer):
    enterprise = EnterpriseBriefSerializer(read_only=True)
    person = PersonBriefSerializer(read_only=True)
    duties = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="第七条职责代码：strategy、qms、improvement、cost、training、culture",
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


# ---------------------------------------------------------------------------
# Filters
# ---------------------------------------------------------------------------


class EnterpriseApiFilterSet(django_filters.FilterSet):
    city = django_filters.CharFilter(field_name="city__code", help_text="报备单位行政区划代码，如 350100")
    credit_code = django_filters.CharFilter(method="filter_credit_code", help_text="统一社会信用代码（精确）")
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains", help_text="企业名称包含")

    class Meta:
        model = Enterprise
        fields = ["city", "credit_code", "name", "industry_section", "cqo_post_established"]

    def filter_credit_code(self, queryset, name, value):
        return queryset.filter(credit_code=normalize_credit_code(value))


class PersonApiFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains", help_text="姓名包含")
    enterprise = id_filter("enterprise_id", "现工作单位（企业 id）")

    class Meta:
        model = Person
        fields = ["name", "enterprise", "education", "title_level"]


class AppointmentApiFilterSet(django_filters.FilterSet):
    enterprise = id_filter("enterprise_id", "企业 id")
    person = id_filter("person_id", "人员 id")
    credit_code = django_filters.CharFilter(method="filter_credit_code", help_text="企业统一社会信用代码（精确）")

    class Meta:
        model = Appointment
        fields = ["enterprise", "person", "credit_code", "status"]

    def filter_credit_code(self, queryset, name, value):
        return queryset.filter(enterprise__credit_code=normalize_credit_code(value))


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


# ---------------------------------------------------------------------------
# Views: each queryset starts from visible_to(user) and loads its relations in the same query.
# ---------------------------------------------------------------------------


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    filter_backends = [DjangoFilterBackend]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


@extend_schema_view(
    list=extend_schema(summary="企业列表", description=READ_ONLY_NOTE),
    retrieve=extend_schema(summary="企业详情", description=READ_ONLY_NOTE),
)
class EnterpriseViewSet(ScopedReadOnlyViewSet):
    queryset = Enterprise.objects.select_related("city").order_by("pk")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseApiFilterSet


@extend_schema_view(
    list=extend_schema(summary="人员列表", description=READ_ONLY_NOTE + "身份证号码一律脱敏。"),
    retrieve=extend_schema(summary="人员详情", description=READ_ONLY_NOTE + "身份证号码一律脱敏。"),
)
class PersonViewSet(ScopedReadOnlyViewSet):
    queryset = (
        Person.objects.select_related("enterprise")
        .prefetch_related(Prefetch("quality_work", queryset=QualityWorkPeriod.objects.order_by("start", "pk")))
        .order_by("pk")
    )
    serializer_class = PersonSerializer
    filterset_class = PersonApiFilterSet


@extend_schema_view(
    list=extend_schema(summary="首席质量官聘任列表", description=READ_ONLY_NOTE + "草稿只对登记它的企业可见。"),
    retrieve=extend_schema(summary="首席质量官聘任详情", description=READ_ONLY_NOTE + "草稿只对登记它的企业可见。"),
)
class AppointmentViewSet(ScopedReadOnlyViewSet):
    queryset = Appointment.objects.select_related("enterprise", "person").order_by("pk")
    serializer_class = AppointmentSerializer
    filterset_class = AppointmentApiFilterSet


@extend_schema_view(
    list=extend_schema(summary="第六条情形认定列表", description=READ_ONLY_NOTE),
    retrieve=extend_schema(summary="第六条情形认定详情", description=READ_ONLY_NOTE),
)
class FindingViewSet(ScopedReadOnlyViewSet):
    queryset = Finding.objects.select_related("person", "city").order_by("pk")
    serializer_class = FindingSerializer
    filterset_class = FindingApiFilterSet


router = routers.SimpleRouter(trailing_slash=False)
router.register("enterprises", EnterpriseViewSet, basename="api-enterprise")
router.register("persons", PersonViewSet, basename="api-person")
router.register("appointments", AppointmentViewSet, basename="api-appointment")
router.register("findings", FindingViewSet, basename="api-finding")

api_urlpatterns = router.urls
