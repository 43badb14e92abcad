"""Choice labels from the per-process dicts (cqo_portal/labels.py) say what get_FOO_display says."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from cqo_portal.labels import label
from pool.models import PoolEntry
from registry.models import AccessLog, Appointment, Finding

CASES = [
    (PoolEntry, "education"),
    (PoolEntry, "title_level"),
    (PoolEntry, "eligibility"),
    (PoolEntry, "enterprise_size"),
    (PoolEntry, "industry_section"),
    (Finding, "item"),
    (AccessLog, "action"),
    (Appointment, "verdict_status"),
]


@pytest.mark.parametrize(("model", "field"), CASES)
def test_every_choice_gets_the_label_get_display_gives(model, field):
    """Each stored value, an unknown value and an empty one read the same as Django's get_FOO_display."""
    values = [value for value, _ in model._meta.get_field(field).flatchoices] + ["no-such-value", ""]
    for value in values:
        obj = model(**{field: value})
        assert label(obj, field) == getattr(obj, f"get_{field}_display")(), (field, value)


def test_the_template_filter_gives_the_label():
    entry = PoolEntry(education="master")
    rendered = Template('{% load lists %}{{ entry|choice_label:"education" }}').render(Context({"entry": entry}))
    assert rendered == entry.get_education_display() == "硕士研究生"
