"""Files for reports: the network as SVG, PNG, one self-contained HTML file, or JSON.

The HTML file inlines its picture, style, script and data (no network needed to open it);
PNG is the same SVG rasterised by resvg (a Rust renderer shipped as a wheel).
"""

from __future__ import annotations

import datetime as dt
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from pipeline import __version__
from pipeline.graph.draw import FONT, OFFLINE, Urls, draw_network
from pipeline.graph.model import Graph

FORMATS = ("svg", "png", "html", "json")
_HERE = files("pipeline.graph")


def asset(name: str) -> str:
    """A file of pipeline/graph/static/ (script or style shared with the Datasette pages)."""
    return (_HERE / "static" / name).read_text(encoding="utf-8")


def page_data(graph: Graph, fact_url: str | None = None,
              evidence_url: str | None = None) -> dict[str, Any]:
    """What the page script needs beyond the SVG: each payment's evidence sentences."""
    return {"payments": {str(p.fact_id): {"reports": [vars(r) for r in p.reports]}
                         for p in graph.payments},
            "urls": {"fact": fact_url, "evidence": evidence_url}}


def script_json(data: Any) -> Markup:
    """JSON safe inside <script type="application/json"> (no `</script>` can close it)."""
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return Markup(f'<script type="application/json" id="nf-data">{text}</script>')


def fragment(svg: str, data: dict[str, Any]) -> Markup:
    """The picture, its data and the detail panel, as HTML to place in a page."""
    return Markup(f'<div class="nf-figure">{svg}</div>'
                  '<aside id="nf-panel" hidden aria-live="polite"></aside>') + script_json(data)


def summary(graph: Graph) -> str:
    companies, payments = sum(c.in_payments for c in graph.companies), len(graph.payments)
    text = (f"{companies} compan{'y' if companies == 1 else 'ies'}, "
            f"{payments} payment{'' if payments == 1 else 's'}")
    if graph.matched:
        text += f" (the largest of {graph.matched:,} that match; filter to see others)"
    return text + (f" ({graph.filter.describe()})" if graph.filter.active() else "")


def standalone_html(graph: Graph, urls: Urls = OFFLINE) -> str:
    """One HTML file holding everything: share it, open it offline."""
    env = jinja2.Environment(autoescape=True, keep_trailing_newline=True)
    template = env.from_string((_HERE / "templates" / "standalone.html").read_text("utf-8"))
    return template.render(
        title="Who pays whom", version=__version__, font=FONT, summary=summary(graph),
        made=dt.date.today().isoformat(), css=Markup(asset("network.css")),
        js=Markup(asset("network.js")),
        fragment=fragment(draw_network(graph, urls), page_data(graph)))


def render(graph: Graph, fmt: str) -> bytes:
    """The graph in `fmt` (one of FORMATS)."""
    if fmt == "json":
        return (json.dumps(graph.to_dict(), ensure_ascii=False, indent=2) + "\n").encode()
    if fmt == "html":
        return standalone_html(graph).encode()
    svg = draw_network(graph)
    if fmt == "svg":
        return ('<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n").encode()
    if fmt == "png":
        import resvg_py

        return bytes(resvg_py.svg_to_bytes(svg_string=svg, background="#ffffff", zoom=2))
    raise ValueError(f"unknown format {fmt!r}")


def write(graph: Graph, fmt: str, path: str | Path) -> Path:
    """Write the graph to `path` atomically (a half-written picture never replaces one)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(render(graph, fmt))
    tmp.replace(path)
    return path
