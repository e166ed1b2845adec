"""The client's real address, for sign-in throttling, rate limits and the security log.

Behind the documented TLS proxy every request comes from the proxy, so the client is read from
``X-Forwarded-For`` — but only when the request did come from a proxy the deployment trusts
(``settings.TRUSTED_PROXIES``: addresses or networks, e.g. ``10.0.0.5`` or ``10.0.0.0/24``). Then the
client is the right-most address of the header that is not itself a trusted proxy (the left part of
the header is whatever the client chose to send). Without trusted proxies the header is ignored and
``REMOTE_ADDR`` is the client: a client cannot pick its own address.

python-ipware resolves the header but does not check who sent it; the check and the walk are a few
lines of the standard library's ``ipaddress``.
"""
from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().split("%", 1)[0])
    except ValueError:
        return None


def _trusted(address: Any, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request: Any) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not networks or not _trusted(_address(remote), networks):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return remote  # a malformed header: the proxy's own address, never a guess
        if not _trusted(address, networks):
            return str(address)
    return remote
