"""JSON API for eligibility checks: POST the contract's candidate JSON, get the engine's verdicts back."""

from django.urls import path
from drf_spectacular.utils import OpenApiExample, PolymorphicProxySerializer, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from cqo_portal.errors import error_body
from cqo_portal.parsers import BoundedJSONParser

from . import rules
from .batch import BatchError, evaluate_batch, records_from
from .present import choices

# The serializers below only describe the shapes for the OpenAPI schema; rules.parse_candidate
# validates, so the API, the command and the page accept and refuse exactly the same input.


class QualityWorkPeriodSerializer(serializers.Serializer):
    start = serializers.DateField(help_text="开始日期")
    end = serializers.DateField(allow_null=True, help_text="结束日期；null 表示仍在从事")


class CertificateSerializer(serializers.Serializer):
    issued_on = serializers.DateField(help_text="培训结业证书签发日期")
    revoked = serializers.BooleanField(help_text="证书是否已撤销")
    institution_entrusted = inline_serializer(
        name="InstitutionEntrusted",
        fields={
            "from": serializers.DateField(help_text="培训机构受托起始日"),
            "until": serializers.DateField(allow_null=True, help_text="受托截止日；null 表示仍在受托期内"),
        },
        help_text="发证培训机构受省局委托的期间",
    )


class DeclarationsSerializer(serializers.Serializer):
    ethics = serializers.BooleanField(help_text="声明符合第五条第（一）项")
    laws = serializers.BooleanField(help_text="声明符合第五条第（二）项")


class FindingSerializer(serializers.Serializer):
    item = serializers.IntegerField(min_value=1, max_value=5, help_text="第六条第（一）至（五）项")
    decided_on = serializers.DateField(help_text="认定日期")
    lifted_on = serializers.DateField(allow_null=True, help_text="解除日期；null 表示未解除")


class CandidateSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="任意字符串，原样返回")
    as_of = serializers.DateField(help_text="评估日期")
    enterprise_size = serializers.ChoiceField(choices=choices(rules.ENTERPRISE_SIZES))
    education = serializers.ChoiceField(choices=choices(rules.EDUCATION_LABELS))
    title = serializers.ChoiceField(choices=choices(rules.TITLE_LABELS))
    quality_work = QualityWorkPeriodSerializer(many=True)
    certificates = CertificateSerializer(many=True)
    declarations = DeclarationsSerializer()
    findings = FindingSerializer(many=True)


class ClauseResultSerializer(serializers.Serializer):
    clause = serializers.ChoiceField(choices=[(c, c) for c in rules.TEXTS_2014])
    result = serializers.ChoiceField(choices=choices(rules.RESULT_LABELS))
    reason = serializers.CharField(help_text="中文理由，列明所依据的事实")
    text = serializers.CharField(help_text="办法条款原文")


class RuleSetSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="文号，如 闽质监质〔2014〕286号")
    title = serializers.CharField()
    effective_from = serializers.DateField()
    note = serializers.CharField(allow_null=True, help_text="评估日期早于所有规则施行日期时的说明")


class VerdictSerializer(serializers.Serializer):
    id = serializers.CharField()
    status = serializers.ChoiceField(choices=choices(rules.STATUS_LABELS))
    rule_set = RuleSetSerializer()
    clauses = ClauseResultSerializer(
        many=True, help_text="第五条第（一）至（五）项、第六条第（一）至（五）项，依次各一条"
    )


class ProblemSerializer(serializers.Serializer):
    record = serializers.IntegerField(allow_null=True, help_text="出错记录在输入中的下标（单个对象为0）")
    id = serializers.CharField(allow_null=True, help_text="出错记录的 id（如可读出）")
    field = serializers.CharField(help_text="字段路径，如 quality_work[1].start")
    message = serializers.CharField(help_text="中文说明")


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField()
    records = ProblemSerializer(many=True)


class BadRequestSerializer(serializers.Serializer):
    error = ErrorSerializer()
    detail = serializers.CharField()
    errors = ProblemSerializer(many=True)


EXAMPLE = {
    "id": "闽-0001",
    "as_of": "2026-06-30",
    "enterprise_size": "large",
    "education": "bachelor",
    "title": "intermediate",
    "quality_work": [{"start": "2015-03-01", "end": None}],
    "certificates": [
        {"issued_on": "2024-05-10", "revoked": False, "institution_entrusted": {"from": "2015-01-01", "until": None}}
    ],
    "declarations": {"ethics": True, "laws": True},
    "findings": [],
}


class EligibilityCheckView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [BoundedJSONParser]

    @extend_schema(
        operation_id="eligibility_check",
        summary="核验首席质量官任职资格（第五条、第六条）",
        description=(
            "请求体为一个候选人对象，或候选人对象组成的数组（与 `manage.py check_eligibility` 的输入相同）。"
            "提交对象则返回一个结论对象；提交数组则按相同顺序返回结论数组。"
            "任何一条记录有误时返回400，逐条列出记录下标、id、字段与原因，不返回任何结论。"
        ),
        request=PolymorphicProxySerializer(
            component_name="CandidateOrList",
            serializers=[CandidateSerializer, CandidateSerializer(many=True)],
            resource_type_field_name=None,
            many=False,
        ),
        responses={
            200: PolymorphicProxySerializer(
                component_name="VerdictOrList",
                serializers=[VerdictSerializer, VerdictSerializer(many=True)],
                resource_type_field_name=None,
                many=False,
            ),
            400: BadRequestSerializer,
        },
        examples=[OpenApiExample("一名大型企业候选人", value=EXAMPLE, request_only=True)],
    )
    def post(self, request):
        try:
            records, single = records_from(request.data)
            verdicts = evaluate_batch(records)
        except BatchError as error:
            problems = [p.as_dict() for p in error.problems]
            # The API's one error shape, with the per-record problems; "errors" kept beside "detail" as before.
            body = {**error_body("invalid", error.summary, records=problems), "errors": problems}
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response(verdicts[0] if single else verdicts)


api_urlpatterns = [
    path("eligibility/check", EligibilityCheckView.as_view(), name="eligibility-check"),
]
