"""The talent pool's filters, sort orders and name search (each served by an index; see migration 0006)."""

from __future__ import annotations

import operator
from functools import reduce

import django_filters
from django.db.models import Q
from django.db.models.functions import Left

from cqo_portal.filters import FilterSet
from cqo_portal.keyset import Part, SortOrder
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
# 王芳华, not 李王芳; enterprises need three characters. Letters alone are a pinyin, initials or credit-code
# prefix (pool migration 0002); letters with digits a credit-code prefix.
INFIX_MIN_LENGTH = 3
SEARCH_HELP = (
    "输入1至2个字时按姓名开头匹配（如“王芳”查到王芳、王芳华，查不到李王芳）；"
    "输入3个字及以上时在姓名、企业名称、统一社会信用代码中按包含匹配（如“精密机械”）；"
    "输入拼音或拼音首字母时按姓名拼音开头匹配（如“wangfang”“wf”查到王芳），也匹配统一社会信用代码开头；"
    "含数字时按统一社会信用代码开头匹配。"
)

# Each column the list sorts by, ascending then descending ("-key"); every order has its index (pool migration
# 0002) and ends in id. Names sort by their pinyin key (pool/pinyin.py), ties by the characters.
SORT_COLUMNS = (
    ("name", "姓名（拼音）", ("name_pinyin", "name", "id")),
    ("city", "报备单位", ("city_code", "name_pinyin", "name", "id")),
    ("credit_code", "统一社会信用代码", ("credit_code", "id")),
    ("eligibility", "任职资格", ("eligibility", "id")),
    ("year", "发证年份", ("certificate_year", "id")),
)
SORT_ORDERS = {
    order.key: order
    for key, label, fields in SORT_COLUMNS
    for order in (
        SortOrder(key, f"{label}升序", fields),
        SortOrder(f"-{key}", f"{label}降序", fields, descending=True),
    )
}
DEFAULT_SORT = "name"
PAGE_SIZES = (20, 50, 100)
DEFAULT_PAGE_SIZE = 50


def search_alternatives(value: str) -> list[Part]:
    """The parts a search is the union of, each an index range or a trigram match of its own, paged one page of
    each (keyset.paginate's `alternatives`): OR-ed in one query the planner walks the name order from 'a' for rows
    that all sit together (under w for `wf`, under 王 for 王建国), assuming they are spread evenly.

    Letters (`wangfang`, `wang fang`, `wf`): the start of the name in pinyin, of its initials (within the names
    of its first letter, which both start with, so that part reads only them in the list's order), or of a credit
    code. Three or more characters: the name, the enterprise name or the credit code containing them; names are
    few and sit together, so they are found first and sorted. Otherwise (a one- or two-character name prefix, a
    credit-code prefix with digits) no parts: one condition."""
    value = value.strip()
    letters = value.replace(" ", "").lower()
    if letters.isascii() and letters.isalpha():
        return [
            Part(Q(name_pinyin__startswith=letters)),
            Part(Q(name_pinyin__startswith=letters[0], name_initials__startswith=letters)),
            Part(Q(credit_code__startswith=letters.upper())),
        ]
    if len(value) >= INFIX_MIN_LENGTH and not (value.isascii() and value.isalnum()):
        return [
            Part(Q(name__icontains=value), sort_matches=True),
            Part(Q(enterprise_name__icontains=value)),
            Part(Q(credit_code__icontains=value)),
        ]
    return []


def search_sorts_matches(value: str) -> bool:
    """A two-character name prefix: its matches are few and sit together in the list's order (王芳 under w), so the
    list finds them first and sorts them (keyset.paginate's `sort_matches`). One character is a surname, whose
    rows can be many (王: 7 in 100): an index holds them in the list's order instead (search_pool)."""
    value = value.strip()
    return len(value) > 1 and not search_alternatives(value) and not (value.isascii() and value.isalnum())


def search_pool(queryset, value: str):
    """The name search on its own, shared by the list and its exports."""
    value = value.strip()
    if not value:
        return queryset
    alternatives = search_alternatives(value)
    if alternatives:
        return queryset.filter(reduce(operator.or_, (part.condition for part in alternatives)))
    if value.isascii() and value.isalnum():
        return queryset.filter(credit_code__startswith=value.upper())
    if len(value) == 1:  # a surname: the index pool_surname_pinyin_id holds its rows in the list's order
        return queryset.alias(surname=Left("name", 1)).filter(surname=value)
    return queryset.filter(name__startswith=value)


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
        initial=DEFAULT_SORT,
    )
    per_page = django_filters.ChoiceFilter(
        label="每页",
        choices=[(str(n), f"{n}条") for n in PAGE_SIZES],
        empty_label=None,
        method="keep",
        initial=str(DEFAULT_PAGE_SIZE),
    )

    unit_filters = ("city_code",)

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

    def __init__(self, data=None, *args, **kwargs):
        # The selectors show what the page does: without ?per_page= / ?sort= a bound form would select no option and
        # the browser would show the first one (20条) while the page holds DEFAULT_PAGE_SIZE rows.
        if data is not None and not (data.get("per_page") and data.get("sort")):
            data = data.copy()
            data["per_page"] = data.get("per_page") or str(DEFAULT_PAGE_SIZE)
            data["sort"] = data.get("sort") or DEFAULT_SORT
        super().__init__(data, *args, **kwargs)

    def search(self, queryset, name, value):
        return search_pool(queryset, value)

    def keep(self, queryset, name, value):
        return queryset

    @property
    def is_filtered(self) -> bool:
        data = self.form.cleaned_data if self.is_bound and self.is_valid() else {}
        return any(data.get(name) not in (None, "") for name in self.Meta.fields)
