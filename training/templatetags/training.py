"""Template filters of the training pages: `{{ institution|entrustment_state }}`."""

from django import template

from ..selectors import entrustment_state as _entrustment_state

register = template.Library()


@register.filter
def entrustment_state(institution) -> str:
    """The institution's entrustment today in a few words (委托中（至2026-12-31）, 已届满, 已撤销, 未委托)."""
    return _entrustment_state(institution)
