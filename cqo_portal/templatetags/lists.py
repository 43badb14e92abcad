"""`{% sort_th "name" "姓名" %}`: a list's column header that sorts by it, for every list (cqo_portal/sorting.py).

The link keeps the filters and page size, drops the page and cursors (a new order starts at its first page), and
flips the direction when the column is already the sort; the header says which way with ▲/▼ and aria-sort.
"""

from django import template
from django.utils.html import format_html

from cqo_portal.labels import label

register = template.Library()

# Position and output keys that belong to one order, not to the list the user asked for.
DROPPED_KEYS = ("page", "after", "before", "export", "sort")


@register.simple_tag(takes_context=True)
def sort_th(context, key: str, label: str, css: str = ""):
    current = context.get("sort") or ""
    ascending_now, descending_now = current == key, current == f"-{key}"
    query = context["request"].GET.copy()
    for name in DROPPED_KEYS:
        query.pop(name, None)
    query["sort"] = f"-{key}" if ascending_now else key
    if ascending_now:
        aria, arrow, hint = "ascending", " ▲", "，当前升序，点击改为降序"
    elif descending_now:
        aria, arrow, hint = "descending", " ▼", "，当前降序，点击改为升序"
    else:
        aria, arrow, hint = "none", "", "，点击按此列排序"
    return format_html(
        '<th scope="col" class="{}" aria-sort="{}"><a class="link-dark text-decoration-none text-nowrap" '
        'href="?{}" title="按{}排序{}" data-sort="{}">{}{}</a></th>',
        css,
        aria,
        query.urlencode(),
        label,
        hint,
        key,
        label,
        arrow,
    )


@register.filter
def choice_label(obj, field_name: str):
    """`{{ finding|choice_label:"item" }}`: as `get_item_display`, from a dict built once (cqo_portal/labels.py)."""
    return label(obj, field_name)
