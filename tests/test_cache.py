"""The Redis cache keeps one client per connection pool (cqo_portal/cache.py) and still behaves as Django's."""

from __future__ import annotations

import os

import pytest

from cqo_portal.cache import KeptClientRedisCache

REDIS_URL = os.environ.get("REDIS_URL")
pytestmark = pytest.mark.skipif(
    not REDIS_URL, reason="REDIS_URL is not set: no real Redis to test against (CI sets it)"
)


@pytest.fixture
def cache():
    cache = KeptClientRedisCache(REDIS_URL, {"KEY_PREFIX": f"cqo-test-cache-{os.getpid()}"})
    yield cache
    cache.delete("a")  # never clear(): it flushes the whole Redis database


def test_values_round_trip_through_redis_with_one_kept_client(cache):
    cache.set("a", {"未读": 3}, 60)
    assert cache.get("a") == {"未读": 3}
    assert cache.get_many(["a", "missing"]) == {"a": {"未读": 3}}
    cache.delete("a")
    assert cache.get("a", "gone") == "gone"
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client() is client  # one server: reads and writes share its pool, and its client


def test_a_second_server_reads_through_its_own_kept_client(cache):
    replicas = KeptClientRedisCache([REDIS_URL, REDIS_URL], {"KEY_PREFIX": "cqo-test-cache-replica"})
    writer = replicas._cache.get_client(write=True)
    reader = replicas._cache.get_client()
    assert reader is not writer and reader.connection_pool is not writer.connection_pool
    assert replicas._cache.get_client() is reader
    replicas.set("k", "值", 60)
    assert replicas.get("k") == "值"
    replicas.delete("k")
