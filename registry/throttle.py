"""Slows password guessing: failed logins counted per account and address in the shared cache."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(username: str, address: str) -> str:
    raw = f"{(username or '').strip().lower()}|{address or ''}"
    return "login-failures:" + hashlib.sha256(raw.encode()).hexdigest()


def is_locked(username: str, address: str) -> bool:
    return cache.get(_key(username, address), 0) >= settings.LOGIN_FAILURE_LIMIT


def record_failure(username: str, address: str) -> int:
    key = _key(username, address)
    cache.add(key, 0, timeout=settings.LOGIN_LOCKOUT_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)
        count = 1
    # Every failure extends the lock window, so a patient guesser stays slowed.
    cache.touch(key, timeout=settings.LOGIN_LOCKOUT_SECONDS)
    return count


def clear(username: str, address: str) -> None:
    cache.delete(_key(username, address))
