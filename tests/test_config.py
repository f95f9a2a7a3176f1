"""sources.toml loading: defaults, base URLs, and a clear error for each kind of mistake."""

from __future__ import annotations

from dataclasses import fields

import pytest

from pipeline.config import (
    SETTINGS,
    SOURCE_KEYS,
    CrawlSettings,
    Source,
    load_config,
    settings_doc,
)
from pipeline.exceptions import ConfigError

GOOD = """
[crawl]
base_url = "http://news.example/"
concurrency = 4
per_host_delay = 0.5
allow_private = true

[[source]]
name = "en-feed"
kind = "feed"
url = "en/feed.xml"
lang = "en"
include = ["/en/"]
exclude = ["/tag/"]

[[source]]
name = "home"
kind = "page"
url = "https://other.example/start"
max_depth = 1
"""


def test_settings_table_matches_dataclass_and_is_documented():
    assert [s.name for s in SETTINGS] == [f.name for f in fields(CrawlSettings)]
    defaults = CrawlSettings()
    for s in SETTINGS:
        assert s.help.strip(), f"{s.name} has no help"
        assert getattr(defaults, s.name) == s.default
        assert isinstance(s.default, s.type)
        assert f"| {s.name} |" in settings_doc()
    assert all(text.strip() for text in SOURCE_KEYS.values())


def test_loads_sources_with_defaults_and_relative_urls(write_sources):
    cfg = load_config(write_sources(GOOD))
    assert cfg.crawl.concurrency == 4
    assert cfg.crawl.per_host_delay == 0.5
    assert cfg.crawl.allow_private is True
    assert cfg.crawl.timeout == 15.0  # default
    assert [s.name for s in cfg.sources] == ["en-feed", "home"]
    feed, home = cfg.sources
    assert feed.url == "http://news.example/en/feed.xml"
    assert feed.max_depth == 2 and feed.lang == "en"
    assert home.url == "https://other.example/start" and home.max_depth == 1


def test_base_url_argument_overrides_the_file(write_sources):
    cfg = load_config(write_sources(GOOD), base_url="http://127.0.0.1:9999/")
    assert cfg.sources[0].url == "http://127.0.0.1:9999/en/feed.xml"
    assert cfg.crawl.base_url == "http://127.0.0.1:9999/"


def test_integer_accepted_for_float_setting(write_sources):
    cfg = load_config(write_sources("[crawl]\ntimeout = 3\n"))
    assert cfg.crawl.timeout == 3.0 and isinstance(cfg.crawl.timeout, float)


def test_source_filters():
    src = Source("s", "page", "http://a.example/", include=["/en/"], exclude=["/tag/"])
    assert src.filter_reason("http://a.example/en/x.html") is None
    assert src.filter_reason("http://a.example/it/x.html") == "include"
    assert src.filter_reason("http://a.example/en/tag/x") == "exclude"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[crawl\n", "invalid TOML"),
        ("[crawl]\ntimeot = 3\n", ":2: unknown [crawl] key 'timeot'"),
        ("[crawl]\nconcurrency = \"8\"\n", ":2: [crawl] concurrency must be int"),
        ("[crawl]\nallow_private = 1\n", "allow_private must be bool"),
        ("[crawl]\nper_host_delay = -1\n", "must not be negative"),
        ("[crawl]\nconcurrency = 0\n", "concurrency must be at least 1"),
        ("[crawls]\n", "unknown top-level key 'crawls'"),
        ('[[source]]\nname = "a"\nkind = "rss"\nurl = "http://x.example/"\n',
         ":2: source 'a': kind 'rss' is not one of feed, sitemap, page"),
        ('[[source]]\nname = "a"\nkind = "feed"\nurl = "http://x.example/"\nfoo = 1\n',
         "source 'a': unknown key 'foo'"),
        ('[[source]]\nkind = "feed"\nurl = "http://x.example/"\n', "name is required"),
        ('[[source]]\nname = "a"\nkind = "feed"\n', "source 'a': url is required"),
        ('[[source]]\nname = "a"\nkind = "feed"\nurl = "feed.xml"\n',
         "is not an absolute URL (relative URL: set [crawl] base_url or pass --base-url)"),
        ('[[source]]\nname = "a"\nkind = "feed"\nurl = "ftp://x.example/f"\n',
         "only http and https"),
        ('[[source]]\nname = "a"\nkind = "feed"\nurl = "http:///f"\n', "has no host"),
        ('[[source]]\nname = "a"\nkind = "feed"\nurl = "http://x.example/"\ninclude = ["("]\n',
         "include: bad regular expression '('"),
        ('[[source]]\nname = "a"\nkind = "page"\nurl = "http://x.example/"\nmax_depth = -1\n',
         "max_depth must be a non-negative integer"),
        ('[[source]]\nname = "a"\nkind = "feed"\nurl = "http://x.example/"\n\n'
         '[[source]]\nname = "a"\nkind = "feed"\nurl = "http://y.example/"\n',
         ":7: duplicate source name 'a'"),
        ("[crawl]\nbase_url = \"nothing\"\n", "base_url: 'nothing' is not an absolute URL"),
    ],
)
def test_bad_files_give_one_clear_error(write_sources, text, message):
    path = write_sources(text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(str(path))
    assert message in str(info.value)


def test_invalid_toml_names_the_line(write_sources):
    path = write_sources('[crawl]\nconcurrency = 8\nuser_agent = "x\n')
    with pytest.raises(ConfigError, match=r"line 3"):
        load_config(path)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="no such sources file"):
        load_config(tmp_path / "nope.toml")


def test_unknown_source_name(write_sources):
    cfg = load_config(write_sources(GOOD))
    with pytest.raises(ConfigError, match="no source named 'x' .*en-feed, home"):
        cfg.source("x")


def test_bundled_demo_sources_load():
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "corpora" / "site" / "sources.toml"
    cfg = load_config(path, base_url="http://127.0.0.1:8765/")
    assert cfg.sources and all(s.url.startswith("http://127.0.0.1:8765/") for s in cfg.sources)
