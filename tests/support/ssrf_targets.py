"""SSRF targets: URLs a tenant may not make the platform call (callbacks, ``http.call``,
Slack webhooks, LLM base URLs). Literal addresses and blocked names are refused at submit
time; names are refused when they resolve (at call time)."""

from __future__ import annotations

import socket

REFUSED_AT_SUBMIT = [
    # loopback, spelled every way resolvers accept (127.0.0.1 itself is the local allow-list)
    "http://127.0.0.2/",
    "http://127.1/",
    "http://0x7f000001/",
    "http://0x7f.0.0.1/",
    "http://2130706433/",
    "http://017700000001/",
    "http://0/",
    "http://0.0.0.0/",
    "http://localhost/",
    "http://LOCALHOST./",
    "http://app.localhost/",
    # private, shared, link-local (cloud metadata), reserved, multicast, broadcast
    "http://10.1.2.3/hook",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://100.100.100.200/latest/meta-data/",
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://198.18.0.1/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://instance-data/",
    "http://service.internal/",
    "http://printer.local/",
    # IPv6: loopback, unspecified, mapped and 6to4 IPv4, unique-local, link-local, metadata
    "http://[::1]:8080/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[0:0:0:0:0:ffff:a9fe:a9fe]/",
    "http://[2002:7f00:1::]/",
    "http://[fd00::1]/",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "http://[fe80::1]/",
    # not http(s), or with credentials
    "ftp://example.com/file",
    "file:///etc/passwd",
    "gopher://127.0.0.1:6379/_FLUSHALL",
    "dict://127.0.0.1:6379/info",
    "http://user:secret@example.com/",
    "http:///nohost",
]


def names_resolving_inward() -> list[str]:
    """Host names of this machine that resolve to a loopback or private address."""
    names = {socket.gethostname(), "vm", "runsc", "ip6-localhost"}
    inward = []
    for name in sorted(names):
        try:
            addresses = {str(info[4][0]) for info in socket.getaddrinfo(name, 80)}
        except OSError:
            continue
        if addresses and all(not _public(a) for a in addresses):
            inward.append(name)
    return inward


def _public(address: str) -> bool:
    import ipaddress

    return ipaddress.ip_address(address.split("%")[0]).is_global


def sql_source_urls(inward_names: list[str]) -> list[str]:
    """Database URLs a tenant's SQL source may not reach: inward names and addresses, and
    driver options that would connect elsewhere than the host that was checked."""
    return [
        *(f"postgresql://postgres@{name}:5432/postgres" for name in inward_names),
        "postgresql://postgres@10.0.0.5:5432/db",
        "postgresql://postgres@169.254.169.254/db",
        "postgresql://postgres@localhost/db",
        "postgresql://postgres@[::1]:5432/db",
        "postgresql://postgres@example.com/db?hostaddr=127.0.0.1",
        "postgresql://postgres@example.com/db?host=/var/run/postgresql",
        "postgresql://postgres@example.com/db?service=internal",
        "postgresql://postgres@example.com,10.0.0.5/db",
        "postgresql:///db?host=/var/run/postgresql",
        "postgresql://postgres@db.invalid/db",
    ]
