"""`{% error_summary form person_form periods %}`: every error of a long form listed at its top, each linking its field."""

from __future__ import annotations

from django import forms, template

register = template.Library()


def _form_errors(form, row: str = "") -> list[dict]:
    items = [{"anchor": "", "label": row, "message": message} for message in form.non_field_errors()]
    for bound in form:
        for message in bound.errors:
            items.append({"anchor": bound.auto_id or "", "label": f"{row}{bound.label}", "message": message})
    return items


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms_and_formsets) -> dict:
    """The errors of the given forms and formsets in page order; a formset's rows are numbered as the clerk sees
    them ("第2行"). Renders nothing when there is none."""
    items = []
    for part in forms_and_formsets:
        if isinstance(part, forms.BaseFormSet):
            items += [{"anchor": "", "label": "", "message": message} for message in part.non_form_errors()]
            for number, row in enumerate(part.forms, start=1):
                items += _form_errors(row, row=f"第{number}行")
        elif isinstance(part, forms.BaseForm):
            items += _form_errors(part)
    return {"errors": items}
