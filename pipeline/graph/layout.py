"""Where each company sits: a force layout per connected group, groups packed in rows.

One spring layout over a store's many unrelated pairs scatters them; laying out each
connected group alone (networkx), turning it so its long side is horizontal and payments
run left to right, then packing the groups row by row keeps the picture compact and
readable. Seeded, so the same store always gives the same picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx
import numpy as np

from pipeline.graph.model import Graph

EDGE_LENGTH = 230.0  # px between two paying companies, room for the amount between them
CHAR_WIDTH = 7.0  # px per character of a 12 px label (DejaVu Sans / Helvetica average)
GAP = 36.0  # px between packed groups
MAX_RADIUS = 30.0


@dataclass
class Placed:
    """Pixel positions of every company and the canvas size."""

    positions: dict[str, tuple[float, float]]
    width: float
    height: float


def _undirected(graph: Graph) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(sorted(c.name for c in graph.companies))
    g.add_edges_from((p.payer, p.payee) for p in graph.payments)
    g.add_edges_from((x.child, x.parent) for x in graph.links)
    return g


def _component(g: nx.Graph, graph: Graph, names: set[str]) -> dict[str, np.ndarray]:
    # A fresh graph in sorted order: a subgraph view iterates a set, whose order changes
    # from one process to the next, and so would the picture.
    sub = nx.Graph()
    sub.add_nodes_from(sorted(names))
    sub.add_edges_from(sorted(tuple(sorted(e)) for e in g.subgraph(names).edges))
    if len(sub) == 1:
        return {next(iter(sub)): np.zeros(2)}
    scale = EDGE_LENGTH / 2 * math.sqrt(len(sub) - 1)
    pos = nx.spring_layout(sub, seed=7, scale=scale, iterations=200)
    pts = np.array([pos[n] for n in sub])
    pts -= pts.mean(axis=0)
    # Turn the group so that its long axis is horizontal.
    _, vecs = np.linalg.eigh(np.cov(pts.T))
    major = vecs[:, -1]
    angle = math.atan2(major[1], major[0])
    rot = np.array([[math.cos(-angle), -math.sin(-angle)], [math.sin(-angle), math.cos(-angle)]])
    pts = pts @ rot.T
    placed = dict(zip(sub, pts, strict=True))
    # Payments run left to right where they can.
    flow = sum(placed[p.payee][0] - placed[p.payer][0] for p in graph.payments
               if p.payer in placed and p.payee in placed)
    if flow < 0:
        for v in placed.values():
            v[0] = -v[0]
    return placed


def _extent(placed: dict[str, np.ndarray], radius: dict[str, float]) -> tuple[float, ...]:
    """Bounding box (x0, y0, x1, y1) of a group with its circles and name labels."""
    xs0, ys0, xs1, ys1 = [], [], [], []
    for name, (x, y) in placed.items():
        half = max(radius[name], len(name) * CHAR_WIDTH / 2 + 4)
        xs0.append(x - half)
        xs1.append(x + half)
        ys0.append(y - radius[name] - 22)  # room above for an amount label
        ys1.append(y + radius[name] + 20)  # the name below the circle
    return min(xs0), min(ys0), max(xs1), max(ys1)


def layout(graph: Graph, radius: dict[str, float], max_width: float = 1100.0) -> Placed:
    """Pixel positions for `graph`'s companies, packed into rows at most `max_width` wide."""
    g = _undirected(graph)
    groups = sorted(nx.connected_components(g), key=lambda c: (-len(c), min(c)))
    boxes = []
    for names in groups:
        placed = _component(g, graph, names)
        boxes.append((placed, _extent(placed, radius)))
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    width = 0.0
    for placed, (x0, y0, x1, y1) in boxes:
        w, h = x1 - x0, y1 - y0
        if x > 0 and x + w > max_width:
            x, y, row_height = 0.0, y + row_height + GAP, 0.0
        for name, (px, py) in placed.items():
            positions[name] = (float(GAP + x + px - x0), float(GAP + y + py - y0))
        x += w + GAP
        row_height = max(row_height, h)
        width = max(width, x)
    height = y + row_height + 2 * GAP if boxes else 0.0
    return Placed(positions, width + GAP, height)
