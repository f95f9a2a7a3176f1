"""The payment network as SVG: circles sized by money, arrows payer -> payee, tooltips.

Built with ElementTree so every name and sentence is escaped. The same SVG is the
`--format svg` file, the picture inside the HTML file and the network page: each arrow and
circle carries its tooltip as an SVG <title> (shown on hover in any browser) and data-*
attributes the page's script reads; links go to the fact and its evidence when a server
is there to answer them.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.graph.layout import CHAR_WIDTH, MAX_RADIUS, Placed, layout
from pipeline.graph.model import Company, Graph, Payment
from pipeline.money_format import APPROX, format_usd_per_year

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
PERIOD_COLOURS = {"month": "#0072B2", "quarter": "#009E73", "year": "#D55E00",
                  "total": "#E69F00", "week": "#56B4E9", "day": "#CC79A7"}
UNKNOWN_COLOUR = "#777777"
MIN_RADIUS = 9.0
PARENT_RADIUS = 7.0
PARALLEL_GAP = 46.0  # px between arrows joining the same two companies
STYLE = """
.nf-edge .nf-hit { stroke: transparent; fill: none; }
.nf-edge:hover .nf-line, .nf-edge.nf-selected .nf-line { stroke-opacity: 1; }
.nf-line { stroke-opacity: 0.8; fill: none; }
.nf-label, .nf-name { paint-order: stroke; stroke: #ffffff; stroke-width: 3px;
  stroke-linejoin: round; }
.nf-node:hover circle { stroke: #111111; }
.nf-dim { opacity: 0.15; }
"""


@dataclass
class Urls:
    """Where clicks go; None leaves that element without a link."""

    company: Callable[[str], str] | None = None
    payment: Callable[[Payment], str | None] | None = None


def web_url(url: str | None) -> str | None:
    """`url` when it is http(s): a link in the picture never runs script."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def _first_report_url(p: Payment) -> str | None:
    return next((web_url(r.url) for r in p.reports if web_url(r.url)), None)


OFFLINE = Urls(payment=_first_report_url)


def payment_tooltip(p: Payment) -> str:
    """The lines shown when pointing at an arrow."""
    lines = [f"{p.payer} → {p.payee}", p.label]
    if p.approx:
        lines.append(f"{APPROX} hedged: the reports say about / nearly / some")
    if p.usd_per_year is not None:
        lines.append(f"in US dollars: {format_usd_per_year(p.usd_per_year, p.approx)}")
    period = p.period or "unknown"
    if p.term_months:
        period += f", term {p.term_months} months"
    lines.append(f"period: {period}" + (f" · as of {p.as_of}" if p.as_of else ""))
    articles = f"{p.n_articles} article{'s' if p.n_articles != 1 else ''}"
    sites = f"{p.n_sites} site{'s' if p.n_sites != 1 else ''}"
    lines.append(f"{articles} on {sites}" + (
        f" · seen {p.first_seen}" + (f" to {p.last_seen}" if p.last_seen != p.first_seen else "")
        if p.first_seen else ""))
    if p.product:
        lines.append(f"for: {p.product}")
    if p.conflicting:
        lines.append("⚠ conflicting: another report gives a clearly different amount")
    return "\n".join(lines)


def company_tooltip(c: Company, n_payments: int) -> str:
    lines = [c.name]
    if c.in_payments:
        lines.append(f"pays {format_usd_per_year(c.paid_usd) or '$0'}, "
                     f"receives {format_usd_per_year(c.received_usd) or '$0'}")
        lines.append(f"{n_payments} payment{'s' if n_payments != 1 else ''} drawn")
    else:
        lines.append("parent company (no payments of its own drawn)")
    if c.parent:
        lines.append(f"subsidiary of {c.parent}")
    return "\n".join(lines)


def radii(graph: Graph) -> dict[str, float]:
    """Circle radius per company: area grows with USD per year paid + received."""
    top = max((c.total_usd for c in graph.companies), default=0.0) or 1.0
    return {c.name: (MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(c.total_usd / top))
            if c.in_payments else PARENT_RADIUS for c in graph.companies}


def _widths(payments: list[Payment]) -> dict[int, float]:
    values = [p.usd_per_year for p in payments if p.usd_per_year and p.usd_per_year > 0]
    if not values:
        return {p.fact_id: 1.5 for p in payments}
    lo, hi = math.log10(min(values)), math.log10(max(values))
    span = hi - lo or 1.0
    return {p.fact_id: 1.5 + 6.5 * ((math.log10(p.usd_per_year) - lo) / span)
            if p.usd_per_year and p.usd_per_year > 0 else 1.5 for p in payments}


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    el = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): _attr(v)
                                     for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = text
    return el


def _attr(v: object) -> str:
    return f"{v:.1f}" if isinstance(v, float) else str(v)


def _toward(a: tuple[float, float], b: tuple[float, float], d: float) -> tuple[float, float]:
    dx, dy = b[0] - a[0], b[1] - a[1]
    n = math.hypot(dx, dy) or 1.0
    return a[0] + dx / n * d, a[1] + dy / n * d


def _curves(graph: Graph, pos: dict[str, tuple[float, float]]) -> dict[int, tuple[float, float]]:
    """A control point per payment: straight when alone, fanned out when companies share
    several payments (or pay each other)."""
    pairs: dict[tuple[str, str], list[Payment]] = defaultdict(list)
    for p in graph.payments:
        pairs[tuple(sorted((p.payer, p.payee)))].append(p)  # type: ignore[index]
    ctrl = {}
    for (a, b), group in pairs.items():
        (ax, ay), (bx, by) = pos[a], pos[b]
        length = math.hypot(bx - ax, by - ay) or 1.0
        nx_, ny_ = -(by - ay) / length, (bx - ax) / length
        for k, p in enumerate(sorted(group, key=lambda q: q.fact_id)):
            offset = (k - (len(group) - 1) / 2) * PARALLEL_GAP
            ctrl[p.fact_id] = ((ax + bx) / 2 + nx_ * offset * 2, (ay + by) / 2 + ny_ * offset * 2)
    return ctrl


def _markers(defs: ET.Element) -> None:
    for name, colour in [*PERIOD_COLOURS.items(), ("unknown", UNKNOWN_COLOUR)]:
        m = _el(defs, "marker", id=f"nf-arrow-{name}", viewBox="0 0 10 10", refX=9, refY=5,
                markerWidth=13, markerHeight=13, markerUnits="userSpaceOnUse",
                orient="auto")
        _el(m, "path", d="M0,0 L10,5 L0,10 z", fill=colour)


def _draw_payment(parent: ET.Element, p: Payment, pos: dict[str, tuple[float, float]],
                  radius: dict[str, float], ctrl: tuple[float, float], width: float,
                  urls: Urls) -> None:
    colour_key = p.period if p.period in PERIOD_COLOURS else "unknown"
    colour = PERIOD_COLOURS.get(p.period or "", UNKNOWN_COLOUR)
    start = _toward(pos[p.payer], ctrl, radius[p.payer] + 2)
    end = _toward(pos[p.payee], ctrl, radius[p.payee] + 3)
    d = f"M{start[0]:.1f},{start[1]:.1f} Q{ctrl[0]:.1f},{ctrl[1]:.1f} {end[0]:.1f},{end[1]:.1f}"
    classes = f"nf-edge nf-payment nf-period-{colour_key}" + (" nf-conflicting" if
                                                                p.conflicting else "")
    href = urls.payment(p) if urls.payment else None
    holder = _el(parent, "a", href=href, target="_blank" if href and "://" in href else None) \
        if href else parent
    g = _el(holder, "g", class_=classes, id=f"nf-fact-{p.fact_id}", data_fact_id=p.fact_id,
            data_payer=p.payer, data_payee=p.payee, data_label=p.label)
    _el(g, "title", payment_tooltip(p))
    _el(g, "path", class_="nf-hit", d=d, stroke_width=max(width, 12.0))
    _el(g, "path", class_="nf-line", d=d, stroke=colour, stroke_width=width,
        stroke_dasharray="9 5" if p.conflicting else None,
        marker_end=f"url(#nf-arrow-{colour_key})")
    text = ("⚠ " if p.conflicting else "") + p.label
    x, y = _label_at(start, ctrl, end, len(text) * CHAR_WIDTH)
    _el(g, "text", text, class_="nf-label", x=x, y=y, text_anchor="middle", font_size=12,
        fill="#222222")


def _label_at(start: tuple[float, float], ctrl: tuple[float, float], end: tuple[float, float],
              text_width: float) -> tuple[float, float]:
    """Beside the curve's apex (t = 0.5), on its outer side (above a straight arrow), far
    enough that the text clears the line whatever the arrow's slope."""
    ax, ay = (start[0] + 2 * ctrl[0] + end[0]) / 4, (start[1] + 2 * ctrl[1] + end[1]) / 4
    chord = (end[0] - start[0], end[1] - start[1])
    n = math.hypot(*chord) or 1.0
    dx, dy = -chord[1] / n, chord[0] / n
    bulge = (ax - (start[0] + end[0]) / 2, ay - (start[1] + end[1]) / 2)
    outward = dx * bulge[0] + dy * bulge[1]
    if abs(outward) < 1 and dy > 0 or outward < -1:
        dx, dy = -dx, -dy
    return ax + dx * (5 + text_width / 2), ay + dy * 9 + 4


def _draw_company(parent: ET.Element, c: Company, xy: tuple[float, float], r: float,
                  n_payments: int, urls: Urls) -> None:
    href = urls.company(c.name) if urls.company else None
    holder = _el(parent, "a", href=href) if href else parent
    kind = "nf-company" if c.in_payments else "nf-parent"
    g = _el(holder, "g", class_=f"nf-node {kind}", data_company=c.name,
            data_paid_usd=c.paid_usd, data_received_usd=c.received_usd)
    _el(g, "title", company_tooltip(c, n_payments))
    if c.in_payments:
        _el(g, "circle", cx=xy[0], cy=xy[1], r=r, fill="#3B5B7A", stroke="#ffffff",
            stroke_width=2)
    else:
        _el(g, "circle", cx=xy[0], cy=xy[1], r=r, fill="#ffffff", stroke="#888888",
            stroke_width=2, stroke_dasharray="3 2")
    _el(g, "text", c.name, class_="nf-name", x=xy[0], y=xy[1] + r + 15, text_anchor="middle",
        font_size=12, font_weight="bold" if c.in_payments else None,
        fill="#222222" if c.in_payments else "#666666")


def _legend(svg: ET.Element, graph: Graph, y: float) -> float:
    g = _el(svg, "g", class_="nf-legend", font_size=11, fill="#444444")
    x = 36.0
    items: list[tuple[str, dict[str, object]]] = []
    for period in [p for p in PERIOD_COLOURS if any(q.period == p for q in graph.payments)]:
        items.append((f"per {period}" if period != "total" else "total",
                      {"stroke": PERIOD_COLOURS[period], "stroke_width": 3}))
    if any(p.conflicting for p in graph.payments):
        items.append(("conflicting reports", {"stroke": "#555555", "stroke_width": 2,
                                              "stroke_dasharray": "9 5"}))
    if graph.links:
        items.append(("parent — subsidiary", {"stroke": "#999999", "stroke_width": 2,
                                              "stroke_dasharray": "2 4"}))
    for text, style in items:
        _el(g, "line", x1=x, y1=y, x2=x + 26, y2=y, **style)
        _el(g, "text", text, x=x + 32, y=y + 4)
        x += 32 + len(text) * 6.5 + 22
    _el(g, "text", f"{APPROX} hedged amount · circle area: USD per year paid + received · "
        "arrow width: USD per year", x=36, y=y + 22)
    return y + 36


def _empty(note: str) -> str:
    width = max(420.0, len(note) * CHAR_WIDTH + 80)
    svg = ET.Element("svg", {"xmlns": SVG_NS, "width": f"{width:.0f}", "height": "90",
                             "viewBox": f"0 0 {width:.0f} 90", "class": "nf-graph nf-empty",
                             "font-family": FONT, "role": "img"})
    _el(svg, "title", "Who pays whom: nothing to draw")
    _el(svg, "rect", width="100%", height="100%", fill="#ffffff")
    _el(svg, "text", note[0].upper() + note[1:] + ".", class_="nf-note", x=width / 2, y=50,
        text_anchor="middle", font_size=15, fill="#444444")
    return ET.tostring(svg, encoding="unicode")


def draw_network(graph: Graph, urls: Urls = OFFLINE, max_width: float = 1100.0) -> str:
    """The network as an SVG document (a one-line note when there is nothing to draw)."""
    if not graph.payments:
        return _empty(graph.note or "no payments to draw")
    radius = radii(graph)
    placed: Placed = layout(graph, radius, max_width)
    pos = placed.positions
    legend_y = placed.height + 4
    height = legend_y + 40
    svg = ET.Element("svg", {
        "xmlns": SVG_NS, "width": f"{placed.width:.0f}", "height": f"{height:.0f}",
        "viewBox": f"0 0 {placed.width:.0f} {height:.0f}", "class": "nf-graph",
        "font-family": FONT, "role": "img",
        "data-companies": str(sum(c.in_payments for c in graph.companies)),
        "data-payments": str(len(graph.payments))})
    title = "Who pays whom" + (f" ({graph.filter.describe()})" if graph.filter.active() else "")
    _el(svg, "title", title)
    _el(svg, "desc", f"{sum(c.in_payments for c in graph.companies)} companies and "
        f"{len(graph.payments)} payments read from news articles; arrows point from payer "
        "to payee.")
    _el(svg, "style", STYLE)
    _markers(_el(svg, "defs"))
    _el(svg, "rect", width="100%", height="100%", fill="#ffffff")
    links = _el(svg, "g", class_="nf-links")
    for x in graph.links:
        (ax, ay), (bx, by) = pos[x.child], pos[x.parent]
        g = _el(links, "g", class_="nf-link nf-subsidiary", data_child=x.child,
                data_parent=x.parent)
        _el(g, "title", f"{x.child} is a subsidiary of {x.parent}")
        _el(g, "line", x1=ax, y1=ay, x2=bx, y2=by, stroke="#999999", stroke_width=2,
            stroke_dasharray="2 4", stroke_linecap="round")
    edges = _el(svg, "g", class_="nf-edges")
    ctrl, widths = _curves(graph, pos), _widths(graph.payments)
    for p in sorted(graph.payments, key=lambda q: -(q.usd_per_year or 0)):
        _draw_payment(edges, p, pos, radius, ctrl[p.fact_id], widths[p.fact_id], urls)
    nodes = _el(svg, "g", class_="nf-nodes")
    degree: dict[str, int] = defaultdict(int)
    for p in graph.payments:
        degree[p.payer] += 1
        degree[p.payee] += 1
    for c in graph.companies:
        _draw_company(nodes, c, pos[c.name], radius[c.name], degree[c.name], urls)
    _legend(svg, graph, legend_y)
    return ET.tostring(svg, encoding="unicode")
