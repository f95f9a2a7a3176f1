"""Crawl settings and sources.toml: one declarative settings table, loaded and validated once.

Every `[crawl]` key is a row of SETTINGS (name, default, type, help); CrawlSettings is built
from it. Each `[[source]]` becomes a Source with an absolute URL. Mistakes are reported as
ConfigError naming the file and, where known, the line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from pipeline.exceptions import ConfigError

DEFAULT_SOURCES = "sources.toml"
DEFAULT_USER_AGENT = (
    "newsfacts/0.1 (+https://github.com/newsfacts/newsfacts; tech-news research crawler)"
)
KINDS = ("feed", "sitemap", "page")


@dataclass(frozen=True)
class Setting:
    """One `[crawl]` key: its name, default, type and what it does."""

    name: str
    default: Any
    type: type
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("base_url", "", str,
            "Relative source URLs resolve against it; --base-url overrides it."),
    Setting("user_agent", DEFAULT_USER_AGENT, str,
            "User-Agent sent with every request, and the agent matched in robots.txt."),
    Setting("concurrency", 8, int, "Simultaneous requests over all hosts."),
    Setting("per_host_concurrency", 2, int, "Simultaneous requests to one host."),
    Setting("per_host_delay", 1.0, float,
            "Seconds between request starts to one host (robots Crawl-delay wins if larger)."),
    Setting("timeout", 15.0, float, "Connect and read timeout, seconds."),
    Setting("max_bytes", 5_000_000, int,
            "Body cap in bytes, enforced while streaming and after decompression."),
    Setting("allow_private", False, bool,
            "Allow loopback, private, link-local and reserved addresses (demo site, tests)."),
    Setting("private_hosts", [], list,
            "Host names or IPs allowed although private (e.g. ['127.0.0.1'] for a local demo); "
            "every other private address stays refused, redirects included."),
    Setting("max_redirects", 5, int, "Redirect hops followed per request, each checked."),
    Setting("retries", 3, int,
            "Extra attempts after a connect error, connection reset, 429 or 5xx."),
    Setting("backoff", 0.5, float,
            "First retry wait in seconds; doubles per attempt, plus up to 50% jitter."),
    Setting("max_retry_after", 30.0, float,
            "Cap in seconds on a server's Retry-After (and on the backoff wait)."),
    Setting("obey_robots", True, bool,
            "Honour robots.txt rules and Crawl-delay (off only for your own sites)."),
    Setting("extract_workers", 1, int,
            "Processes that extract articles from fetched pages beside the crawl "
            "(about 150 MB each); 0 runs extraction in one thread of the crawl process."),
)
_SETTINGS = {s.name: s for s in SETTINGS}


@dataclass
class CrawlSettings:
    """The `[crawl]` table with defaults filled in (fields mirror SETTINGS)."""

    base_url: str = ""
    user_agent: str = DEFAULT_USER_AGENT
    concurrency: int = 8
    per_host_concurrency: int = 2
    per_host_delay: float = 1.0
    timeout: float = 15.0
    max_bytes: int = 5_000_000
    allow_private: bool = False
    private_hosts: list[str] = field(default_factory=list)
    max_redirects: int = 5
    retries: int = 3
    backoff: float = 0.5
    max_retry_after: float = 30.0
    obey_robots: bool = True
    extract_workers: int = 1


@dataclass
class Source:
    """One `[[source]]`: where to start and which URLs to keep."""

    name: str
    kind: str  # feed | sitemap | page
    url: str  # absolute
    lang: str | None = None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    max_depth: int = 2

    def __post_init__(self) -> None:
        self._include = [re.compile(p) for p in self.include]
        self._exclude = [re.compile(p) for p in self.exclude]

    def filter_reason(self, url: str) -> str | None:
        """None when `url` passes include/exclude, else 'include' or 'exclude'."""
        if self._include and not any(p.search(url) for p in self._include):
            return "include"
        if any(p.search(url) for p in self._exclude):
            return "exclude"
        return None

    def config_json(self) -> dict[str, Any]:
        return {"include": self.include, "exclude": self.exclude, "max_depth": self.max_depth}


@dataclass
class Config:
    """A loaded sources.toml."""

    crawl: CrawlSettings
    sources: list[Source]
    path: Path | None = None

    def source(self, name: str) -> Source:
        for s in self.sources:
            if s.name == name:
                return s
        names = ", ".join(s.name for s in self.sources) or "none"
        raise ConfigError(f"{self.path}: no source named {name!r} (sources: {names})")


SOURCE_KEYS = {
    "name": "Unique name of the source.",
    "kind": "feed | sitemap | page (a sitemap URL ending in /robots.txt reads its Sitemap: lines).",
    "url": "Start URL: absolute, or relative to base_url.",
    "lang": "Optional language hint (ISO 639-1).",
    "include": "Regular expressions (re.search on the absolute URL); a URL must match one.",
    "exclude": "Regular expressions; a URL matching any is skipped.",
    "max_depth": "For kind = page: link-following depth from the start page (same site only).",
}


def _where(text: str, key: str, value: str | None = None) -> str:
    """':LINE' of the first `key = ...` line (with `value` when given), for messages."""
    pattern = rf"^\s*{re.escape(key)}\s*="
    if value is not None:
        pattern += rf"\s*[\"']{re.escape(value)}[\"']"
    for i, line in enumerate(text.splitlines(), 1):
        if re.match(pattern, line):
            return f":{i}"
    return ""


def _where_nth(text: str, name: str) -> str:
    """':LINE' of the last `name = "..."` line: where a duplicate is."""
    lines = [i for i, line in enumerate(text.splitlines(), 1)
             if re.match(rf"^\s*name\s*=\s*[\"']{re.escape(name)}[\"']", line)]
    return f":{lines[-1]}" if lines else ""


def _coerce(setting: Setting, value: Any, where: str) -> Any:
    t = setting.type
    ok = (
        (t is bool and isinstance(value, bool))
        or (t is int and isinstance(value, int) and not isinstance(value, bool))
        or (t is float and isinstance(value, int | float) and not isinstance(value, bool))
        or (t is str and isinstance(value, str))
        or (t is list and isinstance(value, list) and all(isinstance(v, str) for v in value))
    )
    if not ok:
        wanted = "a list of strings" if t is list else t.__name__
        raise ConfigError(f"{where}: [crawl] {setting.name} must be {wanted}, got {value!r}")
    if t in (int, float) and value < 0:
        raise ConfigError(f"{where}: [crawl] {setting.name} must not be negative")
    if setting.name in ("concurrency", "per_host_concurrency", "max_bytes") and value < 1:
        raise ConfigError(f"{where}: [crawl] {setting.name} must be at least 1")
    return [v.lower() for v in value] if t is list else t(value)


def check_url(url: str, where: str, base_url: str = "") -> str:
    """Resolve `url` against `base_url`; return it when it is an absolute http(s) URL."""
    if base_url:
        url = urljoin(base_url, url)
    parts = urlsplit(url)
    if not parts.scheme:
        hint = " (relative URL: set [crawl] base_url or pass --base-url)" if not base_url else ""
        raise ConfigError(f"{where}: {url!r} is not an absolute URL{hint}")
    if parts.scheme not in ("http", "https"):
        raise ConfigError(f"{where}: {url!r}: only http and https URLs are crawled")
    if not parts.hostname:
        raise ConfigError(f"{where}: {url!r} has no host")
    return url


def _settings(table: Any, path: Path, text: str) -> CrawlSettings:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [crawl] must be a table")
    values: dict[str, Any] = {}
    for key, value in table.items():
        where = f"{path}{_where(text, key)}"
        if key not in _SETTINGS:
            known = ", ".join(sorted(_SETTINGS))
            raise ConfigError(f"{where}: unknown [crawl] key {key!r} (known: {known})")
        values[key] = _coerce(_SETTINGS[key], value, where)
    return CrawlSettings(**values)


def _strings(value: Any, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {key} must be a list of regular expressions")
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as e:
            raise ConfigError(f"{where}: {key}: bad regular expression {pattern!r}: {e}") from e
    return list(value)


def _source(item: Any, i: int, path: Path, text: str, base_url: str) -> Source:
    if not isinstance(item, dict):
        raise ConfigError(f"{path}: [[source]] #{i} must be a table")
    name = item.get("name")
    where = f"{path}{_where(text, 'name', name) if isinstance(name, str) else ''}"
    label = f"source {name!r}" if name else f"[[source]] #{i}"
    for key in item:
        if key not in SOURCE_KEYS:
            known = ", ".join(SOURCE_KEYS)
            raise ConfigError(f"{where}: {label}: unknown key {key!r} (known: {known})")
    for key in ("name", "kind", "url"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise ConfigError(f"{where}: {label}: {key} is required (a non-empty string)")
    if item["kind"] not in KINDS:
        raise ConfigError(
            f"{where}: {label}: kind {item['kind']!r} is not one of {', '.join(KINDS)}"
        )
    lang = item.get("lang")
    if lang is not None and (not isinstance(lang, str) or not re.fullmatch(r"[a-z]{2,3}", lang)):
        raise ConfigError(f"{where}: {label}: lang must be an ISO 639-1 code like 'en'")
    depth = item.get("max_depth", 2)
    if not isinstance(depth, int) or isinstance(depth, bool) or depth < 0:
        raise ConfigError(f"{where}: {label}: max_depth must be a non-negative integer")
    return Source(
        name=item["name"],
        kind=item["kind"],
        url=check_url(item["url"], f"{where}: {label}", base_url),
        lang=lang,
        include=_strings(item.get("include", []), "include", f"{where}: {label}"),
        exclude=_strings(item.get("exclude", []), "exclude", f"{where}: {label}"),
        max_depth=depth,
    )


def load_config(path: str | Path, base_url: str | None = None) -> Config:
    """Read and validate a sources.toml; `base_url` overrides `[crawl] base_url`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise ConfigError(f"{path}: no such sources file") from e
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read: {e}") from e
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from e
    for key in data:
        if key not in ("crawl", "source"):
            raise ConfigError(
                f"{path}{_where(text, key)}: unknown top-level key {key!r} "
                "(expected [crawl] and [[source]])"
            )
    crawl = _settings(data.get("crawl", {}), path, text)
    if base_url is not None:
        crawl.base_url = base_url
    if crawl.base_url:
        crawl.base_url = check_url(crawl.base_url, f"{path}: base_url")
    items = data.get("source", [])
    if not isinstance(items, list):
        raise ConfigError(f"{path}: sources must be written as [[source]] tables")
    sources: list[Source] = []
    seen: set[str] = set()
    for i, item in enumerate(items, 1):
        src = _source(item, i, path, text, crawl.base_url)
        if src.name in seen:
            raise ConfigError(
                f"{path}{_where_nth(text, src.name)}: duplicate source name {src.name!r}"
            )
        seen.add(src.name)
        sources.append(src)
    return Config(crawl=crawl, sources=sources, path=path)


def settings_doc() -> str:
    """The settings table as Markdown, for docs and `--help`."""
    rows = ["| key | default | help |", "| --- | --- | --- |"]
    rows += [f"| {s.name} | {s.default!r} | {s.help} |" for s in SETTINGS]
    return "\n".join(rows)


def setting_names() -> list[str]:
    """Names of the CrawlSettings fields (a test checks they match SETTINGS)."""
    return [f.name for f in fields(CrawlSettings)]
