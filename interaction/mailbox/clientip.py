"""The client's IP address, for rate limits and the admin login lockout.

Behind a reverse proxy every request comes from the proxy, and the client's
address is in a header the proxies append to (``X-Forwarded-For``). Anyone can
send that header, so it is believed only from a trusted proxy:

* ``TRUSTED_PROXIES``: the proxies' networks (CIDRs, from the environment);
  empty: nobody is trusted and ``REMOTE_ADDR`` is the client.
* ``CLIENT_IP_HEADER``: the header, e.g. ``X-Forwarded-For`` or ``X-Real-IP``.

When the peer (``REMOTE_ADDR``) is trusted, the header is read from the right
(each proxy appends the address it saw) and the right-most address that is not
a trusted proxy is the client: whatever a client wrote on the left itself is
never reached. Settings are read on every call, so ``override_settings`` works.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

__all__ = ["client_ip", "header_key", "trusted_networks"]


@lru_cache(maxsize=8)
def _networks(values):
    return tuple(ipaddress.ip_network(value, strict=False) for value in values)


def trusted_networks():
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def header_key(name=None):
    """The ``request.META`` key of ``name`` (default ``CLIENT_IP_HEADER``):
    ``X-Forwarded-For`` becomes ``HTTP_X_FORWARDED_FOR``."""
    name = name if name is not None else getattr(settings, "CLIENT_IP_HEADER", "")
    name = name.strip()
    if not name:
        return ""
    key = name.upper().replace("-", "_")
    return key if key.startswith("HTTP_") or key == "REMOTE_ADDR" else f"HTTP_{key}"


def _parse(value):
    """An ``ip_address`` from one header entry (ports and brackets allowed),
    or None when it is not an address."""
    value = value.strip().strip('"')
    if value.startswith("["):  # [2001:db8::1]:443
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # 203.0.113.7:51234
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _trusted(address, networks):
    return any(address in network for network in networks)


def client_ip(request):
    """The address of the client that sent ``request`` (a string), or None
    when the request carries none."""
    remote = _parse(request.META.get("REMOTE_ADDR", "") or "")
    if remote is None:
        return None
    networks = trusted_networks()
    key = header_key()
    if not networks or not key or not _trusted(remote, networks):
        return str(remote)
    entries = [e for e in request.META.get(key, "").split(",") if e.strip()]
    client = remote
    for entry in reversed(entries):
        address = _parse(entry)
        if address is None:
            # Not written by a proxy we trust: stop at the last trusted hop.
            break
        client = address
        if not _trusted(address, networks):
            break
    return str(client)
