"""Article 14 for evaluation systems: an enterprise's CQO-system status by credit code."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import Enterprise, VerdictStatus
from ..selectors import cqo_status
from ..validators import normalize_credit_code


class CqoStatusSerializer(serializers.Serializer):
    credit_code = serializers.CharField(help_text="统一社会信用代码")
    enterprise_name = serializers.CharField(help_text="企业名称")
    post_established = serializers.BooleanField(help_text="已设立首席质量官岗位（第四条）")
    empowered = serializers.BooleanField(help_text="已授予首席质量官相应职权（第四条）")
    cqo_acknowledged = serializers.BooleanField(help_text="现任首席质量官已经设区市局备案")
    cqo_name = serializers.CharField(allow_blank=True, help_text="现任首席质量官姓名；无则为空")
    cqo_eligible = serializers.BooleanField(help_text="现任首席质量官的任职资格核验结论为符合")
    # A plain string, not an enum: the eligibility API already names this choice set (StatusEnum).
    verdict_status = serializers.CharField(
        allow_blank=True,
        help_text="任职资格核验结论："
        + "、".join(f"{v}（{label}）" for v, label in VerdictStatus.choices)
        + "；无现任首席质量官时为空",
    )
    since = serializers.DateField(allow_null=True, help_text="现任首席质量官的聘任日期")


class CqoStatusView(APIView):
    permission_classes = [IsAuthenticated]
    serializer_class = CqoStatusSerializer

    @extend_schema(
        operation_id="enterprise_cqo_status",
        summary="企业首席质量官制度实施情况（第十四条）",
        description="按统一社会信用代码查询：是否设立岗位、现任首席质量官是否已备案、是否符合任职条件、自何时起任职。"
        "只能查询调用者权限范围内的企业，范围外或不存在的均返回404。",
        parameters=[OpenApiParameter("credit_code", str, OpenApiParameter.PATH, description="18位统一社会信用代码")],
        responses={200: CqoStatusSerializer},
    )
    def get(self, request, credit_code: str):
        try:
            code = normalize_credit_code(credit_code)
        except ValidationError:
            raise Http404 from None  # characters no credit code has: as for any code not found
        enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user), credit_code=code)
        return Response(CqoStatusSerializer(cqo_status(enterprise)).data)


api_urlpatterns = [
    path("enterprises/<str:credit_code>/cqo-status", CqoStatusView.as_view(), name="enterprise-cqo-status"),
]
