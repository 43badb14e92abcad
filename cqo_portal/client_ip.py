"""The one reading of a request's client address: X-Forwarded-For is believed only from a trusted proxy."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The address of whoever sent the request.

    REMOTE_ADDR, unless it is one of settings.TRUSTED_PROXIES: then the right-most address in
    X-Forwarded-For that is not itself a trusted proxy (the left-hand part is written by the
    client and may be forged). A header holding nothing usable falls back to REMOTE_ADDR.
    """
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    trusted = {_valid(proxy) for proxy in settings.TRUSTED_PROXIES} - {None}
    if remote is None or remote not in trusted:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") or ""
    for hop in reversed(forwarded.split(",")):
        address = _valid(hop)
        if address is None:
            # A hop our own proxy did not write cleanly: nothing to its left can be trusted.
            break
        if address not in trusted:
            return address
    return remote
