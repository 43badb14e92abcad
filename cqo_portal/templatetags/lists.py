"""`{% sort_th "name" "姓名" %}`: a list's column header that sorts by it, for every list (cqo_portal/sorting.py).

The link keeps the filters and page size, drops the page and cursors (a new order starts at its first page), and
flips the direction when the column is already the sort; the header says which way with ▲/▼ and aria-sort.
"""

import hashlib

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import template
from django.core.cache import caches
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

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


# How long a list's rendered filter fields are kept: the key holds everything the HTML depends on but the markup of
# crispy's and Django's widget templates, which a deployment may change; this bounds that and the memory.
FILTER_FIELDS_SECONDS = 600


@register.simple_tag
def filter_fields(form, css: str = "col-auto"):
    """A list's filter form fields through crispy, each in a `css` column, rendered once per combination of what was
    typed and what the fields offer: widgets render every option through a template, 2.0 ms of the enterprise
    list's page against 0.2 ms for the form itself (measured side by side in one process). The key is the form's
    class, its input (its errors follow from the input and the choices), each field's initial value, and every
    field's choices as they are now (a unit, an institution or an account added or renamed changes them), so a
    cached form is never stale."""
    parts = [type(form).__module__, type(form).__qualname__, form.prefix or ""]
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        typed = form.data.getlist(key) if hasattr(form.data, "getlist") else form.data.get(key)
        initial = form.initial.get(name, field.initial)
        parts.append(
            f"{key}={typed!r}|{initial!r}|{field.label}|{field.help_text}|{field.disabled}|"
            f"{sorted(field.widget.attrs.items())!r}"
        )
        if hasattr(field, "choices"):
            # Read once (a model choice field queries on every pass) and rendered from that same list: a cached
            # and a fresh rendering cost the same queries.
            choices = list(iter(field.choices))  # iter(): list() would ask a model choice field its len(), a COUNT
            field.widget.choices = choices
            parts.append(repr([(str(value), str(label)) for value, label in choices]))
    key = "filter_fields:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    local = caches["local"]  # per process: the key says everything, so nothing needs sharing between workers
    html = local.get(key)
    if html is None:
        html = "".join(f'<div class="{escape(css)}">{as_crispy_field(field)}</div>' for field in form)
        local.set(key, html, FILTER_FIELDS_SECONDS)
    return mark_safe(html)
