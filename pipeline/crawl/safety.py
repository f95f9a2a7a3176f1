"""No requests to private addresses: checked before each hop and again at connect time.

The pre-check gives a clean 'private_address' error without any connection. The
connect-time guard (a wrapper around httpcore's network backend) resolves the host itself,
refuses non-public addresses and connects to the address it checked, so a DNS answer that
changes between check and connect (DNS rebinding) cannot reach an internal service.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import Any

import anyio
import httpcore
import httpx

PRIVATE_MARK = "private_address"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public(ip: IPAddress) -> bool:
    """False for private, loopback, link-local, reserved, multicast and unspecified."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def literal_ip(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


async def resolve(host: str, port: int) -> list[IPAddress]:
    """All addresses of `host` (the host itself when it is an IP literal)."""
    ip = literal_ip(host)
    if ip is not None:
        return [ip]
    infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to addresses that pass the check."""

    def __init__(self, inner: Any, allowed_hosts: Iterable[str] = ()) -> None:
        self.inner = inner
        self.allowed = {h.lower() for h in allowed_hosts}

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[Any] | None = None) -> Any:
        target = host
        if host.lower() not in self.allowed:
            try:
                addrs = await resolve(host, port)
            except OSError as e:
                raise httpcore.ConnectError(f"cannot resolve {host}: {e}") from e
            bad = [ip for ip in addrs if not is_public(ip)]
            if bad or not addrs:
                raise httpcore.ConnectError(
                    f"{PRIVATE_MARK}: {host} resolves to non-public address {bad[0]}"
                    if bad else f"cannot resolve {host}")
            target = str(addrs[0])
        return await self.inner.connect_tcp(target, port, timeout=timeout,
                                            local_address=local_address,
                                            socket_options=socket_options)

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[Any] | None = None) -> Any:
        raise httpcore.ConnectError(f"{PRIVATE_MARK}: unix sockets are never used")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def guarded_transport(allowed_hosts: Iterable[str] = (),
                      **kwargs: Any) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose connections pass through GuardedBackend."""
    transport = httpx.AsyncHTTPTransport(**kwargs)
    pool = getattr(transport, "_pool", None)
    if pool is None or not hasattr(pool, "_network_backend"):  # pragma: no cover
        raise RuntimeError("this httpx/httpcore version has no network backend to guard")
    pool._network_backend = GuardedBackend(pool._network_backend, allowed_hosts)
    return transport
