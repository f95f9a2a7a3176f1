"""The Datasette plugin of `newsfacts serve`: the network and timeline pages, readable money.

Registered through the `datasette` entry point, so `datasette serve` of a newsfacts store
gets it too. Pages: /-/graph (who pays whom) and /-/timeline (payments over time), both
filtered by their URL (?company=&since=&min_usd=&depth=) so a view can be bookmarked.
Table cells show amounts as `≈$20M / month` (the JSON and SQL keep raw numbers), company
names link to their network, and the facts' internal `tally` column is hidden.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from pipeline.exceptions import InputError
from pipeline.graph.draw import Urls, draw_network
from pipeline.graph.export import asset, fragment, page_data, summary
from pipeline.graph.model import Graph, GraphFilter, load_graph
from pipeline.graph.timeline import draw_timeline
from pipeline.money_format import format_amount, format_usd_per_year

PLUGIN = "newsfacts"
ASSETS = ("network.js", "network.css", "store.css")
# (table or view, column) pairs that hold a canonical company name
COMPANY_COLUMNS = {
    "payer": None, "payee": None, "vendor": "vendor_revenue", "company": None,
    "parent": "subsidiaries", "from_company": "revenue_shares", "name": "companies",
}
# the yearly US dollar columns of the views
USD_COLUMNS = ("amount_usd_per_year", "usd_per_year", "total_usd_per_year",
               "other_amount_usd_per_year")
STORE_CSS = """/* newsfacts: the facts' internal tally (JSON counts) is not for reading */
body.table-facts .col-tally, body.row.table-facts .col-tally { display: none; }
a.nf-net { font-size: 0.8em; text-decoration: none; margin-left: 0.3em; }
"""


async def _store(datasette: Any) -> Any | None:
    """The database holding the newsfacts store: named in the plugin config, else the
    first one with a `payments` view."""
    name = (datasette.plugin_config(PLUGIN) or {}).get("database")
    if name and name in datasette.databases:
        return datasette.get_database(name)
    for db in datasette.databases.values():
        if "payments" in await db.view_names():
            return db
    return None


def _is_store(datasette: Any, database: str | None) -> bool:
    name = (datasette.plugin_config(PLUGIN) or {}).get("database")
    return database is not None and (name is None or database == name)


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/-/graph(?P<ext>\.json)?$", graph_page),
            (r"^/-/timeline(?P<ext>\.json)?$", timeline_page),
            (r"^/-/newsfacts/(?P<name>[a-z]+\.(?:js|css))$", asset_file)]


@hookimpl
def menu_links(datasette: Any) -> list[dict[str, str]]:
    return [{"href": datasette.urls.path("/-/graph"), "label": "Payment network"},
            {"href": datasette.urls.path("/-/timeline"), "label": "Payment timeline"}]


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    return [datasette.urls.path("/-/newsfacts/store.css")]


async def asset_file(request: Any) -> Response:
    name = request.url_vars["name"]
    if name not in ASSETS:
        return Response.text("not found", status=404)
    body = STORE_CSS if name == "store.css" else asset(name)
    kind = "text/css" if name.endswith(".css") else "application/javascript"
    return Response(body, content_type=f"{kind}; charset=utf-8",
                    headers={"Cache-Control": "max-age=300"})


async def _load(datasette: Any, request: Any,
                max_reports: int | None) -> tuple[Any, GraphFilter, Graph | None, str | None]:
    db = await _store(datasette)
    try:
        flt = GraphFilter.from_query(request.args)
    except InputError as e:
        return db, GraphFilter(), None, str(e)
    if db is None:
        return db, flt, None, "no newsfacts store is served here"
    graph = await db.execute_fn(lambda conn: load_graph(conn, flt, max_reports))
    return db, flt, graph, None


async def _companies(db: Any) -> list[str]:
    rows = await db.execute("SELECT payer FROM payments UNION SELECT payee FROM payments "
                            "ORDER BY 1")
    return [r[0] for r in rows if r[0]]


async def _page(datasette: Any, request: Any, page: str) -> Response:
    db, flt, graph, error = await _load(datasette, request, None if page == "timeline" else 5)
    if request.url_vars.get("ext"):
        if error:
            return Response.json({"ok": False, "error": error}, status=400)
        return Response.json(graph.to_dict())  # type: ignore[union-attr]
    path = datasette.urls.path

    def company_url(name: str) -> str:
        return path("/-/graph") + "?" + urlencode(flt.query(company=name))

    svg, data = "", {"payments": {}, "urls": {}}
    if graph is not None and db is not None:
        fact_url = path(f"/{db.route}/facts/") + "{id}"
        evidence_url = path(f"/{db.route}/fact_evidence") + "?fact_id={id}"
        if page == "graph":
            svg = draw_network(graph, Urls(company=company_url, payment=lambda p:
                                           evidence_url.replace("{id}", str(p.fact_id))))
        else:
            svg = draw_timeline(graph)
        data = page_data(graph, fact_url, evidence_url)
    other = "timeline" if page == "graph" else "graph"
    context = {
        "page": page, "flt": flt, "error": error,
        "heading": "Who pays whom" if page == "graph" else "Payments over time",
        "intro": ("Companies as circles (area: US dollars per year paid and received), "
                  "payments as arrows from payer to payee. Point at an arrow for the amount "
                  "as written; click it for the sentences it was read from; click a company "
                  "for its neighbourhood." if page == "graph" else
                  "One lane per payer and payee, one dot per article at its date: a change "
                  "in what is paid shows as a new amount further right."),
        "other_url": path(f"/-/{other}") + ("?" + urlencode(flt.query(depth=None))
                                            if flt.active() else ""),
        "other_label": "See the timeline" if page == "graph" else "See the network",
        "min_usd": "" if flt.min_usd is None else f"{flt.min_usd:g}",
        "companies": await _companies(db) if db is not None else [],
        "summary": summary(graph) if graph is not None else "",
        "note": graph.note if graph is not None else None,
        "fragment": fragment(svg, data) if svg else Markup(""),
        "json_url": path(f"/-/{page}.json") + ("?" + urlencode(flt.query()) if flt.active()
                                                else ""),
        "payments_url": path(f"/{db.route}/payments") if db is not None else path("/"),
        "asset_url": path("/-/newsfacts/"),
    }
    html = await datasette.render_template("newsfacts_graph.html", context, request=request)
    return Response.html(html, status=400 if error and db is not None else 200)


async def graph_page(datasette: Any, request: Any) -> Response:
    return await _page(datasette, request, "graph")


async def timeline_page(datasette: Any, request: Any) -> Response:
    return await _page(datasette, request, "timeline")


def _value(row: Any, key: str) -> Any:
    try:
        return row[key]
    except (IndexError, KeyError):
        return None


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str,
                datasette: Any) -> Markup | None:
    """Readable money and company links in the store's tables (HTML only)."""
    if not _is_store(datasette, database) or value is None:
        return None
    if column in ("amount", "other_amount") and isinstance(value, int | float):
        prefix = "other_" if column == "other_amount" else ""
        currency = _value(row, f"{prefix}currency")
        if currency is None:
            return None
        text = format_amount(value, currency, _value(row, f"{prefix}period"),
                             _value(row, f"{prefix}term_months"), _value(row, "approx") or 0)
        return Markup(f'<span title="{escape(repr(value))} {escape(currency)}">'
                      f"{escape(text)}</span>")
    if column in USD_COLUMNS and isinstance(value, int | float):
        return Markup(f'<span title="{escape(repr(value))} USD per year">'
                      f"{escape(format_usd_per_year(value))}</span>")
    if column in COMPANY_COLUMNS and isinstance(value, str) and table in (
            COMPANY_COLUMNS[column], *_COMPANY_TABLES.get(column, ())):
        href = datasette.urls.path("/-/graph") + "?" + urlencode({"company": value})
        return Markup(f'{escape(value)} <a class="nf-net" href="{escape(href)}" '
                      f'title="{escape(value)} in the payment network">⇄</a>')
    return None


# tables whose payer / payee / company columns hold canonical names (not evidence's words)
_COMPANY_TABLES = {
    "payer": ("payments", "facts", "recent_facts", "conflicts", "fact_evidence"),
    "payee": ("payments", "facts", "recent_facts", "conflicts", "fact_evidence"),
    "company": ("company_spend", "subsidiaries", "revenue_shares"),
}


def plugin_metadata(db_name: str) -> dict[str, Any]:
    """The plugin's part of the served metadata: which database is the store."""
    return {PLUGIN: {"database": db_name}}

