"""Filters of the Article 15 lists: experience exchanges and commendations."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from cqo_portal.filters import FilterSet

from ..models import City, Commendation, CommendationLevel, ExchangeParticipant, ExperienceExchange


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField  # a year is whole: 2024.5 is told, not looked up


class ExchangeFilterSet(FilterSet):
    q = django_filters.CharFilter(label="活动名称、主办单位或地点", method="filter_text")
    year = YearFilter(label="年度", field_name="held_on", lookup_expr="year", min_value=1900, max_value=2199)
    city = django_filters.ModelChoiceFilter(
        label="报备单位",
        queryset=City.objects.all(),
        empty_label="全部",
        method="filter_city",
        help_text="有该单位企业人员参加的活动",
    )
    person = django_filters.CharFilter(label="参加人员姓名", method="filter_person")

    unit_filters = ("city",)

    class Meta:
        model = ExperienceExchange
        fields = ["q", "year", "city", "person"]

    def filter_text(self, queryset, name, value):
        value = value.strip()[:100]
        return queryset.filter(Q(title__icontains=value) | Q(organiser__icontains=value) | Q(place__icontains=value))

    def filter_city(self, queryset, name, value):
        rows = ExchangeParticipant.objects.filter(exchange=OuterRef("pk"), person__enterprise__city=value)
        return queryset.filter(Exists(rows))

    def filter_person(self, queryset, name, value):
        rows = ExchangeParticipant.objects.filter(exchange=OuterRef("pk"), person__name__icontains=value.strip()[:50])
        return queryset.filter(Exists(rows))


class CommendationFilterSet(FilterSet):
    q = django_filters.CharFilter(label="姓名、荣誉名称或授予单位", method="filter_text")
    level = django_filters.ChoiceFilter(label="表彰级别", choices=CommendationLevel.choices, empty_label="全部")
    year = YearFilter(label="年度", field_name="year", min_value=1900, max_value=2199)
    city = django_filters.ModelChoiceFilter(
        label="报备单位", queryset=City.objects.all(), empty_label="全部", field_name="person__enterprise__city"
    )

    unit_filters = ("city",)

    class Meta:
        model = Commendation
        fields = ["q", "level", "year", "city"]

    def filter_text(self, queryset, name, value):
        value = value.strip()[:100]
        return queryset.filter(
            Q(person__name__icontains=value) | Q(title__icontains=value) | Q(awarded_by__icontains=value)
        )
