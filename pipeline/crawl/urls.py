"""URL canonicalisation, so one page is one frontier row however it was linked."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that only track the click, never change the page.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
    "igshid", "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id",
    "vero_id", "wickedid", "ref_src", "spm", "_ga", "_gl", "cmpid", "ncid", "ocid",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
DEFAULT_PORTS = {"http": 80, "https": 443}
SCHEMES = ("http", "https")


class BadURL(ValueError):
    """Not an absolute http(s) URL."""


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES)


def canonicalize(url: str, base: str | None = None) -> str:
    """The canonical form of `url` (resolved against `base`).

    Scheme and host lower-cased, default port and fragment dropped, tracking parameters
    (utm_*, fbclid, gclid, ...) removed, remaining query sorted, empty path made '/'.
    Raises BadURL for anything that is not an absolute http(s) URL.
    """
    url = url.strip()
    if base:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as e:
        raise BadURL(f"{url!r}: {e}") from e
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise BadURL(f"{url!r}: only http and https URLs are crawled")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise BadURL(f"{url!r}: no host")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError as e:
        raise BadURL(f"{url!r}: bad host name") from e
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username or parts.password:
        raise BadURL(f"{url!r}: credentials in URLs are not crawled")
    path = re.sub(r"/{2,}", "/", parts.path) or "/"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    )
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def try_canonicalize(url: str, base: str | None = None) -> str | None:
    """canonicalize(), or None for a URL that is not crawlable."""
    try:
        return canonicalize(url, base)
    except BadURL:
        return None


def host_key(url: str) -> str:
    """'scheme://host:port': the unit of politeness and of robots.txt."""
    parts = urlsplit(url)
    port = parts.port or DEFAULT_PORTS.get(parts.scheme, 0)
    return f"{parts.scheme}://{parts.hostname}:{port}"


def site_of(url: str) -> str:
    """The host without a leading 'www.', for same-site link following."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def same_site(a: str, b: str) -> bool:
    return site_of(a) == site_of(b)


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))
