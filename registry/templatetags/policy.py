"""`{% if user|can:"finding.record" %}`: buttons and links ask the same policy table as the views they open."""

from django import template

from registry.permissions import can as _can

register = template.Library()


@register.filter
def can(user, action: str) -> bool:
    return _can(user, action)
