"""Keep downloads away from the user's own network (SSRF guard).

A cited URL is untrusted input: ``http://169.254.169.254/`` or a public name that resolves to
``10.0.0.1`` must not make claimcheck talk to a cloud metadata service or an intranet box. Every
host is resolved with :func:`socket.getaddrinfo` and refused when *any* of its addresses is not a
public one. The check runs twice: :func:`check_host` before each request (first hop and every
redirect), and again at connect time on the very addresses then connected to
(:mod:`.connection`), so a DNS answer that changes between the two (DNS rebinding) is
caught as well.

Limitation: requests sent through a proxy (``HTTPS_PROXY`` and friends) are resolved by the
proxy, so only the first check applies to them, and it sees our resolver's answer, not the
proxy's.
"""

from __future__ import annotations

import ipaddress
import socket

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# NAT64 (RFC 6052) embeds an IPv4 address in the last 32 bits
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class BlockedAddressError(Exception):
    """A host resolved to an address we refuse to connect to.

    Deliberately not an OSError: urllib3 and requests would wrap it into a generic connection
    error and we want it to reach the fetcher unchanged.
    """

    def __init__(self, host: str, address: str) -> None:
        kind = describe(address)
        where = address if host.strip("[]") == address else f"{host} resolves to {address},"
        super().__init__(f"{where} a {kind} address")
        self.host = host
        self.address = address


def describe(address: str) -> str:
    """What kind of non-public address this is, in words."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "malformed"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return "IPv4-mapped " + describe(str(ip.ipv4_mapped))
    for kind in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    return "non-public"


def is_public_address(ip: IPAddress) -> bool:
    """True for an address on the public internet; False for loopback, private, link-local,
    multicast, reserved, unspecified, shared (100.64/10) and IPv6 wrappers of those."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is None and ip.teredo is not None:
            embedded = ip.teredo[1]
        if embedded is not None:
            return is_public_address(embedded)
        if ip.is_site_local:
            return False
    bad = (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )
    return not bad and ip.is_global


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (strings, scope ids removed); raises socket.gaierror."""
    infos = socket.getaddrinfo(host.strip("[]"), port, 0, socket.SOCK_STREAM)
    addresses = [str(info[4][0]).split("%", 1)[0] for info in infos]
    return list(dict.fromkeys(addresses))


def first_blocked(addresses: list[str]) -> str | None:
    for address in addresses:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return address  # not an IP at all: nothing we can vouch for
        if not is_public_address(ip):
            return address
    return None


def check_host(host: str, port: int) -> list[str]:
    """Resolve ``host`` and return its addresses, or raise BlockedAddressError.

    Raises socket.gaierror (or UnicodeError for a malformed name) when it does not resolve.
    """
    addresses = resolve(host, port)
    if not addresses:
        raise socket.gaierror(socket.EAI_NONAME, f"{host} has no address")
    blocked = first_blocked(addresses)
    if blocked is not None:
        raise BlockedAddressError(host, blocked)
    return addresses
