"""The Redis cache as Django's, with one client object per connection pool instead of one per call.

Django's RedisCacheClient.get_client builds a new `redis.Redis` for every cache operation; building one copies
redis-py's table of about 170 response callbacks, which cost more than the loopback round trip itself. A signed-in
page makes two or more cache calls (its session, a cached fragment), so the portal keeps each pool's client.
A client is safe to share: it holds no connection of its own, only the pool, which hands out connections and
resets itself in a forked process.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class KeptClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)  # Django keeps every pool it makes, so its id stays its own
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class KeptClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
