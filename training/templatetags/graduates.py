"""The cohort page's graduates section: its counts, its latest imports and whether the user may import."""

from __future__ import annotations

from django import template
from django.db.models import Count, Q

from registry.permissions import can

from ..models import GraduateImport

register = template.Library()

RECENT_IMPORTS = 5


@register.simple_tag(takes_context=True)
def cohort_graduates(context, cohort) -> dict:
    user = context["request"].user
    counts = cohort.graduates.aggregate(total=Count("id"), passed=Count("id", filter=Q(passed=True)))
    return {
        "total": counts["total"],
        "passed": counts["passed"],
        "failed": counts["total"] - counts["passed"],
        "imports": GraduateImport.objects.visible_to(user).filter(cohort=cohort)[:RECENT_IMPORTS],
        "can_import": can(user, "graduate.import", cohort),
    }
