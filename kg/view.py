"""Stage 6: the interactive HTML view of a network (``exports/graph.html``).

:func:`render_html` lays a network of :mod:`kg.network` out and returns one
self-contained page for vis-network (the copy that the pyvis package ships, read from its
folder without importing pyvis, whose import pulls in IPython): the library and every
style are inlined, nothing is fetched, and all text from the data reaches the page as JSON
that the page's script puts into the DOM as text, never as markup.
"""

from pathlib import Path

from .network import KINDS
from .resources import asset_path, render_template, script_json

__all__ = ["render_html"]


# The first screen: terms in columns of boxes, grouped by category, in world units that
# vis-network fits to the window (a 1400x900 window shows them at about 0.8: 12 px text).
_CELL_WIDTH, _CELL_HEIGHT, _ROWS, _LABEL_CHARACTERS = 300, 30, 32, 32
_PALETTE = ("#1f5fa8", "#2a7f62", "#8e3b8a", "#b0501b", "#5b6b1e", "#1b7a8c", "#a33a4f",
            "#4a4fa8", "#6d5a2e", "#2f6b3a", "#7a3b1b", "#3b5b7a", "#8a2f6b", "#505050")


def layout(graph) -> dict:
    """Positions of the nodes: the terms on a grid, a category after the other (each
    category's terms in the order of their is-a, variant and successor chains, then by
    name); every other node near its first neighbour that has a place, on a small spiral."""
    import math
    terms = sorted((n for n, kind in graph.nodes(data="kind") if kind == "term"),
                   key=lambda n: (_category(graph, n), _depth(graph, n), n.casefold()))
    rows = max(1, min(_ROWS, math.ceil(len(terms) / 5)))  # five columns, or more
    positions = {node: ((index // rows) * _CELL_WIDTH, (index % rows) * _CELL_HEIGHT)
                 for index, node in enumerate(terms)}
    undirected = graph.to_undirected(as_view=True)
    for placed, node in enumerate(sorted((n for n in graph if n not in positions),
                                         key=lambda n: (-undirected.degree(n), n))):
        anchor = next((n for n in sorted(undirected[node]) if n in positions), None)
        x, y = positions[anchor] if anchor is not None else (0.0, 0.0)
        angle, radius = placed * 2.399963, 40 + 6 * (placed % 9)  # the golden angle
        positions[node] = (x + radius * math.cos(angle), y + radius * math.sin(angle))
    return positions


def _category(graph, node) -> str:
    return graph.nodes[node]["details"].get("category") or "~"


def _depth(graph, node) -> int:
    """How many is-a, variant-of and successor-of links lead up from ``node``."""
    chain = {"is a", "variant of", "successor of"}
    depth, seen = 0, {node}
    while True:
        parents = sorted(v for _u, v, label in graph.out_edges(node, data="label")
                         if label in chain and v not in seen)
        if not parents:
            return depth
        node, depth = parents[0], depth + 1
        seen.add(node)


def _names(graph, store) -> list:
    """The matcher's names of the nodes of ``graph`` (kg.search.NameIndex of ``store``), as
    [node, field rank, normalized name, links, order of its label] for the page's search."""
    from .search import FIELD_ORDER, NameIndex
    if store is None:
        return []
    index = NameIndex.from_store(store, things=list(graph))
    order = {iri: rank for rank, iri in enumerate(sorted(
        index.labels, key=lambda iri: (index.labels[iri].casefold(), iri)))}
    return [[name.iri, FIELD_ORDER.index(name.field), name.key, name.links, order[name.iri]]
            for name in index.names]


def _timeline(graph, store) -> dict:
    """The rows of the named queries ``timeline`` (for the terms of ``graph``) and
    ``ilsvrc-results``, for the page's timeline."""
    from pyoxigraph import NamedNode

    from .query import bind_as_values, named_query, run_query
    if store is None:
        return {"terms": [], "ilsvrc": []}
    terms = [NamedNode(node) for node, kind in sorted(graph.nodes(data="kind")) if kind == "term"]

    def rows(text: str) -> list[dict]:
        return [{key: term.value for key, term in row.items()}
                for row in run_query(store, text).rows]

    return {"terms": rows(bind_as_values(named_query("timeline").text, {"node": terms})),
            "ilsvrc": rows(named_query("ilsvrc-results").text)}


def render_html(graph, *, store=None,
                title: str = "DLKG: the deep-learning knowledge graph") -> str:
    """The HTML page of ``graph`` (a network of :mod:`kg.network`), as a string; with the
    pyoxigraph ``store`` it was drawn from, the page also searches and has a timeline."""
    positions = layout(graph)
    degrees = dict(graph.degree())
    nodes = []
    categories = sorted({details.get("category") or "" for details in
                         (data["details"] for _node, data in graph.nodes(data=True))})
    for node, data in sorted(graph.nodes(data=True)):  # node order is not always sorted
        _type, colour, shape, legend = KINDS[data["kind"]]
        if data["kind"] == "term":  # terms coloured by category, so that the groups show
            colour = _PALETTE[categories.index(data["details"].get("category") or "")
                              % len(_PALETTE)]
        x, y = positions[node]
        term = data["kind"] == "term"
        nodes.append({
            "id": node, "kind": data["kind"], "color": colour,
            "label": _short(data["label"], _LABEL_CHARACTERS if term else 40),
            "shape": "box" if term else shape,
            "size": 8 if term else round(8 + 2 * min(degrees[node], 25) ** 0.5, 1),
            "x": round(float(x), 1), "y": round(float(y), 1),
            "title": f"{data['label']} ({data['details'].get('category') or legend})",
            "font": {"color": "#fff" if term else "#222"},
        })
    edges = [{"from": u, "to": v, "label": data["label"], "arrows": "to"} for u, v, data
             in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["label"]))]
    details = {node: data["details"] | {"label": data["label"]}
               for node, data in graph.nodes(data=True)}
    vis_dir = _vis_network_folder()
    return render_template(
        "graph.html.jinja", title=title,
        vis_js=_inline_script((vis_dir / "vis-network.min.js").read_text(encoding="utf-8")),
        vis_css=(vis_dir / "vis-network.css").read_text(encoding="utf-8"),
        app_js=_inline_script(asset_path("graph.js").read_text(encoding="utf-8")),
        app_css=asset_path("graph.css").read_text(encoding="utf-8"),
        nodes_json=script_json(nodes), edges_json=script_json(edges),
        details_json=script_json(details),
        kinds_json=script_json({k: {"color": c, "shape": s, "label": lab}
                               for k, (_t, c, s, lab) in KINDS.items()}),
        names_json=script_json(_names(graph, store)),
        timeline_json=script_json(_timeline(graph, store)),
        options_json=script_json(_OPTIONS),
        node_count=len(nodes), edge_count=len(edges),
    )


def _vis_network_folder() -> Path:
    """The folder of the vis-network files inside the installed pyvis package."""
    import importlib.util
    package = Path(importlib.util.find_spec("pyvis").origin).parent
    return package / "templates" / "lib" / "vis-9.1.2"


def _inline_script(code: str) -> str:
    """Script text that cannot close its <script> element early."""
    return code.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT")


def _short(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "\u2026"


_OPTIONS = {
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
    "edges": {"smooth": False, "font": {"size": 0, "align": "middle", "color": "#555"},
              "color": {"color": "#dde2ea", "highlight": "#333", "hover": "#555"},
              "width": 1, "arrows": {"to": {"scaleFactor": 0.4}}},
    "nodes": {"font": {"size": 16, "face": "sans-serif", "color": "#222"}, "borderWidth": 1,
              "margin": 5},
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                    "keyboard": False, "hideEdgesOnDrag": True},
}
