"""The health task runs on a real Celery worker through the real Redis broker."""

import os
import uuid

import pytest

from cqo_portal.celery import app, health

REDIS_URL = os.environ.get("REDIS_URL")


def test_health_task_runs_eagerly_without_redis(db):
    """With no broker (make run's default) tasks run in-process and still work."""
    assert health.delay(token="eager").get(timeout=5) == {"token": "eager", "database": True}


@pytest.mark.redis
@pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set: no real broker to test against (CI sets it)")
@pytest.mark.django_db(transaction=True)
def test_health_task_round_trip_through_redis_worker():
    """A message queued on Redis is picked up by a worker thread and its result comes back."""
    from celery.contrib.testing.worker import start_worker

    assert app.conf.broker_url.startswith("redis://")
    app.conf.task_always_eager = False
    token = uuid.uuid4().hex
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = health.delay(token=token)
        assert result.get(timeout=30) == {"token": token, "database": True}
    assert result.backend.__class__.__name__ == "RedisBackend"
