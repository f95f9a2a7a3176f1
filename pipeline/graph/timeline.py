"""Payments over time as SVG: one lane per company pair, one dot per article that reported it.

Each dot sits at the article's date and says what that article said, so a change ("the
TikTok bill doubled") shows as a new amount further right in the same lane; a fact's
first and last report are joined by a bar; conflicting reports are drawn dashed and marked.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass

from pipeline.graph.draw import (
    FONT,
    PERIOD_COLOURS,
    SVG_NS,
    UNKNOWN_COLOUR,
    _el,
    _empty,
    web_url,
)
from pipeline.graph.model import Graph, Payment, Report

LABEL_WIDTH = 270.0  # px for "payer → payee" at the left of each lane
LANE = 58.0
TOP = 46.0
PLOT_WIDTH = 760.0
CONFLICT = "#C0392B"
CLUSTER_PX = 110.0  # dots closer than this share one label


@dataclass
class Dot:
    """One report placed on the time axis."""

    payment: Payment
    report: Report
    day: dt.date


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _dots(p: Payment) -> list[Dot]:
    out = []
    for r in p.reports:
        day = _day(r.published_at) or _day(p.first_seen)
        if day:
            out.append(Dot(p, r, day))
    if not out and _day(p.first_seen):  # a fact whose articles have no date: its first sight
        out.append(Dot(p, Report(sentence="", amount=p.amount, currency=p.currency,
                                 period=p.period, term_months=p.term_months,
                                 approx=p.approx), _day(p.first_seen)))  # type: ignore[arg-type]
    return out


def _ticks(lo: dt.date, hi: dt.date) -> list[dt.date]:
    """First days of months (or of quarters / years on long spans) between lo and hi."""
    months = (hi.year - lo.year) * 12 + hi.month - lo.month
    step = 1 if months <= 14 else 3 if months <= 40 else 12
    day = dt.date(lo.year, 1 if step == 12 else lo.month - (lo.month - 1) % step, 1)
    out = []
    while day <= hi:
        if day >= lo:
            out.append(day)
        m = day.month - 1 + step
        day = dt.date(day.year + m // 12, m % 12 + 1, 1)
    return out


def _report_tip(d: Dot) -> str:
    r = d.report
    where = " · ".join(x for x in (r.site, r.lang) if x)
    lines = [f"{d.payment.payer} → {d.payment.payee}", r.label or d.payment.label,
             d.day.isoformat() + (f" · {where}" if where else "")]
    if r.title:
        lines.append(r.title)
    if r.sentence:
        lines.append(f"“{r.sentence[:220]}{'…' if len(r.sentence) > 220 else ''}”")
    if d.payment.conflicting:
        lines.append("⚠ conflicting: another report gives a clearly different amount")
    return "\n".join(lines)


def draw_timeline(graph: Graph) -> str:
    """The timeline as an SVG document (a one-line note when there is nothing to draw)."""
    lanes: dict[tuple[str, str], list[Payment]] = defaultdict(list)
    for p in graph.payments:
        lanes[(p.payer, p.payee)].append(p)
    dots = {p.fact_id: _dots(p) for p in graph.payments}
    days = [d.day for ds in dots.values() for d in ds]
    if not days:
        return _empty(graph.note or "no dated payments to draw")
    lo, hi = min(days), max(days)
    pad = max((hi - lo).days * 0.06, 12)
    lo, hi = lo - dt.timedelta(days=pad), hi + dt.timedelta(days=pad)
    span = (hi - lo).days or 1

    def x_of(day: dt.date) -> float:
        return LABEL_WIDTH + (day - lo).days / span * PLOT_WIDTH

    order = sorted(lanes, key=lambda k: (min(d.day for p in lanes[k] for d in dots[p.fact_id]
                                             or [hi]), k))
    width = LABEL_WIDTH + PLOT_WIDTH + 40
    height = TOP + LANE * len(order) + 40
    svg = ET.Element("svg", {"xmlns": SVG_NS, "width": f"{width:.0f}",
                             "height": f"{height:.0f}", "viewBox": f"0 0 {width:.0f} {height:.0f}",
                             "class": "nf-timeline", "font-family": FONT, "role": "img",
                             "data-lanes": str(len(order)),
                             "data-reports": str(sum(len(v) for v in dots.values()))})
    _el(svg, "title", "Payments over time")
    _el(svg, "desc", "One lane per payer and payee; one dot per article, at its date.")
    _el(svg, "rect", width="100%", height="100%", fill="#ffffff")
    axis = _el(svg, "g", class_="nf-axis", font_size=11, fill="#555555")
    for tick in _ticks(lo, hi):
        x = x_of(tick)
        _el(axis, "line", x1=x, y1=TOP - 12, x2=x, y2=height - 34, stroke="#e4e4e4")
        _el(axis, "text", tick.strftime("%b %Y"), x=x, y=TOP - 18, text_anchor="middle")
    for i, key in enumerate(order):
        _lane(svg, key, lanes[key], dots, TOP + LANE * i + LANE / 2, x_of)
    _el(svg, "text", "≈ hedged amount · dot: one article, at its date · bar: first to last "
        "report of one fact · dashed, red: conflicting reports", x=LABEL_WIDTH,
        y=height - 12, font_size=11, fill="#555555")
    return ET.tostring(svg, encoding="unicode")


def _lane(svg: ET.Element, key: tuple[str, str], payments: list[Payment],
          dots: dict[int, list[Dot]], y: float, x_of: object) -> None:
    payer, payee = key
    conflicting = any(p.conflicting for p in payments)
    g = _el(svg, "g", class_="nf-lane" + (" nf-conflicting" if conflicting else ""),
            data_payer=payer, data_payee=payee)
    _el(g, "line", x1=12, y1=y + LANE / 2, x2=LABEL_WIDTH + PLOT_WIDTH, y2=y + LANE / 2,
        stroke="#f0f0f0")
    _el(g, "text", f"{payer} → {payee}", x=12, y=y + 4, font_size=12, font_weight="bold",
        fill="#222222")
    if conflicting:
        _el(g, "text", "⚠ conflicting reports", x=12, y=y + 19, font_size=11, fill=CONFLICT)
    for k, p in enumerate(sorted(payments, key=lambda q: q.fact_id)):
        colour = PERIOD_COLOURS.get(p.period or "", UNKNOWN_COLOUR)
        placed = sorted(dots[p.fact_id], key=lambda d: d.day)
        if not placed:
            continue
        xs = [x_of(d.day) for d in placed]  # type: ignore[operator]
        fact = _el(g, "g", class_="nf-fact", data_fact_id=p.fact_id)
        _el(fact, "line", x1=xs[0], y1=y, x2=xs[-1], y2=y, stroke=CONFLICT if p.conflicting
            else colour, stroke_width=4, stroke_opacity=0.5, stroke_linecap="round",
            stroke_dasharray="6 4" if p.conflicting else None)
        label_dy = -10 if k % 2 == 0 else 20  # a second fact in the lane labels below
        for d, x in zip(placed, xs, strict=True):
            href = web_url(d.report.url)
            holder = _el(fact, "a", href=href, target="_blank") if href else fact
            dot = _el(holder, "g", class_="nf-report", data_fact_id=p.fact_id,
                      data_day=d.day.isoformat(), data_label=d.report.label or p.label)
            _el(dot, "title", _report_tip(d))
            _el(dot, "circle", cx=x, cy=y, r=6, fill=colour,
                stroke=CONFLICT if p.conflicting else "#ffffff", stroke_width=2)
        for x, text in _cluster_labels(placed, xs, p):
            half = len(text) * 3.3  # half the width of 11 px text: keep it on the canvas
            x = min(max(x, LABEL_WIDTH + half), LABEL_WIDTH + PLOT_WIDTH + 34 - half)
            _el(fact, "text", text, x=x, y=y + label_dy, font_size=11, text_anchor="middle",
                fill="#222222", class_="nf-label")


def _cluster_labels(placed: list[Dot], xs: list[float], p: Payment) -> list[tuple[float, str]]:
    """One label per run of nearby dots: each distinct amount once, with how many
    articles said it (`≈$20M / month ×2 · ≈$240M / year`)."""
    out: list[tuple[float, str]] = []
    run: list[tuple[Dot, float]] = []

    def flush() -> None:
        if not run:
            return
        counts: dict[str, int] = {}
        for d, _ in run:
            label = d.report.label or p.label
            counts[label] = counts.get(label, 0) + 1
        text = " · ".join(f"{k} ×{n}" if n > 1 else k for k, n in counts.items())
        out.append(((run[0][1] + run[-1][1]) / 2, text))
        run.clear()

    for d, x in zip(placed, xs, strict=True):
        if run and x - run[-1][1] > CLUSTER_PX:
            flush()
        run.append((d, x))
    flush()
    return out
