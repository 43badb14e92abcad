"""Beat schedules only tasks that exist, and the nightly pool rebuild runs through Celery."""

import pytest
from django.conf import settings

from cqo_portal.celery import app
from pool.models import PoolEntry
from pool.tasks import pool_rebuild_task


def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, f"beat entry {name} names an unknown task {entry['task']}"


@pytest.mark.django_db
def test_nightly_pool_rebuild_task_restores_the_pool(world):
    """Even a pool emptied by accident is rebuilt from certificates and appointments by the task."""
    PoolEntry.objects.all().delete()
    members = pool_rebuild_task.delay().get(timeout=10)
    assert members >= 1
    assert PoolEntry.objects.filter(person=world.lin_fang).exists()
