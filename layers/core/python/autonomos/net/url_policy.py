"""SSRF guard for callback and ``http.call`` URLs.

Only ``http``/``https``; no credentials in the URL; the host must not be, or resolve to, a
loopback, private, link-local (cloud metadata included), shared, multicast, reserved or
unspecified address — unless it is on an allow-list (the tenant's, or the deployment's
development list). Checked at submit time (literal addresses) and again right before each
request (after DNS resolution), so a name that later resolves inward is still refused.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Collection
from dataclasses import dataclass
from urllib.parse import urlsplit

from autonomos.errors import ValidationFailed

BLOCKED_NAMES = {"localhost", "metadata.google.internal", "metadata", "instance-data"}

Resolver = Callable[[str, int], list[str]]


class UrlRefused(ValidationFailed):
    """The URL may not be called (400 at submit time; a terminal error at call time)."""

    code = "url_refused"


def _system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    return [str(info[4][0]) for info in infos]


def is_public(address: str) -> bool:
    """Whether ``address`` is a globally routable unicast address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if isinstance(ip, ipaddress.IPv6Address) and ip.sixtofour is not None:
        return is_public(str(ip.sixtofour))
    return ip.is_global and not ip.is_multicast


@dataclass(frozen=True)
class CheckedUrl:
    url: str
    scheme: str
    host: str
    port: int
    allow_listed: bool


class UrlPolicy:
    """Decides whether a URL may be called; ``allow_hosts`` bypass the address rules."""

    def __init__(self, allow_hosts: Collection[str] = (), resolver: Resolver | None = None):
        self._allow = {h.strip().lower().rstrip(".") for h in allow_hosts if h.strip()}
        self._resolve = resolver or _system_resolver

    def check(self, url: str, field: str = "url") -> CheckedUrl:
        """Static checks (scheme, credentials, literal addresses, blocked names)."""
        try:
            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise UrlRefused("malformed URL", [{"field": field}]) from exc
        host = (parts.hostname or "").lower().rstrip(".")
        if parts.scheme not in ("http", "https") or not host:
            raise UrlRefused("only http(s) URLs with a host are allowed", [{"field": field}])
        if parts.username or parts.password:
            raise UrlRefused("credentials in URLs are not allowed", [{"field": field}])
        allowed = host in self._allow
        if not allowed:
            if host in BLOCKED_NAMES or host.endswith((".localhost", ".internal", ".local")):
                raise UrlRefused(f"host {host!r} is not allowed", [{"field": field}])
            try:
                literal = ipaddress.ip_address(host.strip("[]"))
            except ValueError:
                literal = None
            if literal is not None and not is_public(str(literal)):
                raise UrlRefused(f"address {host} is not public", [{"field": field}])
            if literal is None and _numeric_host(host):
                raise UrlRefused(f"host {host!r} is not allowed", [{"field": field}])
        return CheckedUrl(url, parts.scheme, host, port, allowed)

    def check_resolved(self, url: str, field: str = "url") -> CheckedUrl:
        """Static checks, then every address the host resolves to must be public."""
        checked = self.check(url, field)
        if checked.allow_listed:
            return checked
        try:
            addresses = self._resolve(checked.host.strip("[]"), checked.port)
        except OSError as exc:
            raise UrlRefused(f"cannot resolve {checked.host}", [{"field": field}]) from exc
        if not addresses or not all(is_public(a) for a in addresses):
            raise UrlRefused(f"{checked.host} resolves to a non-public address", [{"field": field}])
        return checked


def _numeric_host(host: str) -> bool:
    """Decimal/octal/hex IPv4 spellings (``2130706433``, ``0x7f.1``) that resolvers accept."""
    return all(part.isdigit() or part.startswith("0x") for part in host.split(".")) and any(
        c.isdigit() for c in host
    )
