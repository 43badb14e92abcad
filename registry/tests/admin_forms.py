"""What a Django admin change form posts back when the user changes nothing, for tests to alter and post."""

from __future__ import annotations

import datetime


def _posted(value) -> str | None:
    """A field's value as the browser would send it; None when an unticked checkbox sends nothing."""
    if value is None:
        return ""
    if value is True:
        return "on"
    if value is False:
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def admin_form_data(response) -> dict[str, str]:
    """The values of every input on the admin page in `response`: the main form, each inline's management form
    and its rows (read-only fields have no input and so are not posted)."""
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets") or []:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            bound = form[name]
            value = _posted(bound.value())
            if value is not None:
                data[bound.html_name] = value
    return data
