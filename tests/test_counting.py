"""cqo_portal.counting.count_each: the numbers of queryset.count(), several in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cqo_portal.counting import count_each
from registry.models import Enterprise, Person

pytestmark = pytest.mark.django_db


def test_each_count_is_its_querysets_own_and_they_cost_one_query(world):
    querysets = {
        "all": Enterprise.objects.all(),
        "fuzhou": Enterprise.objects.filter(city=world.fuzhou),
        "cities": Enterprise.objects.values("city_id").distinct(),
        "named": Person.objects.filter(name__contains="林%'\""),  # parameters stay parameters
        "nothing": Enterprise.objects.none(),
    }
    expected = {name: queryset.count() for name, queryset in querysets.items()}
    assert expected["all"] > expected["fuzhou"] > 0 and expected["cities"] == 2
    with CaptureQueriesContext(connection) as captured:
        got = count_each(**querysets)
    assert got == expected
    assert len(captured.captured_queries) == 1
    assert count_each() == {}
