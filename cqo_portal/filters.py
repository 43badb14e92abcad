"""The one FilterSet every list page's filters derive from: a reversed date range is told, not answered empty."""

from __future__ import annotations

import functools

import django_filters
from django import forms

from registry.permissions import CITY, role_of


class DateRangeCheckedForm(forms.Form):
    """A filter form refusing, above the list, a (start, end) pair of `date_ranges` where the start is later."""

    date_ranges: tuple[tuple[str, str], ...] = ()

    def clean(self):
        cleaned = super().clean()
        for start, end in self.date_ranges:
            since, until = cleaned.get(start), cleaned.get(end)
            if since and until and since > until:
                starts, ends = self.fields[start].label, self.fields[end].label
                raise forms.ValidationError(
                    f"{starts}晚于{ends}（{since:%Y-%m-%d}在{until:%Y-%m-%d}之后），请调换或修改后再查询。",
                    code="reversed_range",
                )
        return cleaned


class FilterSet(django_filters.FilterSet):
    """A list page's FilterSet. Its date ranges are found, not declared: two DateFilters on one field, a `…gte`
    and a `…lte`. An invalid form empties the list (ScopedListView); the form's message says why.

    `unit_filters` names the filters that choose a reporting unit (报备单位): a city bureau's user is offered only
    their own unit there, provincial staff all ten."""

    unit_filters: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None and role_of(user) == CITY and user.city_id is not None:
            for name in self.unit_filters:
                if name in self.filters:
                    only_own_unit(self.filters[name], user)

    @classmethod
    def date_ranges(cls) -> tuple[tuple[str, str], ...]:
        starts, ends = {}, {}
        for name, filter_ in cls.base_filters.items():
            if isinstance(filter_, django_filters.DateFilter):
                if filter_.lookup_expr.endswith("gte"):
                    starts[filter_.field_name] = name
                elif filter_.lookup_expr.endswith("lte"):
                    ends[filter_.field_name] = name
        return tuple((starts[field], ends[field]) for field in starts if field in ends)

    @property
    def form(self):
        form = super().form
        for name in self.unit_filters:
            field = form.fields.get(name)
            if isinstance(field, forms.ModelChoiceField) and not isinstance(field.iterator, functools.partial):
                field.iterator = functools.partial(UnitChoiceIterator, own=self._own_unit())
                field.widget.choices = field.choices
        return form

    def _own_unit(self) -> int | None:
        user = getattr(self.request, "user", None)
        if user is not None and role_of(user) == CITY and user.city_id is not None:
            return user.city_id
        return None

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (DateRangeCheckedForm, form_class), {"date_ranges": self.date_ranges()})


@functools.cache
def unit_choices(model) -> tuple[tuple[int, str], ...]:
    """The reporting units (ten rows seeded by a migration, never edited on the site), read once per process so
    a list's filter form costs no query."""
    return tuple((obj.pk, str(obj)) for obj in model._default_manager.all())


class UnitChoiceIterator(forms.models.ModelChoiceIterator):
    """A reporting-unit select's options from `unit_choices` instead of a query per render; `own` narrows them to
    a city bureau's own unit, as `only_own_unit` narrows the queryset that validates the choice."""

    def __init__(self, field, own: int | None = None):
        super().__init__(field)
        self.own = own

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, label in unit_choices(self.queryset.model):
            if self.own is None or pk == self.own:
                yield (forms.models.ModelChoiceIteratorValue(pk, None), label)

    def __len__(self):
        return len(list(iter(self)))


def only_own_unit(filter_, user) -> None:
    """Narrow a reporting-unit filter to the user's own unit: a City choice by its row, a code choice by its code."""
    if isinstance(filter_, django_filters.ModelChoiceFilter):
        filter_.queryset = filter_.queryset.filter(pk=user.city_id)
    else:
        filter_.extra["choices"] = [(user.city.code, user.city.name)]
