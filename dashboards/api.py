"""The statistics API: /api/v1/statistics/units, the statistics page's table as JSON (same filters, same selector,
same scope: the province every unit, a city bureau its own; everyone else 403), and /api/v1/statistics/dashboard,
the dashboard's headline figures and chart tables (the province's, or a city bureau's beside the provincial
average)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from registry.models import EnterpriseSize, IndustrySection
from registry.permissions import POLICY, can, require

from . import selectors
from .forms import StatisticsForm
from .selectors.statistics import STATISTICS_FIGURES, TOTAL_NOTE

FIGURES = {
    key: serializers.IntegerField(help_text=f"{label}：{definition}") for key, label, definition in STATISTICS_FIGURES
}

StatisticsSerializer = inline_serializer(
    "UnitStatistics",
    {
        "period": inline_serializer(
            "StatisticsPeriod",
            {
                "code": serializers.CharField(help_text="期间代码，如 2026-Q3、2026-H1、2026"),
                "label": serializers.CharField(help_text="期间名称，如 2026年第3季度"),
                "start": serializers.DateField(help_text="期间第一天"),
                "end": serializers.DateField(help_text="期间最后一天"),
            },
        ),
        "as_of": serializers.DateTimeField(help_text="统计截至时间：期末当日结束时，期间未结束的为现在"),
        "filters": inline_serializer(
            "StatisticsFilters",
            {
                "unit": serializers.CharField(allow_blank=True, help_text="报备单位行政区划代码；空为全部"),
                "industry_section": serializers.CharField(allow_blank=True, help_text="行业门类；空为全部"),
                "size": serializers.CharField(allow_blank=True, help_text="企业规模；空为全部"),
            },
        ),
        "definitions": inline_serializer(
            "StatisticsDefinition",
            {
                "key": serializers.CharField(),
                "label": serializers.CharField(help_text="中文名称"),
                "definition": serializers.CharField(help_text="口径：统计什么、截至何时"),
            },
            many=True,
        ),
        "rows": inline_serializer(
            "UnitStatisticsRow",
            {
                "unit_code": serializers.CharField(help_text="报备单位行政区划代码"),
                "unit": serializers.CharField(help_text="报备单位名称"),
                **FIGURES,
            },
            many=True,
        ),
        "total": inline_serializer("StatisticsTotal", dict(FIGURES)),
        "total_note": serializers.CharField(help_text="合计的口径"),
    },
)


def _choices(choices) -> str:
    return "、".join(f"{value}（{label}）" for value, label in choices)


class UnitStatisticsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="statistics_units",
        summary="各报备单位统计（与统计报表页面同一口径）",
        description="省局可查询全部报备单位，设区市局只能查询本单位（指定其他单位返回400）；其他角色403。"
        "每项数字的口径见响应中的 definitions。",
        parameters=[
            OpenApiParameter("unit", str, description="报备单位行政区划代码，如 350100；不填为全部"),
            OpenApiParameter("industry_section", str, description="行业门类：" + _choices(IndustrySection.choices)),
            OpenApiParameter("size", str, description="企业规模：" + _choices(EnterpriseSize.choices)),
            OpenApiParameter(
                "period", str, description="统计期间：年度 2026、半年 2026-H1/2026-H2、季度 2026-Q1…Q4；不填为本季度"
            ),
        ],
        responses={200: StatisticsSerializer},
    )
    def get(self, request):
        require(request.user, "statistics.view")
        form = StatisticsForm(request.query_params, user=request.user)
        if not form.is_valid():
            raise ValidationError({name: [str(e) for e in errors] for name, errors in form.errors.items()})
        statistics = form.statistics(request.user)
        keys = [key for key, _, _ in STATISTICS_FIGURES]
        period = statistics.period
        return Response(
            {
                "period": {"code": period.code, "label": period.label, "start": period.start, "end": period.end},
                "as_of": statistics.as_of,
                "filters": statistics.filters,
                "definitions": [
                    {"key": key, "label": label, "definition": definition}
                    for key, label, definition in STATISTICS_FIGURES
                ],
                "rows": [
                    {"unit_code": row.code, "unit": row.unit, **{key: row.figures[key] for key in keys}}
                    for row in statistics.rows
                ],
                "total": statistics.total,
                "total_note": TOTAL_NOTE,
            }
        )


DashboardSerializer = inline_serializer(
    "DashboardFigures",
    {
        "scope": serializers.CharField(help_text="province（全省）或 city（本报备单位与全省平均）"),
        "computed_at": serializers.DateTimeField(help_text="统计时间（看板数字可能缓存数分钟）"),
        "headlines": inline_serializer(
            "DashboardHeadline",
            {
                "key": serializers.CharField(),
                "label": serializers.CharField(help_text="中文名称"),
                "value": serializers.IntegerField(help_text="现在的数字"),
                "change": serializers.IntegerField(help_text="较上季度末的变化"),
                "definition": serializers.CharField(help_text="口径"),
            },
            many=True,
        ),
        "charts": inline_serializer(
            "DashboardChart",
            {
                "key": serializers.CharField(),
                "title": serializers.CharField(help_text="图表标题"),
                "definition": serializers.CharField(help_text="口径"),
                "header": serializers.ListField(child=serializers.CharField(), help_text="表头"),
                "rows": serializers.ListField(
                    child=serializers.ListField(child=serializers.JSONField()),
                    help_text="图表旁的表格：每行与表头对应，数字为空表示无数据",
                ),
            },
            many=True,
        ),
    },
)


class DashboardFiguresView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="statistics_dashboard",
        summary="统计看板的数字与图表数据",
        description="省局得到全省看板（标题数字及其较上季度末的变化、各图表旁的表格）；设区市局得到本单位的标题数字"
        "及与全省平均的比较；其他角色403。",
        responses={200: DashboardSerializer},
    )
    def get(self, request):
        user = request.user
        if can(user, "dashboard.view"):
            scope, data = "province", selectors.dashboard(user)
        elif can(user, "dashboard.view_city"):
            scope, data = "city", selectors.city_dashboard(user)
        else:
            raise PermissionDenied(POLICY["statistics.view"].refusal)
        return Response(
            {
                "scope": scope,
                "computed_at": data["computed_at"],
                "headlines": [
                    {"key": h.key, "label": h.label, "value": h.value, "change": h.change, "definition": h.definition}
                    for h in data["headlines"]
                ],
                "charts": [
                    {"key": c.key, "title": c.title, "definition": c.definition, "header": c.header, "rows": c.rows}
                    for c in data["charts"]
                ],
            }
        )


api_urlpatterns = [
    path("statistics/units", UnitStatisticsView.as_view(), name="api-statistics-units"),
    path("statistics/dashboard", DashboardFiguresView.as_view(), name="api-statistics-dashboard"),
]
