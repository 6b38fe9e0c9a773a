"""The address a request came from: the direct peer, or, when that peer is one of the reverse
proxies named in `WINGMAN_TRUSTED_PROXIES`, the address those proxies put in X-Forwarded-For.
One answer for the sign-in lock-out (django-axes), audit rows and staff sessions, so that a
client cannot choose the address it is counted and recorded under."""

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(value: str | None) -> str | None:
    """The value as a normalised IP address, or None if it is not one."""
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    peer = _address(request.META.get("REMOTE_ADDR"))
    networks = _networks(tuple(getattr(settings, "WINGMAN_TRUSTED_PROXIES", ())))
    if peer is None or not networks or not _trusted(peer, networks):
        return peer
    # Each trusted proxy appends the address it received from, so read from the right: the
    # first address that is not one of our proxies is the client. Anything left of it, or a
    # malformed entry, was written by the client and is not believed.
    client = peer
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break
        client = address
        if not _trusted(address, networks):
            break
    return client
