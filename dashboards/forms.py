"""The statistics filters (报备单位, 行业门类, 企业规模, 统计期间), shared by the page and the API so both accept and
refuse the same input with the same Chinese messages."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from registry.models import EnterpriseSize, IndustrySection

from .selectors.statistics import (
    Statistics,
    current_period,
    parse_period,
    period_choices,
    statistics_units,
    unit_statistics,
)


class StatisticsForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="报备单位",
        queryset=None,
        required=False,
        empty_label="全部",
        to_field_name="code",
        error_messages={"invalid_choice": "没有这个报备单位，或不在您的查看范围内：请从列表中选择。"},
    )
    industry_section = forms.ChoiceField(
        label="行业门类",
        choices=[("", "全部"), *IndustrySection.choices],
        required=False,
        error_messages={"invalid_choice": "没有这个行业门类：请从列表中选择（GB/T 4754-2017 门类字母 A–T）。"},
    )
    size = forms.ChoiceField(
        label="企业规模",
        choices=[("", "全部"), *EnterpriseSize.choices],
        required=False,
        error_messages={"invalid_choice": "没有这个企业规模：请从列表中选择。"},
    )
    period = forms.ChoiceField(
        label="统计期间",
        required=False,
        error_messages={
            "invalid_choice": "没有统计期间“%(value)s”：请从列表中选择2014年以来已开始的年度、半年或季度"
            "（接口写作 2026、2026-H1、2026-Q3）。"
        },
    )

    def __init__(self, data=None, *, user, today: datetime.date | None = None):
        self.today = today or timezone.localdate()
        if data is not None and not data.get("period"):
            data = data.copy()  # no period chosen: the current quarter, shown selected
            data["period"] = current_period(self.today).code
        super().__init__(data)
        self.fields["unit"].queryset = statistics_units(user)
        self.fields["period"].choices = [(p.code, p.label) for p in period_choices(self.today)]
        self.fields["period"].initial = current_period(self.today).code

    def clean_period(self):
        code = self.cleaned_data["period"]
        return parse_period(code, self.today) if code else current_period(self.today)

    def statistics(self, user) -> Statistics:
        """The table this valid form asks for: the page, its exports and the API all come through here."""
        data = self.cleaned_data
        return unit_statistics(
            user, period=data["period"], unit=data["unit"], industry_section=data["industry_section"], size=data["size"]
        )
