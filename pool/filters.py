"""The talent pool's filters, sort orders and name search (each served by an index; see migration 0006)."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from cqo_portal.filters import FilterSet
from cqo_portal.keyset import SortOrder
from registry.models import Education, EnterpriseSize, IndustrySection, TitleLevel, VerdictStatus
from registry.reporting_units import REPORTING_UNITS

from .models import PoolEntry

# Below this length a search is a prefix match on the name alone, through the (name, id) B-tree
# (the column is COLLATE "C" on PostgreSQL, so LIKE '王芳%' becomes the index range 王芳..王芴);
# from it on, an infix match on name, enterprise name and credit code through pg_trgm. A trigram
# index cannot serve a two-character infix (王芳 holds no complete trigram, so LIKE '%王芳%' reads
# the whole table), and OR-ing a short prefix across three columns lets the planner walk the name
# index from the start looking for rows that sit together near 王. Chinese names are looked up
# from the surname, so a two-character search means "names starting with": 王芳 finds 王芳 and
# 王芳华, not 李王芳; enterprises need three characters. Letters and digits are a credit-code prefix.
INFIX_MIN_LENGTH = 3
SEARCH_HELP = (
    "输入1至2个字时按姓名开头匹配（如“王芳”查到王芳、王芳华，查不到李王芳）；"
    "输入3个字及以上时在姓名、企业名称、统一社会信用代码中按包含匹配（如“精密机械”）；"
    "输入字母或数字时按统一社会信用代码开头匹配。"
)

SORT_ORDERS = {
    order.key: order
    for order in (
        SortOrder("name", "姓名", ("name", "id")),
        SortOrder("-year", "发证年份（新→旧）", ("certificate_year", "id"), descending=True),
        SortOrder("year", "发证年份（旧→新）", ("certificate_year", "id")),
        SortOrder("city", "报备单位", ("city_code", "name", "id")),
    )
}
DEFAULT_SORT = "name"
PAGE_SIZES = (20, 50, 100)
DEFAULT_PAGE_SIZE = 50


def search_pool(queryset, value: str):
    """The name search on its own, shared by the list and its exports."""
    value = value.strip()
    if not value:
        return queryset
    if value.isascii() and value.isalnum():
        return queryset.filter(credit_code__startswith=value.upper())
    if len(value) < INFIX_MIN_LENGTH:
        return queryset.filter(name__startswith=value)
    return queryset.filter(
        Q(name__icontains=value) | Q(enterprise_name__icontains=value) | Q(credit_code__icontains=value)
    )


class PoolEntryFilterSet(FilterSet):
    # Choices come from constants, not the database, so the filter form costs no query.
    q = django_filters.CharFilter(label="搜索", method="search", help_text=SEARCH_HELP)
    city_code = django_filters.ChoiceFilter(
        label="报备单位", choices=[(code, name) for code, name, _ in REPORTING_UNITS], empty_label="全部"
    )
    industry_section = django_filters.ChoiceFilter(label="行业", choices=IndustrySection.choices, empty_label="全部")
    enterprise_size = django_filters.ChoiceFilter(label="企业规模", choices=EnterpriseSize.choices, empty_label="全部")
    education = django_filters.ChoiceFilter(label="学历", choices=Education.choices, empty_label="全部")
    title_level = django_filters.ChoiceFilter(label="职称", choices=TitleLevel.choices, empty_label="全部")
    eligibility = django_filters.ChoiceFilter(label="任职资格", choices=VerdictStatus.choices, empty_label="全部")
    certificate_year = django_filters.NumberFilter(label="发证年份", min_value=2000, max_value=2100)
    # Read by the view, not applied here: they shape the page, not the set of rows.
    sort = django_filters.ChoiceFilter(
        label="排序",
        choices=[(order.key, order.label) for order in SORT_ORDERS.values()],
        empty_label=None,
        method="keep",
    )
    per_page = django_filters.ChoiceFilter(
        label="每页", choices=[(str(n), f"{n}条") for n in PAGE_SIZES], empty_label=None, method="keep"
    )

    class Meta:
        model = PoolEntry
        fields = [
            "q",
            "city_code",
            "industry_section",
            "enterprise_size",
            "education",
            "title_level",
            "eligibility",
            "certificate_year",
        ]

    def search(self, queryset, name, value):
        return search_pool(queryset, value)

    def keep(self, queryset, name, value):
        return queryset

    @property
    def is_filtered(self) -> bool:
        data = self.form.cleaned_data if self.is_bound and self.is_valid() else {}
        return any(data.get(name) not in (None, "") for name in self.Meta.fields)
