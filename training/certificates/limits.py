"""The public verification's limit per client address (settings.VERIFY_LIMITS), counted in the cache.

Every look-up by number and name counts, a right one like a wrong one, so that guessing numbers one after
another runs into the limit within a handful of tries. An IPv6 client is counted by its /64, which one
household or phone usually holds whole. With Redis the count is shared by every worker; without it
(`make run`, one process) it is the process's own.
"""

from __future__ import annotations

import ipaddress
import math
import time

from django.conf import settings
from django.core.cache import cache

REFUSAL = "查询过于频繁：为防止证书编号被逐个猜测，同一网络地址的查询次数有限。请在 {wait} 后再试。"


def _client_key(address: str) -> str:
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def attempt(address: str | None) -> int | None:
    """Count one look-up from `address`: None when it may go ahead, else the seconds until it may try again."""
    if not address or not settings.VERIFY_LIMITS:
        return None
    client = _client_key(address)
    now = time.time()
    wait = 0
    for limit, seconds in settings.VERIFY_LIMITS:
        window = int(now // seconds)
        key = f"verify-limit:{seconds}:{window}:{client}"
        cache.add(key, 0, timeout=seconds + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=seconds + 5)
            count = 1
        if count > limit:
            wait = max(wait, math.ceil((window + 1) * seconds - now))
    return max(wait, 1) if wait else None


def wait_text(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} 秒"
    if seconds < 3600:
        return f"{math.ceil(seconds / 60)} 分钟"
    return f"{math.ceil(seconds / 3600)} 小时"


def refusal(seconds: int) -> str:
    return REFUSAL.format(wait=wait_text(seconds))
