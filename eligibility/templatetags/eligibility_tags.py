"""Template tags that show an eligibility verdict the one way (eligibility/present.py).

{% load eligibility_tags %}
{% verdict_card verdict %}                          a rules.Verdict, its stored dict, or None
{% verdict_card verdict title="任职资格（截至今日）" %}
{% verdict_card verdict title="核验结论" show_id=True %}   show the candidate id after the title
<span class="badge {{ status|status_badge }}">…</span>
{{ "5.3"|clause_heading }}  {{ finding.item|finding_heading }}
"""

from django import template

from .. import present, rules

register = template.Library()


@register.inclusion_tag("eligibility/_verdict.html")
def verdict_card(verdict, title=present.DEFAULT_TITLE, show_id=False):
    return {"verdict": present.verdict_context(verdict), "title": title, "show_id": show_id}


@register.filter
def status_badge(status):
    return present.status_badge(status)


@register.filter
def status_label(status):
    return present.status_label(status)


@register.filter
def clause_heading(code):
    """ "5.3" as 第五条第（三）项; anything that is not a clause code is shown as it is."""
    try:
        return rules.clause_heading(code)
    except ValueError:
        return code


@register.filter
def finding_heading(item):
    """A finding's item 1..5 as 第六条第（一）项; anything else is shown as it is."""
    try:
        return rules.finding_heading(item)
    except (TypeError, ValueError):
        return item
