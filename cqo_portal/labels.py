"""A choice field's label from a dict built once per process: `get_FOO_display` rebuilds its dict on every
call, which on a 50-row list is hundreds of dicts a page (14% of the pool page's time at 1M persons)."""

from __future__ import annotations

import functools

from django.db import models


@functools.cache
def labels(model: type[models.Model], field_name: str) -> dict:
    """{stored value: label} for a field with choices."""
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


def label(obj: models.Model, field_name: str):
    """What `obj.get_<field_name>_display()` gives (the value itself when it is not a choice), from the cached dict."""
    value = getattr(obj, field_name)
    return labels(type(obj), field_name).get(value, value)
